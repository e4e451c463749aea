/**
 * One bot per `REDIS_KEY_PREFIX` on a Redis. Most stores key by conversation under the prefix alone
 * (conversation state is `<prefix>state:{telegram/conversations/<chat id>}`, the same for one customer
 * of two Telegram bots), so two bots sharing a prefix would read each other's state, dedupe each other's
 * updates and run each other's deliveries. The first bot to start on a prefix writes its id there; a
 * bot with another id refuses to start instead of mixing data.
 */
import { ConfigError } from './errors.js';
import type { RedisClient } from './redis.js';

/** The key holding the id of the bot that owns a prefix. */
export const prefixOwnerKey = (keyPrefix: string) => `${keyPrefix}bot-id`;

/**
 * Records `botId` as the owner of `keyPrefix` (kept, without expiry), or checks it already is.
 * @throws ConfigError when another bot owns the prefix.
 * @example await claimKeyPrefix(redis, 'baton:', 'shop-assistant');
 */
export async function claimKeyPrefix(redis: RedisClient, keyPrefix: string, botId: string): Promise<void> {
  const key = prefixOwnerKey(keyPrefix);
  // SET NX GET: one step, so two instances of two bots starting at once cannot both think they own it.
  const owner = await redis.set(key, botId, 'NX', 'GET');
  if (owner === null || owner === botId) return;
  throw new ConfigError(
    `REDIS_KEY_PREFIX '${keyPrefix}' on this Redis belongs to the bot '${owner}', and this bot is '${botId}': two bots on one prefix would share conversation state, dedupe marks and inboxes. Give each bot its own REDIS_KEY_PREFIX (e.g. '${keyPrefix}${botId}:'), or, if this bot was renamed from '${owner}', delete the key '${key}' once the old bot is stopped.`,
  );
}
