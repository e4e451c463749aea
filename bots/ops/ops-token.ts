/**
 * The token guarding /metrics and the dashboard. ADMIN_TOKEN when set; without it (the demo) a random
 * one, made at start and printed with the dashboard's link, as the demo agent's console link is. With
 * Redis every instance shares the first one made, so a link works behind a load balancer too.
 */
import { randomBytes } from 'node:crypto';
import type { RedisClient } from '../../infra/redis.js';

export interface OpsToken {
  readonly token: string;
  /** True when the token was made at start (no ADMIN_TOKEN): it is printed, with the dashboard's link. */
  readonly generated: boolean;
}

/** Resolves the ops token (see above). */
export async function opsToken({ adminToken, redis, keyPrefix }: { adminToken?: string; redis?: RedisClient; keyPrefix: string }): Promise<OpsToken> {
  if (adminToken) return { token: adminToken, generated: false };
  let token = randomBytes(18).toString('base64url');
  if (redis) {
    const key = `${keyPrefix}demo-ops-token`;
    await redis.set(key, token, 'NX');
    token = (await redis.get(key)) ?? token;
  }
  return { token, generated: true };
}
