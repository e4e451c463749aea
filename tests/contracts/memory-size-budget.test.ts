/**
 * The memory Direct Line log and transcripts keep at most `maxChars` characters of entries in all their
 * conversations together (MEMORY_MAX_STORE_CHARS), not only a count of conversations and of entries each:
 * past it the least recently written conversation goes, never one that must stay; those lose their oldest
 * entries instead, and a write that still finds no room is refused with StoreFullError.
 */
import type { Activity } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { createMemoryActivityLog } from '../../adapters/web/memory-activity-log.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { createStores } from '../../bots/stores.js';
import { StoreFullError } from '../../infra/bounded-map.js';
import { loadConfig } from '../../infra/config.js';

const LONG = 4000;
const message = (conversationId: string, role: 'user' | 'bot', tag: string): Partial<Activity> => ({
  type: 'message',
  text: `${tag}:`.padEnd(LONG, 'x'),
  conversation: { id: conversationId, name: '', isGroup: false, conversationType: '' },
  from: { id: role === 'user' ? 'customer' : 'baton-bot', name: role, role },
});
const tagsOf = (activities: Partial<Activity>[]) => activities.map((activity) => activity.text?.split(':')[0]);
const ids = (count: number) => Array.from({ length: count }, (_, i) => `c${i}`);

describe('the memory Direct Line log within its size budget', () => {
  it('keeps the most recently written conversations within the budget, the least recently written go first', async () => {
    const log = createMemoryActivityLog({ maxChars: 40_000 });
    for (const id of ids(20)) {
      await log.append(id, message(id, 'bot', id));
      if (id === 'c9') await log.append('c0', message('c0', 'bot', 'c0-again'));
    }
    const kept = [];
    let chars = 0;
    for (const id of ids(20)) {
      const { activities } = await log.read(id);
      if (activities.length) kept.push(id);
      for (const activity of activities) chars += activity.text!.length;
    }
    expect(chars).toBeLessThanOrEqual(40_000);
    expect(kept.length).toBeGreaterThan(3);
    expect(kept.length).toBeLessThan(10);
    // c0, written again after c9, went after c1..c9 but before c10 and the rest: the newest are kept.
    expect(kept).toEqual(ids(20).slice(20 - kept.length));
    expect(kept).not.toContain('c0');
    expect(tagsOf((await log.read('c19')).activities)).toEqual(['c19']);
  });

  it('keeps conversations awaiting a reply or watched by a client, whole, while idle ones can go', async () => {
    const log = createMemoryActivityLog({ maxChars: 30_000 });
    await log.append('waiting', message('waiting', 'user', 'question'));
    await log.append('watched', message('watched', 'bot', 'answer'));
    const unsubscribe = await log.subscribe('watched', () => undefined);
    for (const id of ids(20)) await log.append(id, message(id, 'bot', id));
    expect(tagsOf((await log.read('waiting')).activities)).toEqual(['question']);
    expect(tagsOf((await log.read('watched')).activities)).toEqual(['answer']);
    expect((await log.read('c0')).activities).toEqual([]);
    expect(tagsOf((await log.read('c19')).activities)).toEqual(['c19']);
    unsubscribe();
  });

  it('trims the oldest entries of conversations that must stay, each keeping its latest, watermarks unchanged', async () => {
    const log = createMemoryActivityLog({ maxChars: 20_000 });
    for (const id of ['p1', 'p2']) {
      await log.createConversation(id, { createdAt: 1, userId: 'customer' });
      await log.append(id, message(id, 'user', `${id}-old`));
      await log.append(id, message(id, 'user', `${id}-new`));
    }
    await log.append('p3', message('p3', 'user', 'p3'));
    const p1 = await log.read('p1');
    expect(tagsOf(p1.activities)).toEqual(['p1-new']);
    expect(p1.watermark).toBe('2');
    expect(tagsOf((await log.read('p2')).activities)).toEqual(['p2-old', 'p2-new']);
    expect(tagsOf((await log.read('p3')).activities)).toEqual(['p3']);
  });

  it('refuses an append with 503 store_full when every conversation must stay and is down to its latest entry', async () => {
    const log = createMemoryActivityLog({ maxChars: 20_000 });
    for (const id of ids(4)) await log.append(id, message(id, 'user', id));
    const refusal = log.append('c4', message('c4', 'user', 'c4'));
    await expect(refusal).rejects.toBeInstanceOf(StoreFullError);
    await expect(refusal).rejects.toMatchObject({ status: 503, code: 'store_full' });
    for (const id of ids(4)) expect(tagsOf((await log.read(id)).activities)).toEqual([id]);
    expect((await log.read('c4')).activities).toEqual([]);
    // Once one is answered it may go, and the refused message fits.
    await log.append('c1', message('c1', 'bot', 'c1-answer'));
    await log.append('c4', message('c4', 'user', 'c4'));
    expect((await log.read('c1')).activities).toEqual([]);
    expect(tagsOf((await log.read('c4')).activities)).toEqual(['c4']);
  });
});

