/**
 * Live pushes between Baton instances: a customer writes on instance A, the agent's console is open
 * on instance B. Fire-and-forget fan-out, like Redis pub/sub itself: a subscriber that is down misses
 * messages, so anything that must not be lost is also written to a store (tickets, the event stream,
 * transcripts) and a reconnecting desk reads it from there.
 */
import { EventEmitter } from 'node:events';
import { duplicateClient, type RedisClient } from '../../infra/redis.js';

export type BusHandler = (message: unknown) => void;

export interface EventBus {
  /** Sends `message` (JSON-serialisable) to every subscriber of `topic` on every instance. */
  publish(topic: string, message: unknown): Promise<void>;
  /** Calls `handler` for each message on `topic`; resolves once the subscription is live. */
  subscribe(topic: string, handler: BusHandler): Promise<() => Promise<void>>;
  /** Closes the bus's own connections. */
  close(): Promise<void>;
}

/** A bus inside one process. */
export function createMemoryEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(topic, message) {
      // A copy, as Redis would deliver: subscribers never share the publisher's object.
      emitter.emit(topic, structuredClone(message));
    },
    async subscribe(topic, handler) {
      emitter.on(topic, handler);
      return async () => {
        emitter.off(topic, handler);
      };
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/**
 * A bus on Redis pub/sub. Subscribing needs a connection of its own, duplicated from `redis` on first
 * use; `keyPrefix` namespaces the channels like every other key.
 */
export function createRedisEventBus({
  redis,
  keyPrefix = 'baton:',
  onError,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  onError?: (error: unknown) => void;
}): EventBus {
  const handlers = new Map<string, Set<BusHandler>>();
  let subscriber: RedisClient | undefined;
  const channel = (topic: string) => `${keyPrefix}bus:${topic}`;

  function connection(): RedisClient {
    if (subscriber) return subscriber;
    subscriber = duplicateClient(redis);
    // Without a listener ioredis prints every failed reconnect. The shared connection already reports an
    // outage (once); this one reconnects and resubscribes by itself, and pushes lost meanwhile are
    // re-read by desks from the stores, as the file comment says.
    subscriber.on('error', () => undefined);
    subscriber.on('message', (name: string, payload: string) => {
      const topic = name.slice(channel('').length);
      let message: unknown;
      try {
        message = JSON.parse(payload);
      } catch (error) {
        onError?.(error);
        return;
      }
      for (const handler of handlers.get(topic) ?? []) {
        try {
          handler(message);
        } catch (error) {
          onError?.(error);
        }
      }
    });
    return subscriber;
  }

  return {
    async publish(topic, message) {
      await redis.publish(channel(topic), JSON.stringify(message));
    },
    async subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) {
        handlers.set(topic, (set = new Set()));
        await connection().subscribe(channel(topic));
      }
      set.add(handler);
      return async () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(topic) === set) {
          handlers.delete(topic);
          await subscriber?.unsubscribe(channel(topic));
        }
      };
    },
    async close() {
      handlers.clear();
      subscriber?.disconnect();
      subscriber = undefined;
    },
  };
}
