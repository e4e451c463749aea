/**
 * The state of the WhatsApp Web session as ops see it: waiting for a leader, starting, showing a QR code
 * to scan, ready, or failed with the reason. The leader writes it; the QR page reads it on whichever
 * instance the load balancer picked, so it lives in Redis (memory for one instance).
 *
 * Redis: `{prefix}whatsapp-web:{<clientId>}:status`, JSON. A QR code expires after `qrTtlSeconds`
 * (WhatsApp replaces it every 20 seconds or so): a leader that died must not leave a dead code on the page.
 */
import type { RedisClient } from '../../infra/redis.js';

/** What the session is doing, with when it started doing it (epoch ms). */
export type WebClientStatus =
  | { state: 'starting'; at: number }
  /** `qr` is the text to encode; scanning it links the account (WhatsApp > Linked devices). */
  | { state: 'qr'; qr: string; at: number }
  | { state: 'authenticated'; at: number }
  | { state: 'ready'; at: number }
  /** The browser or WhatsApp Web could not start, or the session was refused; `error` says why and what to do. */
  | { state: 'failed'; error: string; at: number }
  | { state: 'disconnected'; reason: string; at: number };

/** The last status the leader wrote; undefined when no leader wrote one (or a QR code expired). */
export interface WebClientStatusStore {
  read(): Promise<WebClientStatus | undefined>;
  write(status: WebClientStatus): Promise<void>;
}

const DAY_SECONDS = 24 * 3600;

/** An in-process status store (one instance); `now` lets tests expire a QR code. */
export function createMemoryStatusStore({ qrTtlSeconds = 60, now = () => Date.now() } = {}): WebClientStatusStore {
  let current: { status: WebClientStatus; expiresAt: number } | undefined;
  return {
    async read() {
      return current && current.expiresAt > now() ? current.status : undefined;
    },
    async write(status) {
      current = { status, expiresAt: now() + (status.state === 'qr' ? qrTtlSeconds : DAY_SECONDS) * 1000 };
    },
  };
}

/** A status store on Redis, read by every instance. */
export function createRedisStatusStore({
  redis,
  keyPrefix = 'baton:',
  clientId,
  qrTtlSeconds = 60,
}: {
  redis: RedisClient;
  keyPrefix?: string;
  clientId: string;
  qrTtlSeconds?: number;
}): WebClientStatusStore {
  const key = `${keyPrefix}whatsapp-web:{${clientId}}:status`;
  return {
    async read() {
      const raw = await redis.get(key);
      if (raw === null) return undefined;
      try {
        return JSON.parse(raw) as WebClientStatus;
      } catch {
        return undefined;
      }
    },
    async write(status) {
      await redis.set(key, JSON.stringify(status), 'EX', status.state === 'qr' ? qrTtlSeconds : DAY_SECONDS);
    },
  };
}
