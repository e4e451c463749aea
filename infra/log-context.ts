/**
 * Ids every log line carries without each call passing them: the HTTP request id and, inside a turn,
 * the conversation and channel. Kept in an AsyncLocalStorage, so they follow the work through awaits
 * (a turn started by a request keeps its request id), and read by the logger's mixin.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** The fields added to every log line written inside the context. */
export type LogFields = Readonly<Record<string, string>>;

const storage = new AsyncLocalStorage<LogFields>();

/** Runs `work` with `fields` added to the current context's (inner values win). */
export function withLogFields<T>(fields: LogFields, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, work);
}

/** The fields of the current context; empty outside any. */
export function logFields(): LogFields {
  return storage.getStore() ?? {};
}
