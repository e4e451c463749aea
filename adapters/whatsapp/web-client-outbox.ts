/**
 * The outbox of the whatsapp-web.js transport: only the leader holds the browser, so every instance
 * appends what it wants sent here, and the leader alone takes entries out, in order, and sends them.
 *
 * Redis: one Stream per WhatsApp account, `{prefix}whatsapp-web:{<clientId>}:outbox`, read through the
 * consumer group 'leader'. An entry is acknowledged and deleted only after WhatsApp took the message,
 * so one read by a leader that died before sending stays pending, and the next leader claims it
 * (`XAUTOCLAIM` after `claimIdleMs`, longer than a leader needs to notice it lost the lock, so two
 * leaders never send the same entry). Delivery is at least once: a leader that dies between sending and
 * acknowledging leaves the entry for the next, which sends it again. Memory: an in-process queue.
 */
import { randomUUID } from 'node:crypto';
import { duplicateClient, type RedisClient } from '../../infra/redis.js';
import type { OutgoingWebMedia, OutgoingWebMessage } from './web-client-types.js';

const MEDIA_KINDS = new Set(['image', 'audio', 'video', 'document']);

/** The media field of a stream entry, or undefined when absent or not one we wrote. */
function parseMedia(raw: string | undefined): OutgoingWebMedia | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<OutgoingWebMedia>;
    if (typeof value.mediaId !== 'string' || typeof value.contentType !== 'string' || !MEDIA_KINDS.has(String(value.kind))) return undefined;
    return { mediaId: value.mediaId, kind: value.kind!, contentType: value.contentType, ...(typeof value.name === 'string' ? { name: value.name } : {}) };
  } catch {
    return undefined;
  }
}

/** What the leader does with each entry; `onFailure` hears of entries dropped after `maxAttempts`. */
export interface ConsumeOptions {
  /** This instance's name in the consumer group. */
  consumer: string;
  deliver: (message: OutgoingWebMessage) => Promise<void>;
  signal: AbortSignal;
  /** Attempts per entry before it is dropped and reported (default 3). */
  maxAttempts?: number;
  /** Wait after a failed attempt (default 1000 ms), so a reconnecting browser is not hammered. */
  retryDelayMs?: number;
  onFailure?: (message: OutgoingWebMessage, error: unknown) => void;
}

/** Messages waiting for the leader. */
export interface WebOutbox {
  /** Queues a message; resolves its entry id once it is stored. */
  append(message: OutgoingWebMessage): Promise<string>;
  /** Delivers entries one at a time, oldest first, until `signal` aborts; resolves after the last one. */
  consume(options: ConsumeOptions): Promise<void>;
  /** Entries not yet delivered (pending ones included). */
  backlog(): Promise<number>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

/** Runs `deliver` with retries; true when delivered, false when given up (reported) or aborted. */
async function deliverWithRetries(message: OutgoingWebMessage, options: ConsumeOptions): Promise<'delivered' | 'dropped' | 'aborted'> {
  const { deliver, signal, maxAttempts = 3, retryDelayMs = 1000, onFailure } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      await deliver(message);
      return 'delivered';
    } catch (error) {
      if (attempt >= maxAttempts) {
        onFailure?.(message, error);
        return 'dropped';
      }
      await sleep(retryDelayMs * attempt, signal);
      if (signal.aborted) return 'aborted';
    }
  }
}

/** An in-process outbox (one instance only). */
export function createMemoryOutbox(): WebOutbox {
  const queue: { id: string; message: OutgoingWebMessage }[] = [];
  const wakers = new Set<() => void>();
  return {
    async append(message) {
      const id = randomUUID();
      queue.push({ id, message: { ...message } });
      for (const wake of [...wakers]) wake();
      return id;
    },
    async consume(options) {
      const { signal } = options;
      while (!signal.aborted) {
        const head = queue[0];
        if (!head) {
          await new Promise<void>((resolve) => {
            const wake = () => {
              wakers.delete(wake);
              signal.removeEventListener('abort', wake);
              resolve();
            };
            wakers.add(wake);
            signal.addEventListener('abort', wake, { once: true });
          });
          continue;
        }
        // The entry leaves the queue only once handled, so `backlog` counts it while it is being sent.
        const outcome = await deliverWithRetries(head.message, options);
        if (outcome !== 'aborted') queue.shift();
      }
    },
    async backlog() {
      return queue.length;
    },
  };
}

