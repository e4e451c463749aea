import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPooled, SharedFields } from './shared-fields.js';

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
