/**
 * The transcript while Redis is unreachable: activities that cannot be written are kept in order in
 * this instance's memory and written to Redis as soon as it answers again (`flush`, called on
 * reconnect, on the next write, and on its own while a backlog is left: after a write refused because
 * no replica confirmed it in time (REDIS_WAIT_REPLICAS) the connection stayed up, so no reconnect comes,
 * and the conversation may have no next write on this instance), so an agent later reads, on any
 * instance, what the customer said during the outage.
 * Reads in the meantime see the buffered activities after what Redis returns. Bounded: past
 * `maxBuffered` activities the oldest are dropped (reported), so a long outage cannot exhaust memory.
 * An instance that dies with a full buffer loses it: the customer was answered, the record is gone.
 */
import type { Activity } from '../turn-kit.js';
import { isStoreUnavailable, StoreUnavailableError } from '../../infra/errors.js';
import type { Degradation } from '../../infra/fallback.js';
import type { TranscriptStore } from './transcript-store.js';

export interface BufferedTranscriptStore extends TranscriptStore {
  /** Writes the buffered activities to the primary store, oldest first; resolves how many are left. */
  flush(): Promise<number>;
  /** Stops the flushes a backlog schedules on its own and tries once more; resolves how many are lost. */
  close(): Promise<number>;
}

export interface BufferedTranscriptOptions {
  readonly degradation: Degradation;
  readonly maxBuffered?: number;
  /** Called with each activity dropped because the buffer was full. */
  readonly onDropped?: (activity: Activity) => void;
  /** Called with a buffered activity Redis refused for good (not an outage), which is then dropped. */
  readonly onRefused?: (activity: Activity, error: unknown) => void;
  /** First pause before a backlog is flushed again on its own (default 250 ms); it doubles up to `maxRetryMs`. */
  readonly retryMs?: number;
  /** Longest pause between two flushes of a backlog (default 5000 ms). */
  readonly maxRetryMs?: number;
}

/** Wraps the Redis `primary` transcript; see the file comment. */
export function bufferedTranscript(
  primary: TranscriptStore,
  { degradation, maxBuffered = 10_000, onDropped, onRefused, retryMs = 250, maxRetryMs = 5000 }: BufferedTranscriptOptions,
): BufferedTranscriptStore {
  const buffer: Activity[] = [];
  let flushing: Promise<number> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let pauseMs = 0;
  let closed = false;

  /** While a backlog is left, a flush is due; unref'd, so a backlog never keeps the process alive. */
  const flushLater = () => {
    if (closed || retry || buffer.length === 0) return;
    pauseMs = pauseMs === 0 ? retryMs : Math.min(pauseMs * 2, maxRetryMs);
    retry = setTimeout(() => {
      retry = undefined;
      void flush();
    }, pauseMs);
    retry.unref();
  };

  const keep = (activity: Activity) => {
    buffer.push(activity);
    if (buffer.length > maxBuffered) onDropped?.(buffer.shift()!);
  };

  /** Removes `activity` itself: while it was written an erase or the bound may have removed it, and the head is another. */
  const unbuffer = (activity: Activity) => {
    const at = buffer.indexOf(activity);
    if (at >= 0) buffer.splice(at, 1);
  };

  const flush = (): Promise<number> => {
    if (flushing) return flushing;
    let settled = false;
    const run = (async () => {
      let head: Activity | undefined;
      try {
        while (buffer.length > 0) {
          head = buffer[0]!;
          await primary.logActivity(head);
          unbuffer(head);
        }
      } catch (error) {
        // Not an outage: this one will never go in; the rest may.
        if (!isStoreUnavailable(error) && head) {
          unbuffer(head);
          onRefused?.(head, error);
        }
      } finally {
        settled = true;
        flushing = undefined;
      }
      if (buffer.length === 0) pauseMs = 0;
      else flushLater();
      return buffer.length;
    })();
    // A run with nothing to wait for (an empty buffer, as on a reconnect with nothing kept) is over already: recorded
    // as running after its end, it stayed so, and every later flush answered with its result and wrote nothing.
    if (!settled) flushing = run;
    return run;
  };

  return {
    async logActivity(activity: Activity) {
      // Behind a backlog, in line: a transcript out of order would misstate who said what first.
      if (buffer.length > 0) {
        keep(activity);
        void flush();
        return;
      }
      try {
        if (!degradation.reachable) throw new StoreUnavailableError('transcript: Redis is not connected');
        await primary.logActivity(activity);
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        degradation.fellBack('transcript', error);
        keep(activity);
        flushLater();
      }
    },
    async read(conversationId, limit) {
      const buffered = buffer.filter((activity) => activity.conversation?.id === conversationId);
      let stored: Activity[] = [];
      try {
        if (!degradation.reachable) throw new StoreUnavailableError('transcript: Redis is not connected');
        stored = await primary.read(conversationId, limit);
      } catch (error) {
        if (!isStoreUnavailable(error)) throw error;
        degradation.fellBack('transcript', error);
      }
      const all = [...stored, ...buffered];
      return limit === undefined ? all : all.slice(-limit);
    },
    async delete(conversationId) {
      for (let i = buffer.length - 1; i >= 0; i--) if (buffer[i]!.conversation?.id === conversationId) buffer.splice(i, 1);
      await primary.delete(conversationId);
    },
    flush,
    async close() {
      closed = true;
      clearTimeout(retry);
      retry = undefined;
      return flush();
    },
  };
}
