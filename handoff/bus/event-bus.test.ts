import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryEventBus, createRedisEventBus, type EventBus } from './event-bus.js';

const testRedis = connectTestRedis('bus');
afterAll(() => testRedis.cleanup());

/** Resolves the messages once `count` have arrived, or rejects with what did arrive. */
function collect(count: number, timeoutMs = 5000) {
  const received: unknown[] = [];
  let resolve!: (value: unknown[]) => void;
  const done = new Promise<unknown[]>((r) => (resolve = r));
  const timer = setTimeout(() => resolve(received), timeoutMs);
  return {
    handler: (message: unknown) => {
      received.push(message);
      if (received.length === count) {
        clearTimeout(timer);
        resolve(received);
      }
    },
    done,
  };
}

const cases: Array<[string, () => [EventBus, EventBus]]> = [
  [
    'memory',
    () => {
      const bus = createMemoryEventBus();
      return [bus, bus];
    },
  ],
  // Two buses on two connections stand for two instances.
  [
    'redis',
    () => [
      createRedisEventBus({ redis: testRedis.duplicate(), keyPrefix: testRedis.keyPrefix }),
      createRedisEventBus({ redis: testRedis.duplicate(), keyPrefix: testRedis.keyPrefix }),
    ],
  ],
];

for (const [name, makeBuses] of cases) {
  describe(`EventBus: ${name}`, () => {
    it('delivers to every subscriber of a topic, in order, and to no other topic', async () => {
      const [instanceA, instanceB] = makeBuses();
      const first = collect(3);
      const second = collect(3);
      const other = collect(1, 300);
      await instanceB.subscribe('conversation:c1', first.handler);
      await instanceB.subscribe('conversation:c1', second.handler);
      await instanceB.subscribe('conversation:c2', other.handler);
      for (const n of [1, 2, 3]) await instanceA.publish('conversation:c1', { n, text: `message ${n}` });
      expect(await first.done).toEqual([1, 2, 3].map((n) => ({ n, text: `message ${n}` })));
      expect(await second.done).toHaveLength(3);
      expect(await other.done).toEqual([]);
      await instanceA.close();
      await instanceB.close();
    });

    it('stops delivering after unsubscribe', async () => {
      const [instanceA, instanceB] = makeBuses();
      const kept = collect(2);
      const dropped = collect(2, 300);
      await instanceB.subscribe('desk', kept.handler);
      const unsubscribe = await instanceB.subscribe('desk', dropped.handler);
      await instanceA.publish('desk', 'one');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await unsubscribe();
      await instanceA.publish('desk', 'two');
      expect(await kept.done).toEqual(['one', 'two']);
      expect(await dropped.done).toEqual(['one']);
      await instanceA.close();
      await instanceB.close();
    });
  });
}
