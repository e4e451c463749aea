/**
 * The review API over real HTTP (the learning router on memory stores, a clock the test holds): each
 * action's refusals are clear 400/409s with a code, accepted and dismissed misses leave the groups, a
 * withdrawal brings them back, and `listAccepted()` gives what retraining reads.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLearningRouter } from '../../bots/learning/learning-router.js';
import { SUPPORT_INTENTS } from '../../dialogs/intents.js';
import { createMemoryAcceptedStore, type AcceptedItemStore } from '../../supervision/learning/accepted-store.js';
import { MissReview } from '../../supervision/learning/miss-review.js';
import { createMemoryMissStore, type MissStore } from '../../supervision/learning/miss-store.js';
import { miss } from '../contracts/learning-stores.contract.js';

const TOKEN = 'learning-review-token-0123456789';
const NOW = Date.parse('2026-12-07T08:00:00Z');

interface Listing {
  groups: { id: string; volume: number; memberIds: string[]; examples: { id: string; text: string }[] }[];
}

describe('learning review API', () => {
  let server: ReturnType<express.Express['listen']>;
  let baseUrl = '';
  let misses: MissStore;
  let accepted: AcceptedItemStore;

  beforeEach(async () => {
    misses = createMemoryMissStore({ perDay: 100, retentionDays: 30, now: () => NOW });
    accepted = createMemoryAcceptedStore();
    review.current = new MissReview({ misses, accepted, intents: () => ['None', ...SUPPORT_INTENTS], locales: ['en', 'zh'], now: () => NOW });
    await misses.add(miss('w1', NOW - 3000, { text: 'do you offer gift wrapping?' }));
    await misses.add(miss('w2', NOW - 2000, { text: 'is gift wrapping available' }));
    await misses.add(miss('z1', NOW - 1000, { text: '有独角兽马鞍吗', locale: 'zh' }));
    await misses.add(miss('j1', NOW - 500, { text: 'tell me a joke' }));
  });
  // The router is built once; each test swaps the review it drives.
  const review: { current?: MissReview } = {};
  beforeAll(async () => {
    const app = express().use((req, res, next) => {
      const router = createLearningRouter({ review: review.current!, token: TOKEN });
      router(req, res, next);
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/learning/api`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
  };
  const groups = async (): Promise<Listing['groups']> => (await call('GET', '/groups?days=7')).body.groups;
  const groupOf = async (id: string) => (await groups()).find((group) => group.memberIds.includes(id))!;

  it('needs the admin token', async () => {
    expect((await call('GET', '/groups?days=7', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it("lists the model's intents (not 'None') and the bot's locales", async () => {
    const { body } = await call('GET', '/intents');
    expect(body.locales).toEqual(['en', 'zh']);
    expect(body.intents).toContain('delivery_options');
    expect(body.intents).not.toContain('None');
  });

  it('adds phrasings to a known intent; the group leaves the list, and comes back when withdrawn', async () => {
    const wrapping = await groupOf('w1');
    expect(wrapping.volume).toBe(2);
    expect((await call('POST', `/groups/${wrapping.id}/phrasings`, { days: 7, missIds: ['w1'], intent: 'not_an_intent' })).body.error.code).toBe(
      'unknown_intent',
    );
    const foreign = await call('POST', `/groups/${wrapping.id}/phrasings`, { days: 7, missIds: ['w1', 'j1'], intent: 'delivery_options' });
    expect([foreign.status, foreign.body.error.code]).toEqual([409, 'examples_not_in_group']);
    const done = await call('POST', `/groups/${wrapping.id}/phrasings`, { days: 7, missIds: ['w1'], intent: 'delivery_options', acceptedBy: 'Lin' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      kind: 'phrasings',
      intent: 'delivery_options',
      groupId: wrapping.id,
      acceptedBy: 'Lin',
      examples: [{ text: 'do you offer gift wrapping?', locale: 'en' }],
    });
    expect(await groupOf('w1')).toBeUndefined();
    expect(await groupOf('w2')).toBeUndefined();
    expect((await accepted.listAccepted()).map((item) => item.id)).toEqual([done.body.id]);
    // Acting on the same group again: it is gone.
    expect((await call('POST', `/groups/${wrapping.id}/dismiss`, { days: 7 })).body.error.code).toBe('group_not_found');

    expect((await call('DELETE', `/accepted/${done.body.id}`)).status).toBe(200);
    expect((await call('DELETE', `/accepted/${done.body.id}`)).status).toBe(404);
    expect((await groupOf('w1')).volume).toBe(2);
    expect(await accepted.listAccepted()).toEqual([]);
  });

  it('creates a new FAQ intent only with a new snake_case name and an answer in every language of its examples', async () => {
    const zh = await groupOf('z1');
    const create = (body: Record<string, unknown>) => call('POST', `/groups/${zh.id}/new-intent`, { days: 7, missIds: ['z1'], ...body });
    expect((await create({ intent: 'Gift Wrapping', answers: { zh: '可以' } })).body.error.code).toBe('invalid_intent_name');
    const taken = await create({ intent: 'track_order', answers: { zh: '可以' } });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'intent_exists']);
    expect((await create({ intent: 'gift_wrapping', answers: { en: 'Yes, free.' } })).body.error.code).toBe('missing_answer');
    expect((await create({ intent: 'gift_wrapping', answers: { fr: 'Oui', zh: '可以' } })).body.error.code).toBe('unknown_locale');
    expect((await create({ intent: 'gift_wrapping', answers: {} })).status).toBe(400);
    const made = await create({ intent: 'gift_wrapping', answers: { zh: '免费礼品包装。', en: 'Free gift wrapping.' } });
    expect(made.body).toMatchObject({ kind: 'new_intent', intent: 'gift_wrapping', answers: { zh: '免费礼品包装。', en: 'Free gift wrapping.' } });
    // The name now waits for retraining: another group cannot take it.
    const again = await call('POST', `/groups/${(await groupOf('w1')).id}/new-intent`, {
      days: 7,
      missIds: ['w1'],
      intent: 'gift_wrapping',
      answers: { en: 'x' },
    });
    expect(again.body.error.code).toBe('intent_exists');
  });

  it('dismisses a group', async () => {
    const jokes = await groupOf('j1');
    expect((await call('POST', `/groups/${jokes.id}/dismiss`, { days: 7 })).body).toEqual({ dismissed: 1 });
    expect(await groupOf('j1')).toBeUndefined();
    expect(await accepted.listAccepted()).toEqual([]);
  });

  it('refuses malformed, oversized and unexpected bodies with clear 400s', async () => {
    const wrapping = await groupOf('w1');
    const path = `/groups/${wrapping.id}/phrasings`;
    expect((await call('POST', path, '{not json')).body.error.code).toBe('invalid');
    const extra = await call('POST', path, { days: 7, missIds: ['w1'], intent: 'delivery_options', sneaky: true });
    expect([extra.status, extra.body.error.code]).toEqual([400, 'invalid']);
    expect((await call('POST', path, { days: 3, missIds: ['w1'], intent: 'delivery_options' })).status).toBe(400);
    expect((await call('POST', path, { days: 7, missIds: [], intent: 'delivery_options' })).status).toBe(400);
    const big = await call('POST', path, { days: 7, missIds: ['w1'], intent: 'delivery_options', acceptedBy: 'x'.repeat(20_000) });
    expect([big.status, big.body.error.code]).toEqual([413, 'too_large']);
    expect((await call('POST', '/groups/NOT-AN-ID!/dismiss', { days: 7 })).status).toBe(400);
    expect((await call('GET', '/groups?days=365')).status).toBe(400);
  });
});
