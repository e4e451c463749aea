/**
 * The memory Direct Line log and transcripts give the bot's shared values back to the pool (infra/shared-fields.ts)
 * when a conversation expires, is evicted or is erased: no value of a conversation outlives it there.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryActivityLog } from '../../adapters/web/memory-activity-log.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import type { Activity } from '../../dialogs/turn-kit.js';
import { StoreFullError } from '../../infra/bounded-map.js';
import { isPooled } from '../../infra/shared-fields.js';

const reply = (text: string, recipient = 'customer-1') => ({
  type: 'message',
  inputHint: 'acceptingInput',
  suggestedActions: { actions: [{ type: 'imBack', title: 'Yes', value: 'Yes' }] },
  text,
  channelId: 'directline',
  serviceUrl: 'http://127.0.0.1:3978/v3/directline',
  conversation: { id: 'conv-1' },
  from: { id: 'shop-assistant', name: 'Baton Shop Assistant', role: 'bot' },
  recipient: { id: recipient, name: '', role: 'user' },
  timestamp: '2026-12-07T22:04:34.326Z',
});

describe('the memory stores and the shared values pool', () => {
  it('drops the values of a conversation that expired or was evicted, and of one erased after it expired', async () => {
    let time = 0;
    const now = () => time;
    const actions = (tag: string) => ({ actions: [{ type: 'imBack', title: `Refund order ${tag}`, value: tag }] });
    const at = (tag: string) => ({ ...reply(`Refund ${tag}?`), conversation: { id: tag }, suggestedActions: actions(tag) }) as unknown as Activity;
    const log = createMemoryActivityLog({ retentionSeconds: 60, maxConversations: 2, now });
    const transcripts = createMemoryTranscriptStore({ retentionSeconds: 60, maxConversations: 2, now });
    for (const tag of ['expired-1', 'evicted-1']) {
      await log.append(tag, at(tag));
      await transcripts.logActivity(at(tag));
      expect(isPooled(JSON.stringify(actions(tag)))).toBe(true);
    }
    time = 30_000;
    await log.append('evicted-1', at('evicted-1'));
    await transcripts.logActivity(at('evicted-1'));
    time = 61_000; // expired-1 is past its retention; two newer conversations push evicted-1 out
    for (const tag of ['newer-1', 'newer-2']) {
      await log.append(tag, at(tag));
      await transcripts.logActivity(at(tag));
    }
    expect(isPooled(JSON.stringify(actions('expired-1')))).toBe(false);
    expect(isPooled(JSON.stringify(actions('evicted-1')))).toBe(false);
    await log.delete('newer-1');
    time = 200_000; // newer-2 expired and was never swept, then erased
    await log.delete('newer-2');
    await transcripts.delete('newer-2');
    await transcripts.delete('newer-1');
    expect(isPooled(JSON.stringify(actions('newer-1')))).toBe(false);
    expect(isPooled(JSON.stringify(actions('newer-2')))).toBe(false);
  });

  it('takes an erased conversation’s values out of the pool, in the Direct Line log and the transcripts', async () => {
    const erasedActions = { actions: [{ type: 'imBack', title: 'Order 4711 refund', value: 'Order 4711 refund' }] };
    const activity = { ...reply('Your refund for order 4711?'), suggestedActions: erasedActions } as unknown as Partial<Activity>;
    const log = createMemoryActivityLog();
    await log.append('conv-erased', activity);
    expect(isPooled(JSON.stringify(erasedActions))).toBe(true);
    await log.delete('conv-erased');
    expect(isPooled(JSON.stringify(erasedActions))).toBe(false);
    const transcripts = createMemoryTranscriptStore();
    await transcripts.logActivity({ ...activity, conversation: { id: 'conv-erased' } } as Activity);
    expect(isPooled(JSON.stringify(erasedActions))).toBe(true);
    await transcripts.delete('conv-erased');
    expect(isPooled(JSON.stringify(erasedActions))).toBe(false);
  });

  it('drops the values of conversations the size budget evicted, in the Direct Line log and the transcripts', async () => {
    const actions = (tag: string) => ({ actions: [{ type: 'imBack', title: `Track parcel ${tag}`, value: tag }] });
    const at = (tag: string) =>
      ({ ...reply(`Track ${tag}?`.padEnd(4000, '.')), conversation: { id: tag }, suggestedActions: actions(tag) }) as unknown as Activity;
    const log = createMemoryActivityLog({ maxChars: 20_000 });
    const transcripts = createMemoryTranscriptStore({ maxChars: 20_000 });
    const tags = ['budget-1', 'budget-2', 'budget-3', 'budget-4', 'budget-5', 'budget-6', 'budget-7', 'budget-8'];
    for (const tag of tags) await log.append(tag, at(tag));
    expect(isPooled(JSON.stringify(actions('budget-1')))).toBe(false);
    expect(isPooled(JSON.stringify(actions('budget-8')))).toBe(true);
    await log.delete('budget-8');
    for (const tag of tags) await transcripts.logActivity(at(tag));
    expect(isPooled(JSON.stringify(actions('budget-1')))).toBe(false);
    expect(isPooled(JSON.stringify(actions('budget-8')))).toBe(true);
  });

  it('keeps no value of a reply the size budget refused, in the Direct Line log and the transcripts', async () => {
    const actions = (tag: string) => ({ actions: [{ type: 'imBack', title: `Refund order ${tag}`, value: tag }] });
    const waiting = (id: string) =>
      ({ type: 'message', text: `${id}?`.padEnd(4000, '.'), conversation: { id }, from: { id: 'customer', role: 'user' } }) as unknown as Activity;
    const log = createMemoryActivityLog({ maxChars: 10_000 });
    for (const id of ['a', 'b']) await log.append(id, waiting(id));
    // 'a' and 'b' await a reply (they must stay): a reply to another conversation, longer than the room left, is refused.
    const refused = { ...reply(''.padEnd(9000, '.')), conversation: { id: 'c' }, suggestedActions: actions('refused-1') } as unknown as Activity;
    await expect(log.append('c', refused)).rejects.toMatchObject({ code: 'store_full' });
    expect(isPooled(JSON.stringify(actions('refused-1')))).toBe(false);
    const transcripts = createMemoryTranscriptStore({ maxChars: 8_000 });
    const tooLong = { ...reply(''.padEnd(9000, '.')), conversation: { id: 'd' }, suggestedActions: actions('refused-2') } as unknown as Activity;
    expect(() => transcripts.logActivity(tooLong)).toThrow(StoreFullError);
    expect(isPooled(JSON.stringify(actions('refused-2')))).toBe(false);
  });
});
