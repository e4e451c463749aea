/**
 * infra/shared-fields.ts: an activity's envelope kept once per conversation and given back as JSON would give it;
 * and the memory Direct Line log and transcripts giving the bot's shared values back to the pool when a
 * conversation expires, is evicted or is erased: no value of a conversation outlives it there. One file, as the
 * stores' tests import from above infra/ (the import graph keeps infra/'s own tests below it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryActivityLog } from '../../adapters/web/memory-activity-log.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import type { Activity } from '../../dialogs/turn-kit.js';
import { StoreFullError } from '../../infra/bounded-map.js';
import { isPooled, SharedFields } from '../../infra/shared-fields.js';

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

/** The record as JSON would give it back, compared as text so key order counts. */
const viaJson = (record: unknown) => JSON.stringify(JSON.parse(JSON.stringify(record)));

describe('SharedFields', () => {
  it('keeps the envelope once per conversation and gives every activity back as JSON would, keys in order', () => {
    const fields = new SharedFields();
    const first = reply('Hello');
    const second = reply('Your parcel left the warehouse.');
    const lines = [fields.pack(first), fields.pack(second)];
    expect(lines[1]).not.toContain('serviceUrl":"http');
    expect(lines[1]).not.toContain('Baton Shop Assistant');
    expect(lines[1]).toContain('Your parcel left the warehouse.');
    expect(JSON.stringify(fields.unpack(lines[0]!))).toBe(viaJson(first));
    expect(JSON.stringify(fields.unpack(lines[1]!))).toBe(viaJson(second));
  });

  it('reads no customer text as a reference: U+0001 and digits in a text or a shared field come back as they were', () => {
    const fields = new SharedFields();
    const tricky = { ...reply('\u00010\u0001\u0001 x'), from: { id: '\u00010', name: '\u0001', role: 'user' } };
    expect(JSON.stringify(fields.unpack(fields.pack(reply('a'))))).toBe(viaJson(reply('a')));
    expect(JSON.stringify(fields.unpack(fields.pack(tricky)))).toBe(viaJson(tricky));
  });

  it('leaves out what JSON.stringify leaves out, keeps arrays and toJSON records whole, and keeps values past its cap in the entry', () => {
    const fields = new SharedFields();
    const sparse = { text: 'x', from: undefined, locale: () => 'en', recipient: { id: 'r', when: new Date(0) } };
    expect(JSON.stringify(fields.unpack(fields.pack(sparse)))).toBe(viaJson(sparse));
    expect(fields.unpack(fields.pack([1, 'two']))).toEqual([1, 'two']);
    expect(fields.unpack(fields.pack({ toJSON: () => ({ a: 1 }) }))).toEqual({ a: 1 });
    const keyed = { from: { id: 'bot', toJSON: (key: string) => ({ field: key }) }, text: { toJSON: (key: string) => key } };
    expect(JSON.stringify(fields.unpack(fields.pack(keyed)))).toBe(viaJson(keyed));
    const many = Array.from({ length: 40 }, (_, i) => reply(`reply ${i}`, `customer-${i}`));
    const lines = many.map((activity) => fields.pack(activity));
    for (const [i, line] of lines.entries()) expect(JSON.stringify(fields.unpack(line))).toBe(viaJson(many[i]));
    expect(lines[39]).toContain('customer-39');
  });

  it('pools what the bot says for every conversation, never a customer sender, within its cap', () => {
    const botSender = JSON.stringify(reply('x').from);
    const customer = { type: 'message', text: 'hi', from: { id: 'customer-pool-1', name: 'Ann', role: 'user' } };
    new SharedFields().pack(reply('one'));
    new SharedFields().pack(customer);
    expect(isPooled(botSender)).toBe(true);
    expect(isPooled(JSON.stringify(customer.from))).toBe(false);
    const clientSent = { actions: [{ type: 'imBack', title: 'My card 4111 1111', value: 'My card 4111 1111' }] };
    const fields = new SharedFields();
    fields.pack({ ...customer, locale: 'de-CH-x-customer-42', suggestedActions: clientSent });
    expect(isPooled(JSON.stringify(clientSent))).toBe(false);
    expect(isPooled(JSON.stringify('de-CH-x-customer-42'))).toBe(false);
    expect(JSON.stringify(fields.unpack(fields.pack({ ...customer, suggestedActions: clientSent })))).toBe(
      viaJson({ ...customer, suggestedActions: clientSent }),
    );
    const actions = (i: number) => ({ actions: [{ type: 'imBack', title: `Option ${i}`, value: `Option ${i}` }] });
    const held = Array.from({ length: 5000 }, () => new SharedFields());
    for (const [i, fields] of held.entries()) fields.pack({ ...reply('x'), suggestedActions: actions(i) });
    expect(isPooled(JSON.stringify(actions(0)))).toBe(true);
    expect(isPooled(JSON.stringify(actions(4999)))).toBe(false);
    for (const fields of held) fields.forget();
    expect(isPooled(JSON.stringify(actions(0)))).toBe(false);
  });

  it('keeps a pooled value while another conversation holds it, and drops it when the last one lets go', () => {
    const shared = { actions: [{ type: 'imBack', title: 'Track parcel 88', value: 'Track parcel 88' }] };
    const [a, b] = [new SharedFields(), new SharedFields()];
    for (const fields of [a, b]) fields.pack({ ...reply('x'), suggestedActions: shared });
    a.forget();
    a.forget();
    expect(isPooled(JSON.stringify(shared))).toBe(true);
    b.forget();
    expect(isPooled(JSON.stringify(shared))).toBe(false);
  });

  it('refuses a string it did not pack', () => {
    expect(() => new SharedFields().unpack('{"from":\u00015}')).toThrow(SyntaxError);
  });

  it('gives back any JSON object as JSON.stringify and JSON.parse would (property)', () => {
    const key = fc.constantFrom(
      'channelId',
      'serviceUrl',
      'conversation',
      'from',
      'recipient',
      'inputHint',
      'locale',
      'suggestedActions',
      'text',
      'id',
      '0',
      '',
    );
    fc.assert(
      fc.property(fc.array(fc.dictionary(key, fc.jsonValue()), { maxLength: 6 }), (records) => {
        const fields = new SharedFields();
        const lines = records.map((record) => fields.pack(record));
        for (const [i, line] of lines.entries()) expect(JSON.stringify(fields.unpack(line))).toBe(viaJson(records[i]));
      }),
    );
  });
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
