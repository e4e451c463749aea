/**
 * Structured JSON logs (pino). One root logger; modules take children with a `module` field,
 * every line written during a request or a turn carries its `requestId`, `conversationId` and `channel`.
 * Card numbers, national IDs, phones, e-mails and addresses are masked in every line, and so is any
 * run of 16 or more digits (README, "Privacy"): the masking comes from `handoff/privacy`
 * (`piiLogMasking`) and is a required option, because `infra/` imports nothing above it.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { logFields } from './log-context.js';

export type { Logger };

/** The pino hooks that mask every line: `piiLogMasking` from handoff/privacy. */
export type LogMasking = Required<Pick<LoggerOptions, 'formatters' | 'hooks'>>;

export interface LoggerSettings {
  readonly level?: string;
  readonly name?: string;
  readonly destination?: DestinationStream;
  /** Required so no logger is ever built without the PII masking. */
  readonly masking: LogMasking;
}

/**
 * Creates the root logger. `level: 'silent'` for tests.
 * @example createLogger({ level: 'info', masking: piiLogMasking })
 */
export function createLogger({ level = 'info', name = 'baton', destination, masking }: LoggerSettings): Logger {
  // The mixin adds the request and conversation ids of the work in progress (infra/log-context.ts).
  const options = { name, level, base: { pid: process.pid }, mixin: () => ({ ...logFields() }), ...masking };
  return destination ? pino(options, destination) : pino(options);
}
