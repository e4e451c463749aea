/**
 * What masks every log line, handed to `createLogger` by whoever builds the logger (the composition
 * root, a test): `infra/` sits under `handoff/` and so cannot import the masker itself.
 */
import { maskSensitive, maskStrings } from './at-rest.js';
import { piiLoggerOptions } from './mask-deep.js';

/**
 * The pino `formatters` and `hooks` that mask every line: the detectors' masking, then the
 * long-number net under it (a library's debug line quoting a request body is one string: the net
 * must see it too).
 * @example createLogger({ level: 'info', masking: piiLogMasking })
 */
export const piiLogMasking = {
  formatters: { log: (obj: Record<string, unknown>) => maskStrings(piiLoggerOptions.formatters.log(obj), maskSensitive) },
  hooks: {
    logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void) {
      piiLoggerOptions.hooks.logMethod.call(
        this,
        args.map((arg) => (typeof arg === 'string' ? maskSensitive(arg) : arg)),
        method,
      );
    },
  },
};
