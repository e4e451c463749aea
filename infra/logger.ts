/**
 * Structured JSON logs (pino). One root logger; modules take children with a `module` field,
 * every line written during a request or a turn carries its `requestId`, `conversationId` and `channel`. Card numbers, phones, e-mails and addresses are masked in every line.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { piiLoggerOptions } from '../handoff/privacy/index.js';
import { logFields } from './log-context.js';

export type { Logger };

/** Creates the root logger. `level: 'silent'` for tests. */
export function createLogger({ level = 'info', name = 'baton', destination }: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  // The mixin adds the request and conversation ids of the work in progress (infra/log-context.ts).
  const options = { name, level, base: { pid: process.pid }, mixin: () => ({ ...logFields() }), ...piiLoggerOptions };
  return destination ? pino(options, destination) : pino(options);
}
