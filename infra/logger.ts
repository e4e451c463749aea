/**
 * Structured JSON logs (pino). One root logger; modules take children with a `module` field,
 * every line written during a request or a turn carries its `requestId`, `conversationId` and `channel`.
 * Card numbers, national IDs, phones, e-mails and addresses are masked in every line, and so is any
 * run of 16 or more digits (README, "Privacy").
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { maskSensitive, maskStrings, piiLoggerOptions } from '../handoff/privacy/index.js';
import { logFields } from './log-context.js';

export type { Logger };

// The detectors' masking, then the long-number net under it (a library's debug line quoting a
// request body is one string: the net must see it too).
const logOptions = {
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

/** Creates the root logger. `level: 'silent'` for tests. */
export function createLogger({ level = 'info', name = 'baton', destination }: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  // The mixin adds the request and conversation ids of the work in progress (infra/log-context.ts).
  const options = { name, level, base: { pid: process.pid }, mixin: () => ({ ...logFields() }), ...logOptions };
  return destination ? pino(options, destination) : pino(options);
}
