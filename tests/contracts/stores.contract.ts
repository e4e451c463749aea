/**
 * Contracts for the small engine stores (dedupe, transcript), run on memory and on Redis by
 * dialogs/state/stores.test.ts.
 */
import { claimDelivery, ownerToken, releaseDelivery, scopedDedupe } from '../../infra/dedupe-store.js';
import type { Activity } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import type { TranscriptStore } from '../../dialogs/state/transcript-store.js';

export function describeDedupeContract(name: string, makeStore: () => Promise<DedupeStore>): void {
  describe(`DedupeStore contract: ${name}`, () => {
    it('says true the first time and false for every repeat', async () => {
      const store = await makeStore();
      expect(await claimDelivery(store, 'telegram', '42')).toBe(true);
      expect(await claimDelivery(store, 'telegram', '42')).toBe(false);
      expect(await claimDelivery(store, 'whatsapp', '42')).toBe(true);
    });

    it('lets a forgotten id through again', async () => {
      const store = await makeStore();
      expect(await claimDelivery(store, 'telegram', '7')).toBe(true);
      await releaseDelivery(store, 'telegram', '7');
      expect(await claimDelivery(store, 'telegram', '7')).toBe(true);
      expect(await claimDelivery(store, 'telegram', '7')).toBe(false);
    });

    it('holds a lease: the first claim wins, later ones read the recorded value until it is released', async () => {
      const store = await makeStore();
      expect(await store.lookup('k')).toBeUndefined();
      expect(await store.claim('k', 60)).toBe(true);
      expect(await store.claim('k', 60)).toBe(false);
      expect(await store.lookup('k')).toBe('');
      await store.renew('k', 'progress', 60);
      expect(await store.lookup('k')).toBe('progress');
      await store.resolve('k', 'answer', 60);
      expect(await store.lookup('k')).toBe('answer');
      await store.release('k');
      expect(await store.claim('k', 60)).toBe(true);
    });

    it('does not renew a lease that is gone, and releases every key under a prefix', async () => {
      const store = await makeStore();
      await store.renew('gone', 'v', 60);
      expect(await store.lookup('gone')).toBeUndefined();
      const scoped = scopedDedupe(store, 'directline:');
      await scoped.claim('conv-1|a', 60);
      await scoped.claim('conv-1|b', 60);
      await scoped.claim('conv-2|a', 60);
      expect(await scoped.releaseAll('conv-1|')).toBe(2);
      expect(await scoped.lookup('conv-1|a')).toBeUndefined();
      expect(await scoped.lookup('conv-2|a')).toBe('');
      expect(await store.lookup('directline:conv-2|a')).toBe('');
    });

    it("touches an owned claim only for its owner: a late worker never renews, overwrites or drops its successor's", async () => {
      const store = await makeStore();
      const [late, successor] = [ownerToken(), ownerToken()];
      expect(late).not.toBe(successor);
      expect(await store.claim('owned', 60, successor)).toBe(true);
      await store.renew('owned', late, 60, late);
      await store.resolve('owned', 'late answer', 60, late);
      await store.release('owned', late);
      expect(await store.lookup('owned')).toBe(successor);
      await store.renew('owned', successor, 60, successor);
      await store.resolve('owned', 'answer', 60, successor);
      expect(await store.lookup('owned')).toBe('answer');
      // An answer is not a claim: its owner cannot drop it any more.
      await store.release('owned', successor);
      expect(await store.lookup('owned')).toBe('answer');
      // A lapsed claim nobody took over still takes its owner's answer.
      await store.resolve('lapsed', 'answer', 60, late);
      expect(await store.lookup('lapsed')).toBe('answer');
      // Not an owner-checked renew of what is gone.
      await store.renew('gone-owned', late, 60, late);
      expect(await store.lookup('gone-owned')).toBeUndefined();
    });

    it('writes a guarded answer only while the guard key still holds what was read before', async () => {
      const store = await makeStore();
      const owner = ownerToken();
      // One hash tag: on a Redis Cluster the guard must share the key's slot.
      const guard = { key: '{conv-g}~mark', value: undefined };
      expect(await store.claim('{conv-g}:a', 60, owner)).toBe(true);
      await store.resolve('{conv-g}~mark', 'mark-1', 60);
      // The guard was read empty; it now holds a mark: neither an owned nor a lapsed claim takes the answer.
      await store.resolve('{conv-g}:a', 'answer', 60, owner, guard);
      expect(await store.lookup('{conv-g}:a')).toBe(owner);
      await store.resolve('{conv-g}:lapsed', 'answer', 60, owner, guard);
      expect(await store.lookup('{conv-g}:lapsed')).toBeUndefined();
      // Read after the mark was set: the answer is written, owned or not.
      await store.resolve('{conv-g}:a', 'answer', 60, owner, { key: '{conv-g}~mark', value: 'mark-1' });
      expect(await store.lookup('{conv-g}:a')).toBe('answer');
      await store.resolve('{conv-g}:b', 'plain', 60, undefined, { key: '{conv-g}~mark', value: 'mark-1' });
      expect(await store.lookup('{conv-g}:b')).toBe('plain');
      // A guard through a scoped view is scoped too.
      const scoped = scopedDedupe(store, 'agent-reply:');
      await scoped.resolve('{conv-s}~mark', 'mark-2', 60);
      await scoped.resolve('{conv-s}:a', 'answer', 60, undefined, { key: '{conv-s}~mark', value: undefined });
      expect(await scoped.lookup('{conv-s}:a')).toBeUndefined();
      await scoped.resolve('{conv-s}:a', 'answer', 60, undefined, { key: '{conv-s}~mark', value: 'mark-2' });
      expect(await scoped.lookup('{conv-s}:a')).toBe('answer');
    });

    it('lets exactly one of many concurrent deliveries through', async () => {
      const store = await makeStore();
      const answers = await Promise.all(Array.from({ length: 25 }, () => claimDelivery(store, 'slack', 'Ev1')));
      expect(answers.filter(Boolean)).toHaveLength(1);
    });
  });
}

