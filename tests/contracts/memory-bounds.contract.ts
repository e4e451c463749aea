/**
 * Contract for every memory store: it forgets what its Redis twin's keys would have expired, and holds
 * at most its cap (infra/bounded-map.ts). Run on each memory store by tests/contracts/memory-stores.test.ts
 * with an injected clock: no sleeps.
 */
import { describe, expect, it } from 'vitest';

/** One memory store seen through two calls: write an entry named `key`, and whether it is still there. */
export interface BoundedStoreProbe {
  write(key: string): Promise<void>;
  has(key: string): Promise<boolean>;
}

export interface BoundedStoreSetup {
  /** Seconds an entry lives after its last write, as its Redis twin's EXPIRE. */
  readonly ttlSeconds: number;
  /** False where the Redis twin writes with SET NX: a repeat write keeps the first expiry. Default true. */
  readonly rewriteRestartsExpiry?: boolean;
  /** Builds the store with this clock and this cap. */
  make(options: { now: () => number; maxEntries: number }): BoundedStoreProbe;
}

export function describeBoundedMemoryStore(name: string, setup: BoundedStoreSetup): void {
  describe(`bounded memory store contract: ${name}`, () => {
    const start = () => {
      const clock = { time: 1_700_000_000_000 };
      return { clock, now: () => clock.time };
    };

    it('keeps an entry until its Redis twin would expire, then forgets it', async () => {
      const { clock, now } = start();
      const store = setup.make({ now, maxEntries: 100 });
      await store.write('kept');
      clock.time += setup.ttlSeconds * 1000 - 1000;
      expect(await store.has('kept')).toBe(true);
      clock.time += 1000;
      expect(await store.has('kept')).toBe(false);
    });

    const restarts = setup.rewriteRestartsExpiry !== false;
    it(restarts ? 'restarts the expiry on each write' : 'keeps the first expiry on a repeat write, as SET NX does', async () => {
      const { clock, now } = start();
      const store = setup.make({ now, maxEntries: 100 });
      await store.write('busy');
      clock.time += (setup.ttlSeconds * 1000) / 2;
      await store.write('busy');
      clock.time += (setup.ttlSeconds * 1000) / 2 + 1000;
      expect(await store.has('busy')).toBe(restarts);
    });

    it('holds at most its cap: the least recently written go first', async () => {
      const { clock, now } = start();
      const cap = 20;
      const store = setup.make({ now, maxEntries: cap });
      for (let i = 0; i < cap * 3; i++) {
        await store.write(`key-${i}`);
        clock.time += 1;
      }
      // The newest `cap` are all there (checked newest first: a check may count as a write on some stores).
      for (let i = cap * 3 - 1; i >= cap * 2; i--) expect(await store.has(`key-${i}`), `key-${i}`).toBe(true);
      expect(await store.has('key-0')).toBe(false);
    });
  });
}
