/**
 * Structured JSON logs (pino). One root logger; modules take children with a `module` field,
 * turns add `conversationId`. Card numbers, phones, e-mails and addresses are masked in every line.
 */
import { pino, type Logger } from 'pino';
import { piiLoggerOptions } from '../handoff/privacy/index.js';

export type { Logger };

/** Creates the root logger. `level: 'silent'` for tests. */
export function createLogger({ level = 'info', name = 'baton' }: { level?: string; name?: string } = {}): Logger {
  return pino({ name, level, base: { pid: process.pid }, ...piiLoggerOptions });
}