type StreamEntry = [id: string, fields: string[]];
const GROUP = 'leader';

/** An outbox on a Redis Stream, shared by every instance serving the same WhatsApp account. */
export function createRedisOutbox({
  redis,
  keyPrefix = 'baton:',
  clientId,
  claimIdleMs = 30_000,
  blockMs = 500,
  maxLength = 100_000,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  clientId: string;
  /** How long an entry read by another consumer stays theirs before this leader claims it. */
  claimIdleMs?: number;
  /** How long one read waits for new entries; the stop signal is checked between reads. */
  blockMs?: number;
  /** Approximate cap of the stream; only an outbox without a leader for days reaches it. */
  maxLength?: number;
}): WebOutbox {
  const key = `${keyPrefix}whatsapp-web:{${clientId}}:outbox`;
  const toMessage = (fields: string[]): OutgoingWebMessage => {
    const map = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i], fields[i + 1]);
    const media = parseMedia(map.get('media'));
    return { chatId: map.get('chatId') ?? '', text: map.get('text') ?? '', ...(media ? { media } : {}) };
  };
  async function ensureGroup(connection: RedisClient): Promise<void> {
    // From id 0: entries appended before any leader ever ran are delivered too.
    await connection.xgroup('CREATE', key, GROUP, '0', 'MKSTREAM').catch((error: Error) => {
      if (!/BUSYGROUP/.test(error.message)) throw error;
    });
  }
  return {
    async append({ chatId, text, media }) {
      // A file is named by its media id; the leader reads the bytes from the media store when it sends.
      const fields = media ? ['chatId', chatId, 'text', text, 'media', JSON.stringify(media)] : ['chatId', chatId, 'text', text];
      return (await redis.xadd(key, 'MAXLEN', '~', String(maxLength), '*', ...fields)) as string;
    },
    async consume(options) {
      const { consumer, signal } = options;
      // Blocking reads hold their connection; a copy keeps the shared one free for every other store.
      const reader = duplicateClient(redis);
      try {
        await ensureGroup(reader);
        while (!signal.aborted) {
          // Our own unacknowledged entries first (a retry after a failure), then ones a dead leader left,
          // then new ones: this keeps the order in which instances appended.
          const own = (await reader.xreadgroup('GROUP', GROUP, consumer, 'COUNT', 1, 'STREAMS', key, '0')) as [string, StreamEntry[]][] | null;
          let entry: StreamEntry | undefined = own?.[0]?.[1]?.[0];
          if (!entry) {
            const claimed = (await reader.xautoclaim(key, GROUP, consumer, claimIdleMs, '0', 'COUNT', 1)) as [string, StreamEntry[]];
            entry = claimed[1]?.[0];
          }
          if (!entry) {
            const fresh = (await reader.xreadgroup('GROUP', GROUP, consumer, 'COUNT', 1, 'BLOCK', blockMs, 'STREAMS', key, '>')) as
              | [string, StreamEntry[]][]
              | null;
            entry = fresh?.[0]?.[1]?.[0];
          }
          if (!entry) continue;
          const [id, fields] = entry;
          const outcome = await deliverWithRetries(toMessage(fields), options);
          if (outcome === 'aborted') break;
          await reader.multi().xack(key, GROUP, id).xdel(key, id).exec();
        }
      } finally {
        reader.disconnect();
      }
    },
    async backlog() {
      // Delivered entries are deleted, so what is left is what waits (unread or pending).
      return redis.xlen(key);
    },
  };
}
