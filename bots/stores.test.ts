import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../infra/config.js';
import { connectTestRedis, testRedisUrl } from '../tests/support/redis.js';
import { createStores } from './stores.js';

const testRedis = connectTestRedis('stores');
afterAll(() => testRedis.cleanup());

describe('the Redis stores with REDIS_WAIT_REPLICAS', () => {
  it('acknowledge an inbox delivery only once a replica holds it: with none in sync (the test Redis has none), it is served from memory', async () => {
    const config = loadConfig({
      BOT_ID: 'stores-test',
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: testRedis.keyPrefix,
      REDIS_WAIT_REPLICAS: '1',
      REDIS_WAIT_TIMEOUT_MS: '50',
    });
    const stores = await createStores(config, testRedis.redis);
    const accepted = await stores.journal.accept(
      'telegram',
      { id: 'update:1', conversationId: '42', payload: '{"update_id":1}' },
      { owner: 'a', ms: 60_000 },
      60,
    );
    expect(accepted).toBe(true);
    expect(stores.degradation.degraded, 'the accept waited for a replica, found none, and fell back to memory').toBe(true);
  });
});

describe('the Redis stores', () => {
  it('keep inbox payloads with their sensitive numbers masked', async () => {
    const keyPrefix = `${testRedis.keyPrefix}masked:`;
    const stores = await createStores(loadConfig({ BOT_ID: 'stores-test', REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: keyPrefix }), testRedis.redis);
    const update = { update_id: 5, message: { message_id: 1, date: 1, chat: { id: 42, type: 'private' }, text: 'my card 4111 1111 1111 1111' } };
    await stores.journal.accept('telegram', { id: 'update:5', conversationId: '42', payload: JSON.stringify(update) }, { owner: 'a', ms: 60_000 }, 60);
    const stored = await testRedis.redis.hvals(`${keyPrefix}inbox:{telegram}:payloads`);
    expect(stored.map((payload) => JSON.parse(payload))).toEqual([{ ...update, message: { ...update.message, text: 'my card **** **** **** 1111' } }]);
  });
});