/**
 * Three activities of one conversation as a channel writes them: the same envelope (channel, service URL,
 * conversation, sender, recipient), the middle one the other way round with suggested actions and a locale,
 * and a text and a name holding U+0001 and digits, which a store that keeps the envelope by reference must
 * not read as references.
 */
export function activitiesWithEnvelope(conversationId: string): Partial<Activity>[] {
  const customer = { id: 'u1', name: '\u00010', role: 'user' };
  const bot = { id: 'shop-assistant', name: 'Shop', role: 'bot' };
  const envelope = { channelId: 'directline', serviceUrl: 'http://127.0.0.1:3978/v3/directline', conversation: { id: conversationId } };
  const middle = { from: bot, recipient: customer, suggestedActions: { actions: [{ type: 'imBack', title: 'Yes', value: 'Yes' }] }, locale: 'zh-CN' };
  return ['first', '\u00010 \u0001\u0001 looks like a reference', 'third'].map((text, i) => ({
    type: 'message',
    text,
    ...envelope,
    ...(i === 1 ? middle : { from: customer, recipient: bot, inputHint: 'acceptingInput' }),
    timestamp: new Date(Date.UTC(2026, 11, 7, 22, i)),
  })) as Partial<Activity>[];
}

const activity = (conversationId: string, text: string, fromId = 'user'): Partial<Activity> => ({
  type: 'message',
  text,
  conversation: { id: conversationId, name: '', isGroup: false, conversationType: '' },
  from: { id: fromId, name: fromId },
});

export function describeTranscriptContract(name: string, makeStore: (limits: { maxLength: number }) => Promise<TranscriptStore>): void {
  describe(`TranscriptStore contract: ${name}`, () => {
    it('keeps activities in order per conversation', async () => {
      const store = await makeStore({ maxLength: 100 });
      for (const text of ['one', 'two', 'three']) await store.logActivity(activity('c1', text) as Activity);
      await store.logActivity(activity('c2', 'other') as Activity);
      expect((await store.read('c1')).map((a) => a.text)).toEqual(['one', 'two', 'three']);
      expect((await store.read('c1', 2)).map((a) => a.text)).toEqual(['two', 'three']);
      expect((await store.read('c2')).map((a) => a.text)).toEqual(['other']);
    });

    it('gives back every field of an activity as JSON would, keys in order, whatever its text holds', async () => {
      const store = await makeStore({ maxLength: 100 });
      const logged = activitiesWithEnvelope('c1');
      for (const one of logged) await store.logActivity(one as Activity);
      expect((await store.read('c1')).map((a) => JSON.stringify(a))).toEqual(logged.map((one) => JSON.stringify(one)));
    });

    it('erases a conversation', async () => {
      const store = await makeStore({ maxLength: 100 });
      await store.logActivity(activity('gone', 'secret') as Activity);
      await store.delete('gone');
      expect(await store.read('gone')).toEqual([]);
    });
  });
}
