import type { Activity } from '../dialogs/turn-kit.js';
import { describe, expect, it } from 'vitest';
import { createMemoryActivityLog } from '../adapters/web/index.js';
import { createMemoryCustomerIndex } from '../dialogs/state/customer-index.js';
import { createMemoryStorage } from '../dialogs/state/memory-storage.js';
import { createMemoryTranscriptStore } from '../dialogs/state/transcript-store.js';
import { createMemoryDeliveryJournal } from '../adapters/kit/delivery-journal.js';
import { createMemoryDedupeStore } from '../infra/dedupe-store.js';
import { slackDelivery, slackInboxChannel } from '../desks/slack/index.js';
import { maskedActivityLog, maskedJournal, maskedStorage, maskedTranscript } from './at-rest-stores.js';

const CARD = '4111 1111 1111 1111';
const ID = '11010519491231002X';

describe('the at-rest choke points', () => {
  it('inbox: a recorded delivery has its sensitive numbers masked, and keeps every id a turn run again needs', async () => {
    let now = 0;
    const journal = maskedJournal(createMemoryDeliveryJournal({ dedupe: createMemoryDedupeStore(), now: () => now }));
    // A WhatsApp message with a 16-digit media id and the customer's wa_id, and a card number in its caption.
    const message = {
      from: '16505551234',
      id: 'wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUFB',
      timestamp: '1700000000',
      type: 'image',
      image: { id: '1234567890123456', caption: `my card ${CARD}, mail jane@shop.example` },
    };
    const contact = { wa_id: '16505551234', profile: { name: 'Jane' } };
    await journal.accept(
      'whatsapp',
      { id: message.id, conversationId: message.from, payload: JSON.stringify({ message, contact }) },
      { owner: 'a', ms: 1 },
      60,
    );
    now = 10;
    const [taken] = (await journal.takeLapsed('whatsapp', { owner: 'b', ms: 1000 }, 10, 3)).taken;
    expect(JSON.parse(taken!.payload)).toEqual({
      message: { ...message, image: { id: '1234567890123456', caption: 'my card **** **** **** 1111, mail jane@shop.example' } },
      contact,
    });
  });

  it("inbox: a Telegram update's sender and chat names have their sensitive numbers masked too; their ids stay", async () => {
    let now = 0;
    const journal = maskedJournal(createMemoryDeliveryJournal({ dedupe: createMemoryDedupeStore(), now: () => now }));
    const user = { id: 4_211_111_111, is_bot: false, first_name: CARD, username: 'jane' };
    const update = {
      update_id: 9,
      message: { message_id: 3, date: 1_700_000_000, chat: { id: user.id, type: 'private', first_name: CARD }, from: user, text: 'hi' },
    };
    await journal.accept('telegram', { id: 'update:9', conversationId: String(user.id), payload: JSON.stringify(update) }, { owner: 'a', ms: 1 }, 60);
    now = 10;
    const [taken] = (await journal.takeLapsed('telegram', { owner: 'b', ms: 1000 }, 10, 3)).taken;
    const masked = '**** **** **** 1111';
    expect(JSON.parse(taken!.payload)).toEqual({
      ...update,
      message: { ...update.message, chat: { ...update.message.chat, first_name: masked }, from: { ...user, first_name: masked } },
    });
  });

  it("inbox: a Slack desk request has the agent's sensitive numbers masked; every id, ts, URL and ticket id stays", async () => {
    let now = 0;
    const journal = maskedJournal(createMemoryDeliveryJournal({ dedupe: createMemoryDedupeStore(), now: () => now }));
    // An all-digit ticket id in a button's value (a UUID can hold 16 digits in a row): a pointer, kept.
    const ticketId = '12345678-1234-4123-8123-123456789012';
    const body = {
      type: 'block_actions',
      trigger_id: '1700000000123.4111111111111111.abc',
      user: { id: 'U0ADA0001', username: 'ada' },
      channel: { id: 'C0QUEUE01', name: 'support' },
      container: { type: 'message', message_ts: '1900000001.000200', thread_ts: '1900000000.000100', is_ephemeral: true },
      message: { ts: '1900000001.000200', thread_ts: '1900000000.000100', text: `refund to ${CARD}` },
      response_url: 'https://hooks.slack.com/actions/T0SHOP/1234567890123456/abcdef',
      actions: [{ action_id: 'baton_send', block_id: 'b1', value: `${ticketId}\nRefunded to ${CARD} today.` }],
    };
    // As the desk records it (desks/slack/inbox-record.ts), in its bot's inbox.
    const channel = slackInboxChannel('shop-assistant');
    await journal.accept(channel, slackDelivery(body, 5)!, { owner: 'a', ms: 1 }, 60);
    now = 10;
    const [taken] = (await journal.takeLapsed(channel, { owner: 'b', ms: 1000 }, 10, 3)).taken;
    const masked = '**** **** **** 1111';
    expect(JSON.parse(taken!.payload)).toEqual({
      ...body,
      baton_recorded_at: 5,
      message: { ...body.message, text: `refund to ${masked}` },
      actions: [{ ...body.actions[0], value: `${ticketId}\nRefunded to ${masked} today.` }],
    });
  });

  it('state: every string a dialog keeps has its sensitive numbers masked; addresses and e-mails stay; eTags still work', async () => {
    const storage = maskedStorage(createMemoryStorage());
    const key = 'directline/conversations/c1/';
    await storage.write({ [key]: { dialogState: { values: { address: '9 Elm Road', email: 'jane@shop.example', note: `card ${CARD}, id ${ID}` } } } });
    const first = await storage.read([key]);
    expect(first[key].dialogState.values).toEqual({
      address: '9 Elm Road',
      email: 'jane@shop.example',
      note: 'card **** **** **** 1111, id **************002X',
    });
    await storage.write({ [key]: { ...first[key], turn: 2 } });
    await expect(storage.write({ [key]: { ...first[key], turn: 3 } })).rejects.toThrow();
  });

  it('Direct Line log: the echo and the replies are stored masked; the activity the turn runs with is not touched', async () => {
    const log = maskedActivityLog(createMemoryActivityLog());
    const posted: Partial<Activity> = {
      type: 'message',
      text: `my card ${CARD}, mail jane@shop.example`,
      from: { id: 'u1', name: `Ann ${ID}` },
      channelData: { clientActivityID: 'web-1' },
    };
    await log.append('c1', posted);
    const [stored] = (await log.read('c1')).activities;
    expect(stored).toMatchObject({
      text: 'my card **** **** **** 1111, mail jane@shop.example',
      from: { id: 'u1', name: 'Ann **************002X' },
      channelData: { clientActivityID: 'web-1' },
    });
    expect(posted.text).toContain(CARD);
  });

  it('transcript: every kind masked, as agents see it; customers indexed by their messages only', async () => {
    const customers = createMemoryCustomerIndex();
    const transcript = maskedTranscript(createMemoryTranscriptStore(), customers);
    const base = { channelId: 'telegram', conversation: { id: 'chat-1' } } as Activity;
    await transcript.logActivity({ ...base, type: 'conversationUpdate', from: { id: 'user', role: 'user' } } as Activity);
    await transcript.logActivity({
      ...base,
      type: 'message',
      text: `card ${CARD}, mail jane@shop.example`,
      from: { id: '42', name: 'Mia', role: 'user' },
    } as Activity);
    await transcript.logActivity({ ...base, type: 'message', text: 'Thanks', from: { id: 'bot', role: 'bot' } } as Activity);
    expect((await transcript.read('chat-1')).map((activity) => activity.text)).toEqual([
      undefined,
      'card **** **** **** 1111, mail j***@shop.example',
      'Thanks',
    ]);
    expect(await customers.list('telegram', '42')).toEqual(['chat-1']);
    expect(await customers.list('telegram', 'user')).toEqual([]);
    expect(await customers.list('telegram', 'bot')).toEqual([]);
  });
});
