/**
 * One group, one decision: the same group accepted twice at once (a double click, a retry, two admins on two
 * instances) makes one accepted item, and a dismissal racing an acceptance leaves no item whose misses were
 * dismissed. Memory in one process, and two reviews (two instances) on one Redis store.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SUPPORT_INTENTS } from '../../dialogs/intents.js';
import { miss } from '../../tests/contracts/learning-stores.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { type AcceptedItemStore, createMemoryAcceptedStore, createRedisAcceptedStore } from './accepted-store.js';
import { groupMisses } from './group-misses.js';
import { MissReview } from './miss-review.js';
import { createMemoryMissStore, type MissStore } from './miss-store.js';
import { createRedisMissStore } from './redis-miss-store.js';

const NOW = Date.parse('2026-12-07T08:00:00Z');
const bounds = { perDay: 100, retentionDays: 30, now: () => NOW };
const reviewOf = (misses: MissStore, accepted: AcceptedItemStore) =>
  new MissReview({ misses, accepted, intents: () => SUPPORT_INTENTS, locales: ['en', 'zh'], now: () => NOW });

async function seed(misses: MissStore): Promise<void> {
  await misses.add(miss('w1', NOW - 3000, { text: 'do you offer gift wrapping?' }));
  await misses.add(miss('w2', NOW - 2000, { text: 'is gift wrapping available' }));
}

async function theGroup(review: MissReview) {
  const [group] = (await review.groups(7)).groups;
  expect(group?.memberIds).toEqual(['w1', 'w2']);
  return group!;
}

describe('MissReview under duplicates', () => {
  it('accepts a group once when the same acceptance arrives twice at once', async () => {
    const misses = createMemoryMissStore(bounds);
    const accepted = createMemoryAcceptedStore();
    await seed(misses);
    const review = reviewOf(misses, accepted);
    const group = await theGroup(review);
    const action = { groupId: group.id, days: 7, missIds: ['w1', 'w2'], intent: 'gift_wrapping', answers: { en: 'Yes, USD 3.' }, acceptedBy: 'sam' };
    const results = await Promise.all([review.createIntent(action), review.createIntent(action)]);
    expect(results.map((result) => (result.ok ? 'ok' : result.code)).sort()).toEqual(['group_not_found', 'ok']);
    expect(await accepted.listAccepted()).toHaveLength(1);
  });

  it('makes no item of misses a racing dismissal took', async () => {
    const misses = createMemoryMissStore(bounds);
    const accepted = createMemoryAcceptedStore();
    await seed(misses);
    const review = reviewOf(misses, accepted);
    const group = await theGroup(review);
    const [added, dismissed] = await Promise.all([
      review.addToIntent({ groupId: group.id, days: 7, missIds: ['w1'], intent: 'delivery_options', acceptedBy: 'sam' }),
      review.dismiss({ groupId: group.id, days: 7 }),
    ]);
    const items = await accepted.listAccepted();
    // Whichever came first took the misses; the other found the group gone or nothing left to dismiss.
    if (added.ok) expect(dismissed).toEqual({ ok: true, value: 0 });
    else expect(added.code).toBe('group_not_found');
    expect(items).toHaveLength(added.ok ? 1 : 0);
    expect((await review.groups(7)).groups).toEqual([]);
  });

  it('leaves the group on the list when the accepted items are full', async () => {
    const misses = createMemoryMissStore(bounds);
    await seed(misses);
    const review = reviewOf(misses, createMemoryAcceptedStore({ maxItems: 0 }));
    const group = await theGroup(review);
    const refused = await review.addToIntent({ groupId: group.id, days: 7, missIds: ['w1'], intent: 'delivery_options', acceptedBy: 'sam' });
    expect(refused).toMatchObject({ ok: false, code: 'store_full' });
    expect((await review.groups(7)).groups.map((listed) => listed.memberIds)).toEqual([['w1', 'w2']]);
  });

  it('groups the same misses once: the listing, then an action on it, cost one grouping', async () => {
    const misses = createMemoryMissStore(bounds);
    await seed(misses);
    await misses.add(miss('j1', NOW - 500, { text: 'tell me a joke' }));
    let runs = 0;
    const review = new MissReview({
      misses,
      accepted: createMemoryAcceptedStore(),
      intents: () => SUPPORT_INTENTS,
      locales: ['en'],
      now: () => NOW,
      group: (read) => (runs++, groupMisses(read)),
    });
    const group = await theGroup(review);
    expect(await review.groups(7)).toMatchObject({ misses: 3 });
    expect(await review.addToIntent({ groupId: group.id, days: 7, missIds: ['w1'], intent: 'delivery_options', acceptedBy: 'sam' })).toMatchObject({
      ok: true,
    });
    expect(runs).toBe(1);
    // Other misses, other groups.
    expect((await review.groups(7)).groups.map((listed) => listed.memberIds)).toEqual([['j1']]);
    expect(runs).toBe(2);
  });

  describe('on Redis, two instances', () => {
    const testRedis = connectTestRedis('miss-review');
    afterAll(() => testRedis.cleanup());

    it('accepts a group once when both instances accept it at once', async () => {
      const keyPrefix = testRedis.keyPrefix;
      const stores = () => ({
        misses: createRedisMissStore({ redis: testRedis.redis, keyPrefix, ...bounds }),
        accepted: createRedisAcceptedStore({ redis: testRedis.redis, keyPrefix }),
      });
      const one = stores();
      const two = stores();
      await seed(one.misses);
      const reviews = [reviewOf(one.misses, one.accepted), reviewOf(two.misses, two.accepted)];
      const group = await theGroup(reviews[0]!);
      const action = { groupId: group.id, days: 7, missIds: ['w2'], intent: 'delivery_options', acceptedBy: 'sam' };
      const results = await Promise.all(reviews.map((review) => review.addToIntent(action)));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(await one.accepted.listAccepted()).toHaveLength(1);
    });
  });
});
