import { afterAll, describe, expect, it } from 'vitest';
import { describeHeldDraftStoreContract } from '../../tests/contracts/held-drafts.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { createMemoryHeldDraftStore, createRedisHeldDraftStore } from './held-drafts.js';

const testRedis = connectTestRedis('slack-drafts');
afterAll(() => testRedis.cleanup());
let n = 0;

describeHeldDraftStoreContract('memory', async () => createMemoryHeldDraftStore());
describeHeldDraftStoreContract('redis', async () => createRedisHeldDraftStore({ redis: testRedis.redis, keyPrefix: `${testRedis.keyPrefix}${n++}:` }));

const draft = { kind: 'flagged', id: 'C1-1.2', ticketId: 't1', agentId: 'ada', slackUser: 'U1', channel: 'C1', threadTs: '1.1', text: 'No.' } as const;

describe('held draft lifetimes', () => {
  it('memory: a draft nobody acted on expires', async () => {
    let time = 0;
    const store = createMemoryHeldDraftStore({ ttlSeconds: 60, now: () => time });
    await store.hold(draft);
    time = 59_000;
    expect(await store.read(draft.id)).toBeDefined();
    time = 60_001;
    expect(await store.take(draft.id)).toBeUndefined();
  });

  it('redis: every draft key expires, under a hash tag', async () => {
    const keyPrefix = `${testRedis.keyPrefix}ttl:`;
    const store = createRedisHeldDraftStore({ redis: testRedis.redis, keyPrefix, ttlSeconds: 600 });
    await store.hold(draft);
    const keys = await testRedis.redis.keys(`${keyPrefix}*`);
    expect(keys).toEqual([`${keyPrefix}slack:draft:{C1-1.2}`]);
    const ttl = await testRedis.redis.ttl(keys[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(600);
  });
});