describe('the memory Direct Line log refusing an append', () => {
  it('keeps the unanswered message of a conversation whose reply was refused for want of room', async () => {
    const log = createMemoryActivityLog({ maxChars: 10_000 });
    await log.append('a', message('a', 'user', 'question-a'));
    await log.append('b', message('b', 'user', 'question-b'));
    const longReply = { ...message('a', 'bot', 'answer-a'), text: 'answer-a:'.padEnd(6000, 'x') };
    await expect(log.append('a', longReply)).rejects.toBeInstanceOf(StoreFullError);
    // Refused, the reply added nothing and took nothing away: the question still waits for its answer.
    expect(tagsOf((await log.read('a')).activities)).toEqual(['question-a']);
    expect(tagsOf((await log.read('b')).activities)).toEqual(['question-b']);
  });
});

describe('the memory transcripts within their size budget', () => {
  it('keep the most recently written transcripts within the budget, the least recently written go first', async () => {
    const store = createMemoryTranscriptStore({ maxChars: 40_000 });
    for (const id of ids(20)) {
      await store.logActivity(message(id, 'user', id) as Activity);
      if (id === 'c9') await store.logActivity(message('c0', 'bot', 'c0-again') as Activity);
    }
    const kept = [];
    let chars = 0;
    for (const id of ids(20)) {
      const activities = await store.read(id);
      if (activities.length) kept.push(id);
      for (const activity of activities) chars += activity.text.length;
    }
    expect(chars).toBeLessThanOrEqual(40_000);
    expect(kept.length).toBeGreaterThan(3);
    expect(kept).toEqual(ids(20).slice(20 - kept.length));
  });

  it('trim the oldest activities of a transcript larger than the budget, keeping its latest', async () => {
    const store = createMemoryTranscriptStore({ maxChars: 20_000 });
    for (let turn = 0; turn < 10; turn++) await store.logActivity(message('long', 'user', `t${turn}`) as Activity);
    const tags = tagsOf(await store.read('long'));
    expect(tags.length).toBeGreaterThan(1);
    expect(tags.length).toBeLessThan(5);
    expect(tags).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9'].slice(10 - tags.length));
  });
});

describe('MEMORY_MAX_STORE_CHARS', () => {
  it('bounds the memory Direct Line log and transcripts the app builds without REDIS_URL', async () => {
    const stores = await createStores(loadConfig({ MEMORY_MAX_STORE_CHARS: '1000000' }), undefined);
    const all = ids(300); // 300 × 4,000 characters: past the budget of 1 M, under the count cap of 10,000
    for (const id of all) {
      await stores.activityLog.append(id, message(id, 'bot', id));
      await stores.transcript.logActivity(message(id, 'bot', id) as Activity);
    }
    const keptInLog = [];
    const keptInTranscripts = [];
    for (const id of all) {
      if ((await stores.activityLog.read(id)).activities.length) keptInLog.push(id);
      if ((await stores.transcript.read(id)).length) keptInTranscripts.push(id);
    }
    for (const kept of [keptInLog, keptInTranscripts]) {
      expect(kept.length).toBeGreaterThan(200);
      expect(kept.length).toBeLessThan(250);
      expect(kept).toEqual(all.slice(all.length - kept.length));
    }
    await stores.activityLog.close();
  });
});
