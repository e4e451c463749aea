/**
 * Which instance holds the WhatsApp Web browser. A WhatsApp account can be open in one browser session
 * at a time (a second one takes over the first), so among the instances sharing a Redis exactly one is
 * the leader: it holds `{prefix}whatsapp-web:{<clientId>}:leader` (SET NX PX with its own random token),
 * renews it every third of `ttlMs`, and steps down (stops its client) the moment a renewal fails or
 * finds another token. The others try to take the lock every `retryMs`, so a leader that stops or dies
 * is replaced within `ttlMs + retryMs`. Memory: this process is always the leader.
 */
import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../../infra/redis.js';
import { luaScript } from '../../infra/lua-script.js';
import type { Logger } from '../../infra/logger.js';

/** A lock with an owner token; every call resolves whether this owner holds it afterwards. */
export interface LeaderLock {
  /** This holder's random id, also its consumer name in the outbox group. */
  readonly owner: string;
  /** How long the lock lives without renewal; the leader renews every third of it. */
  readonly ttlMs: number;
  acquire(): Promise<boolean>;
  /** Extends the lock; false when it expired or another owner holds it. */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/** A lock that is always held: one process, no Redis. */
export function createMemoryLeaderLock(): LeaderLock {
  return { owner: `memory-${randomUUID().slice(0, 8)}`, ttlMs: 15_000, acquire: async () => true, renew: async () => true, release: async () => {} };
}

// KEYS[1] the lock; ARGV[1] the owner token; ARGV[2] ttl ms. Only the owner may extend or delete it.
const RENEW = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`);
const RELEASE = luaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`);

/** The leader lock on Redis. */
export function createRedisLeaderLock({
  redis,
  keyPrefix = 'baton:',
  clientId,
  ttlMs = 15_000,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  clientId: string;
  ttlMs?: number;
}): LeaderLock {
  const key = `${keyPrefix}whatsapp-web:{${clientId}}:leader`;
  const owner = randomUUID();
  return {
    owner,
    ttlMs,
    async acquire() {
      return (await redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK' || (await RENEW.run(redis, 1, key, owner, String(ttlMs))) === 1;
    },
    async renew() {
      return (await RENEW.run(redis, 1, key, owner, String(ttlMs))) === 1;
    },
    async release() {
      await RELEASE.run(redis, 1, key, owner);
    },
  };
}

/** What a leader runs while it leads. */
export interface Leadership {
  /**
   * Called when this instance became the leader. Resolve quickly (start long work without awaiting it):
   * the lock is not renewed until it resolves.
   */
  onElected(): Promise<void>;
  /** Called when it stops leading (lost lock, or `stop`); must stop the browser before resolving. */
  onDeposed(reason: 'lost' | 'stopped'): Promise<void>;
}

/** The election loop of one instance. */
export interface Election {
  /** True while this instance leads. */
  readonly leading: boolean;
  /** Steps down (releasing the lock, so another instance takes over at once) and stops campaigning. */
  stop(): Promise<void>;
}

/**
 * Campaigns for the lock until stopped: leads while it holds it, steps down when it loses it.
 * @example const election = campaign({ lock, leadership: { onElected: startClient, onDeposed: stopClient } });
 */
export function campaign({
  lock,
  leadership,
  retryMs = 2000,
  logger,
}: {
  lock: LeaderLock;
  leadership: Leadership;
  retryMs?: number;
  logger?: Logger;
}): Election {
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // One step at a time: a renewal never overlaps an election or a stop.
  let step: Promise<void> = Promise.resolve();

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      step = step.then(tick);
    }, ms);
    timer.unref();
  };

  async function tick(): Promise<void> {
    if (stopped) return;
    let holds = false;
    try {
      holds = leading ? await lock.renew() : await lock.acquire();
    } catch (error) {
      // Redis unreachable: a leader cannot prove it still holds the lock, so it steps down like a loser.
      logger?.warn({ err: error }, 'whatsapp-web: leader lock unreachable');
    }
    if (holds && !leading) {
      leading = true;
      logger?.info({ owner: lock.owner }, 'whatsapp-web: this instance leads; starting the browser');
      await leadership.onElected().catch((error: unknown) => logger?.error({ err: error }, 'whatsapp-web: could not start as leader'));
    } else if (!holds && leading) {
      logger?.warn({ owner: lock.owner }, 'whatsapp-web: leadership lost; stopping the browser');
      await leadership.onDeposed('lost').catch((error: unknown) => logger?.error({ err: error }, 'whatsapp-web: could not stop after losing leadership'));
      // Only now: `leading` says the browser may be open, and it is until onDeposed returned.
      leading = false;
    }
    schedule(leading ? Math.max(100, Math.floor(lock.ttlMs / 3)) : retryMs);
  }

  step = step.then(tick);
  return {
    get leading() {
      return leading;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await step;
      if (leading) {
        await leadership.onDeposed('stopped').catch((error: unknown) => logger?.error({ err: error }, 'whatsapp-web: could not stop the browser'));
        leading = false;
        await lock.release().catch((error: unknown) => logger?.warn({ err: error }, 'whatsapp-web: could not release the leader lock; it expires by itself'));
      }
    },
  };
}
