/**
 * The Redis activity log: one Redis Stream per conversation, `<prefix>dl:{<conversationId>}`.
 * Entry ids are `<position>-0`, so the watermark is a plain integer and reading "after watermark w"
 * is `XRANGE key w-1 +`. Appends PUBLISH a notification; each instance's subscriptions then read
 * from their own cursor (see log-subscription.ts), so a missed notification never loses an activity.
 * The braces are a hash tag: the stream, its counter and its meta share one Redis Cluster slot.
 */
import type { Activity } from '../../dialogs/turn-kit.js';
import { luaScript } from '../../infra/lua-script.js';
import { duplicateClient, type RedisClient } from '../../infra/redis.js';
import {
  activityIdFor,
  APPEND_KEYS_KEPT,
  ConversationNotFoundError,
  erasedMarkOf,
  parseWatermark,
  type ActivityLog,
  type ConversationMeta,
} from './activity-log.js';
import { LogSubscription } from './log-subscription.js';
import type { ActivitySet } from './payload-types.js';

/** Options of `createRedisActivityLog`. */
export interface RedisActivityLogOptions {
  /** A connection for commands; the log duplicates it for its pub/sub subscriber and never closes it. */
  redis: RedisClient;
  /** Prepended to every key and channel, e.g. 'baton:'. */
  keyPrefix?: string;
  /** Approximate cap on entries per conversation (XADD MAXLEN ~). */
  maxLength?: number;
  /** Seconds a conversation is kept after its last activity. */
  retentionSeconds?: number;
  /** Called when a background read fails (the subscriber retries on the next notification). */
  onError?: (error: unknown) => void;
}

// Counter, XADD, trim, expiry and notify in one script, so positions are gap-free and ordered
// even with many instances appending to the same conversation at once. With ARGV[5] = '1' it first
// checks the conversation was started (its meta exists) and answers -1 without appending if not.
// With an append key (ARGV[6], `AppendOptions.once`), the last APPEND_KEYS_KEPT keys and their
// positions are kept in a sorted set (KEYS[4]): an append whose key is there returns that position
// instead of appending the activity a second time. It still writes (the set's expiry), so a WAIT
// after it also covers the entry it found.
const APPEND_SCRIPT = luaScript(`
if ARGV[5] == '1' and redis.call('EXISTS', KEYS[3]) == 0 then return -1 end
if ARGV[6] ~= '' then
  local seen = redis.call('ZSCORE', KEYS[4], ARGV[6])
  if seen then
    redis.call('EXPIRE', KEYS[4], ARGV[3])
    return tonumber(seen)
  end
end
local n = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], n .. '-0', 'a', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[3], ARGV[3])
if ARGV[6] ~= '' then
  redis.call('ZADD', KEYS[4], n, ARGV[6])
  redis.call('ZREMRANGEBYRANK', KEYS[4], 0, ${-(APPEND_KEYS_KEPT + 1)})
  redis.call('EXPIRE', KEYS[4], ARGV[3])
end
redis.call('PUBLISH', ARGV[4], n)
return n`);

/**
 * Creates an `ActivityLog` on Redis Streams; subscribers on any instance see every append.
 * @example const log = createRedisActivityLog({ redis, keyPrefix: 'baton:' });
 */
export function createRedisActivityLog({
  redis,
  keyPrefix = '',
  maxLength = 1000,
  retentionSeconds = 7 * 24 * 3600,
  onError = () => {},
}: RedisActivityLogOptions): ActivityLog {
  const streamKey = (id: string) => `${keyPrefix}dl:{${id}}`;
  const erasedKey = (id: string) => `${keyPrefix}dl:erased:{${erasedMarkOf(id)}}`;
  const channelOf = (id: string) => `${streamKey(id)}:notify`;
  const byChannel = new Map<string, Set<LogSubscription>>();
  const ready = new Map<string, Promise<unknown>>();
  let subscriber: RedisClient | undefined;

  const subscriberConnection = (): RedisClient => {
    if (subscriber) return subscriber;
    const connection = duplicateClient(redis);
    connection.on('message', (channel: string) => {
      for (const subscription of byChannel.get(channel) ?? []) subscription.poke();
    });
    // After a reconnect ioredis resubscribes, but appends made meanwhile sent no notification.
    connection.on('ready', () => {
      for (const set of byChannel.values()) for (const subscription of set) subscription.poke();
    });
    connection.on('error', onError);
    subscriber = connection;
    return connection;
  };

  const read = async (conversationId: string, afterWatermark?: string, limit = 100): Promise<ActivitySet> => {
    const after = parseWatermark(afterWatermark);
    const entries = await redis.xrange(streamKey(conversationId), `${after}-1`, '+', 'COUNT', limit);
    let watermark = afterWatermark ?? '';
    const activities = entries.map(([entryId, fields]) => {
      watermark = entryId.split('-')[0];
      const activity = JSON.parse(fields[1]) as Partial<Activity>;
      return { ...activity, id: activityIdFor(conversationId, watermark) };
    });
    return { activities, watermark };
  };

  return {
    async createConversation(conversationId, meta) {
      await redis.set(`${streamKey(conversationId)}:meta`, JSON.stringify(meta), 'EX', retentionSeconds, 'NX');
    },
    async getConversation(conversationId) {
      const raw = await redis.get(`${streamKey(conversationId)}:meta`);
      return raw ? (JSON.parse(raw) as ConversationMeta) : undefined;
    },
    async append(conversationId, activity, { onlyIfStarted = false, once = '' } = {}) {
      const key = streamKey(conversationId);
      const position = await APPEND_SCRIPT.run(
        redis,
        4,
        key,
        `${key}:seq`,
        `${key}:meta`,
        `${key}:once`,
        JSON.stringify(activity),
        maxLength,
        retentionSeconds,
        channelOf(conversationId),
        onlyIfStarted ? '1' : '0',
        once,
      );
      if (position === -1) throw new ConversationNotFoundError(conversationId);
      return String(position);
    },
    read,
    async subscribe(conversationId, listener, options = {}) {
      const channel = channelOf(conversationId);
      const subscription = new LogSubscription({
        read: (after, limit) => read(conversationId, after, limit),
        listener,
        afterWatermark: options.afterWatermark,
        onError,
      });
      let set = byChannel.get(channel);
      if (!set) {
        set = new Set();
        byChannel.set(channel, set);
        ready.set(channel, subscriberConnection().subscribe(channel));
      }
      // Subscribe before the first catch-up read, so an append between the two is not missed;
      // a second subscriber to the same channel waits for the same confirmation.
      await ready.get(channel);
      set.add(subscription);
      subscription.poke();
      return () => {
        subscription.close();
        set.delete(subscription);
        if (set.size === 0 && byChannel.get(channel) === set) {
          byChannel.delete(channel);
          ready.delete(channel);
          subscriber?.unsubscribe(channel).catch(onError);
        }
      };
    },
    async delete(conversationId, markSeconds = 86_400) {
      const key = streamKey(conversationId);
      await redis.del(key, `${key}:seq`, `${key}:meta`, `${key}:once`);
      await redis.set(erasedKey(conversationId), '1', 'EX', Math.max(1, Math.round(markSeconds)));
    },
    async wasErased(conversationId) {
      return (await redis.exists(erasedKey(conversationId))) === 1;
    },
    async close() {
      for (const set of byChannel.values()) for (const subscription of set) subscription.close();
      byChannel.clear();
      ready.clear();
      subscriber?.disconnect();
      subscriber = undefined;
    },
  };
}
