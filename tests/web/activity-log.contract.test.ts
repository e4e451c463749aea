/**
 * One contract for every ActivityLog and DedupeStore: memory and real Redis run the same tests.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConversationNotFoundError, type ActivitySet } from '../../adapters/web/index.js';
import { APPEND_KEYS_KEPT } from '../../adapters/web/activity-log.js';
import { createBackend, waitFor, type Backend } from './helpers.js';
import { activitiesWithEnvelope } from '../contracts/stores.contract.js';

describe.each(['memory', 'redis'] as const)('ActivityLog contract (%s)', (kind) => {
  let backend: Backend;
  afterEach(async () => backend?.cleanup());
  const fresh = () => {
    backend = createBackend(kind);
    return backend.makeLog();
  };

  it('keeps the first meta of a conversation and answers undefined for unknown ones', async () => {
    const log = fresh();
    expect(await log.getConversation('nope')).toBeUndefined();
    await log.createConversation('c1', { createdAt: 1, userId: 'u1' });
    await log.createConversation('c1', { createdAt: 2, userId: 'u2' });
    expect(await log.getConversation('c1')).toEqual({ createdAt: 1, userId: 'u1' });
  });

  it('assigns increasing watermarks and Direct Line ids, and reads after a watermark', async () => {
    const log = fresh();
    const w1 = await log.append('c1', { type: 'message', text: 'one', id: 'ignored' });
    const w2 = await log.append('c1', { type: 'message', text: 'two' });
    const w3 = await log.append('c1', { type: 'message', text: 'three' });
    expect([w1, w2, w3]).toEqual(['1', '2', '3']);
    const all = await log.read('c1');
    expect(all.activities.map((a) => a.text)).toEqual(['one', 'two', 'three']);
    expect(all.activities.map((a) => a.id)).toEqual(['c1|0000001', 'c1|0000002', 'c1|0000003']);
    expect(all.watermark).toBe('3');
    const after = await log.read('c1', w1);
    expect(after.activities.map((a) => a.text)).toEqual(['two', 'three']);
    const page = await log.read('c1', '', 2);
    expect(page).toMatchObject({ watermark: '2' });
    expect(page.activities).toHaveLength(2);
    expect(await log.read('c1', '3')).toEqual({ activities: [], watermark: '3' });
    expect(await log.read('other')).toEqual({ activities: [], watermark: '' });
  });

  it('gives back every field of an appended activity as JSON would, keys in order, whatever its text holds', async () => {
    const log = fresh();
    const appended = activitiesWithEnvelope('c1');
    for (const activity of appended) await log.append('c1', activity);
    const { activities } = await log.read('c1');
    expect(activities.map((a) => JSON.stringify(a))).toEqual(appended.map((a, i) => JSON.stringify({ ...a, id: `c1|000000${i + 1}` })));
  });

  it('appends onlyIfStarted to a started conversation, and refuses (appending nothing) one never started or erased', async () => {
    const log = fresh();
    await expect(log.append('never', { type: 'message', text: 'hello?' }, { onlyIfStarted: true })).rejects.toBeInstanceOf(ConversationNotFoundError);
    expect(await log.read('never')).toEqual({ activities: [], watermark: '' });
    await log.createConversation('c1', { createdAt: 1 });
    expect(await log.append('c1', { type: 'message', text: 'hi' }, { onlyIfStarted: true })).toBe('1');
    await log.delete('c1');
    await expect(log.append('c1', { type: 'message', text: 'after the erase' }, { onlyIfStarted: true })).rejects.toBeInstanceOf(ConversationNotFoundError);
    expect(await log.read('c1')).toEqual({ activities: [], watermark: '' });
  });

  it('appends an activity once per append key, answering a repeat with the first position', async () => {
    const log = fresh();
    const first = await log.append('c1', { type: 'message', text: 'reply' }, { once: 'k1' });
    await log.append('c1', { type: 'message', text: 'customer' });
    // A retry whose first attempt had gone in (its confirmation was lost) appends nothing.
    expect(await log.append('c1', { type: 'message', text: 'reply' }, { once: 'k1' })).toBe(first);
    expect(await log.append('c2', { type: 'message', text: 'reply' }, { once: 'k1' })).toBe('1');
    expect(await log.append('c1', { type: 'message', text: 'next' }, { once: 'k2' })).toBe('3');
    expect((await log.read('c1')).activities.map((a) => a.text)).toEqual(['reply', 'customer', 'next']);
    // Only the latest keys are remembered, each conversation its own.
    for (let i = 0; i < APPEND_KEYS_KEPT; i++) await log.append('c1', { type: 'message', text: `filler ${i}` }, { once: `f${i}` });
    expect(await log.append('c1', { type: 'message', text: 'reply' }, { once: 'k1' })).toBe(String(4 + APPEND_KEYS_KEPT));
    expect(await log.append('c1', { type: 'message', text: `filler ${APPEND_KEYS_KEPT - 1}` }, { once: `f${APPEND_KEYS_KEPT - 1}` })).toBe(
      String(3 + APPEND_KEYS_KEPT),
    );
    // An erased conversation forgets its keys with its activities.
    await log.delete('c1');
    expect(await log.append('c1', { type: 'message', text: 'after the erase' }, { once: 'k2' })).toBe('1');
  });

  it('erases a conversation, leaving the others', async () => {
    const log = fresh();
    await log.createConversation('gone', { createdAt: 1, userId: 'u1' });
    await log.append('gone', { type: 'message', text: 'my card is 4111 1111 1111 1111' });
    await log.append('kept', { type: 'message', text: 'stays' });
    await log.delete('gone');
    expect(await log.getConversation('gone')).toBeUndefined();
    expect(await log.read('gone')).toEqual({ activities: [], watermark: '' });
    expect((await log.read('kept')).activities.map((a) => a.text)).toEqual(['stays']);
  });

  it('remembers an erased conversation by a mark that expires, and only that one', async () => {
    const log = fresh();
    await log.createConversation('gone', { createdAt: 1 });
    expect(await log.wasErased('gone')).toBe(false);
    await log.delete('gone', 1);
    await log.delete('brief', 1);
    expect(await log.wasErased('gone')).toBe(true);
    expect(await log.wasErased('kept')).toBe(false);
    await waitFor('the erased mark to expire', async () => ((await log.wasErased('gone')) ? undefined : true), 4000);
  });

  it('keeps conversations apart', async () => {
    const log = fresh();
    await log.append('a', { type: 'message', text: 'for a' });
    await log.append('b', { type: 'message', text: 'for b' });
    expect((await log.read('a')).activities.map((x) => x.text)).toEqual(['for a']);
    expect((await log.read('b')).activities[0].id).toBe('b|0000001');
  });

  it('gives a subscriber the backlog after its watermark, then live appends, in order, once', async () => {
    const log = fresh();
    await log.append('c1', { type: 'message', text: 'old' });
    await log.append('c1', { type: 'message', text: 'seen' });
    const batches: ActivitySet[] = [];
    const stop = await log.subscribe('c1', (batch) => batches.push(batch), { afterWatermark: '1' });
    const texts = () => batches.flatMap((b) => b.activities.map((a) => a.text));
    await waitFor('the backlog', () => texts().length === 1 || undefined);
    for (const text of ['a', 'b', 'c']) await log.append('c1', { type: 'message', text });
    await waitFor('three live activities', () => texts().length === 4 || undefined);
    expect(texts()).toEqual(['seen', 'a', 'b', 'c']);
    expect(batches.at(-1)!.watermark).toBe('5');
    stop();
    await log.append('c1', { type: 'message', text: 'after stop' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(texts()).not.toContain('after stop');
  });

  it('tells subscribers of appends made through another log instance', async () => {
    fresh();
    const reader = backend.makeLog();
    const writer = backend.makeLog();
    const seen: string[] = [];
    const stop = await reader.subscribe('shared', (batch) => seen.push(...batch.activities.map((a) => a.text ?? '')));
    await writer.append('shared', { type: 'message', text: 'from elsewhere' });
    await waitFor("the other instance's append", () => seen.length === 1 || undefined);
    expect(seen).toEqual(['from elsewhere']);
    stop();
  });

  it('dedupe: the first claim wins, later ones read the recorded answer', async () => {
    fresh();
    const dedupe = backend.makeDedupe();
    expect(await dedupe.lookup('k')).toBeUndefined();
    expect(await dedupe.claim('k', 60)).toBe(true);
    expect(await dedupe.claim('k', 60)).toBe(false);
    expect(await dedupe.lookup('k')).toBe('');
    await dedupe.resolve('k', 'c|0000001', 60);
    expect(await dedupe.lookup('k')).toBe('c|0000001');
    await dedupe.release('k');
    expect(await dedupe.lookup('k')).toBeUndefined();
    expect(await dedupe.claim('k', 60)).toBe(true);
  });

  it('dedupe: releaseAll forgets every key under a prefix, and only those', async () => {
    fresh();
    const dedupe = backend.makeDedupe();
    for (const key of ['conv-a|one', 'conv-a|two', 'conv-ab|three', 'conv-b|four']) await dedupe.resolve(key, 'x', 60);
    expect(await dedupe.releaseAll('conv-a|')).toBe(2);
    expect(await dedupe.lookup('conv-a|one')).toBeUndefined();
    expect(await dedupe.lookup('conv-ab|three')).toBe('x');
    expect(await dedupe.lookup('conv-b|four')).toBe('x');
    expect(await dedupe.releaseAll('c*')).toBe(0);
  });

  it('dedupe: a claim is a lease: renewed it lives on, unrenewed it lapses and can be claimed again', async () => {
    fresh();
    const dedupe = backend.makeDedupe();
    expect(await dedupe.claim('lease', 1)).toBe(true);
    await dedupe.renew('lease', '~c|0000001', 60);
    expect(await dedupe.lookup('lease')).toBe('~c|0000001');
    expect(await dedupe.claim('other', 1)).toBe(true);
    await waitFor('the unrenewed lease to lapse', async () => ((await dedupe.lookup('other')) === undefined ? true : undefined), 3000);
    // Renewing a lapsed lease does not bring it back; a new claim wins it.
    await dedupe.renew('other', '~c|0000002', 60);
    expect(await dedupe.lookup('other')).toBeUndefined();
    expect(await dedupe.claim('other', 60)).toBe(true);
    expect(await dedupe.claim('lease', 60)).toBe(false);
  });
});
