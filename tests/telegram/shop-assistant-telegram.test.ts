/**
 * The demo shop bot over Telegram, through the front door: real Telegram update payloads posted to the
 * webhook of the composed app (real NLU, real dialogs), the Bot API a loopback fake that records every
 * call, on the memory stores and on the real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_ONLY_REPLIES } from '../../adapters/telegram/index.js';
import { asBotMessage, buttonsOf, PUBLIC_URL, SECRET, startTelegramApp, waitFor, type TelegramApp } from './harness.js';
import { botMessage, callbackUpdate, customer, editedUpdate, group, stickerUpdate, textUpdate } from './updates.js';

let nextId = 40_000;
const ids = () => ++nextId;

for (const store of ['memory', 'redis'] as const) {
  describe(`shop assistant over Telegram webhooks (${store} store)`, () => {
    let app: TelegramApp;

    beforeAll(async () => {
      app = await startTelegramApp(store);
    });

    afterAll(async () => {
      await app?.stop();
    });

    it('registers its webhook at start with the secret and the update types it handles', () => {
      const [call] = app.fake.succeeded('setWebhook');
      expect(call.params).toEqual({
        url: `${PUBLIC_URL}/telegram/webhook`,
        secret_token: SECRET,
        allowed_updates: ['message', 'edited_message', 'callback_query'],
      });
    });

    it('refuses a call without the secret or with a wrong one (401), and bad bodies (400), running no turn', async () => {
      const mia = customer(ids());
      const hello = textUpdate(ids(), mia, 'hello');
      expect(await app.post(hello, null)).toEqual({
        status: 401,
        body: { error: { code: 'unauthorized', message: expect.stringMatching(/Missing X-Telegram-Bot-Api-Secret-Token/) } },
      });
      expect(await app.post(hello, 'wrong-secret')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
      expect(await app.post('{"update_id": 1, "message": ', SECRET)).toMatchObject({
        status: 400,
        body: { error: { code: 'bad_request', message: expect.stringMatching(/not valid JSON/) } },
      });
      expect(await app.post('{"hello": "world"}', SECRET)).toMatchObject({
        status: 400,
        body: { error: { code: 'bad_request', message: expect.stringMatching(/update_id/) } },
      });

      // A later, accepted message is the only one answered.
      expect((await app.post(textUpdate(ids(), mia, 'where is my order?'))).status).toBe(200);
      await app.waitForReplies(mia.id, 1);
      expect(app.replies(mia.id).map((call) => call.params.text)).toEqual([expect.stringMatching(/order number/i)]);
    });

    it('tracks an order to the end: asks for the number, then shows the status with its buttons as an inline keyboard', async () => {
      const mia = customer(ids());
      expect(await app.post(textUpdate(ids(), mia, 'where is my order?'))).toEqual({ status: 200, body: { ok: true } });
      const [ask] = await app.waitForReplies(mia.id, 1);
      expect(ask.params.text).toMatch(/order number/i);
      expect(app.fake.succeeded('sendChatAction', (p) => p.chat_id === String(mia.id) && p.action === 'typing').length).toBeGreaterThan(0);

      await app.post(textUpdate(ids(), mia, 'A1001'));
      const status = (await app.waitForReplies(mia.id, 2))[1];
      expect(status.params.text).toMatch(/Order A1001/);
      expect(status.params.text).toMatch(/DHL Express/);
      const buttons = buttonsOf(status);
      expect(buttons).toEqual([{ text: 'Talk to a person', callback_data: 'Talk to a person' }]);

      // Pressing it: the spinner is stopped, and the button's value is the customer's next message.
      const press = callbackUpdate(ids(), mia, asBotMessage(status), buttons[0].callback_data!);
      await app.post(press);
      const answer = (await app.waitForReplies(mia.id, 3))[2];
      expect(app.fake.succeeded('answerCallbackQuery', (p) => p.callback_query_id === press.callback_query!.id)).toHaveLength(1);
      expect(answer.params.text).not.toMatch(/didn't quite get that/);
    });

    it('cancels an order through the buttons it offers', async () => {
      const mia = customer(ids());
      await app.post(textUpdate(ids(), mia, 'track order A1002'));
      const [status] = await app.waitForReplies(mia.id, 1);
      const cancel = buttonsOf(status).find((button) => /cancel/i.test(button.text));
      expect(cancel?.callback_data).toBe('Cancel order A1002');

      await app.post(callbackUpdate(ids(), mia, asBotMessage(status), cancel!.callback_data!));
      expect((await app.waitForReplies(mia.id, 2))[1].params.text).toMatch(/e-mail address or phone number/);
      await app.post(textUpdate(ids(), mia, 'ada@example.com'));
      const confirm = (await app.waitForReplies(mia.id, 3))[2];
      expect(confirm.params.text).toMatch(/Do you want me to cancel it\?/);
      const yes = buttonsOf(confirm).find((button) => button.text === 'Yes');
      await app.post(callbackUpdate(ids(), mia, asBotMessage(confirm), yes!.callback_data!));
      expect((await app.waitForReplies(mia.id, 4))[3].params.text).toMatch(/order A1002 is cancelled/);
    });

    it('answers a redelivered update once, even when both deliveries arrive together', async () => {
      const mia = customer(ids());
      const update = textUpdate(ids(), mia, 'where is my order?');
      const [first, second] = await Promise.all([app.post(update), app.post(update)]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect((await app.post(update)).status).toBe(200);
      // Turns of one chat run in order, so once this later message is answered, any duplicate would have been.
      await app.post(textUpdate(ids(), mia, 'A1003'));
      await app.waitForReplies(mia.id, 2);
      expect(app.replies(mia.id).map((call) => call.params.text)).toEqual([expect.stringMatching(/order number/i), expect.stringMatching(/Order A1003/)]);
    });

    it('answers an edited message as a new one: a corrected order number is looked up', async () => {
      const mia = customer(ids());
      await app.post(textUpdate(ids(), mia, 'where is my order?'));
      await app.waitForReplies(mia.id, 1);
      const typo = textUpdate(ids(), mia, 'A1009');
      await app.post(typo);
      expect((await app.waitForReplies(mia.id, 2))[1].params.text).toMatch(/A1009/);
      await app.post(editedUpdate(ids(), typo, 'A1003'));
      expect((await app.waitForReplies(mia.id, 3))[2].params.text).toMatch(/Order A1003/);
    });

    it("answers a sticker politely that only text is understood, in the customer's language", async () => {
      const mia = customer(ids(), 'en');
      await app.post(stickerUpdate(ids(), mia));
      expect((await app.waitForReplies(mia.id, 1))[0].params.text).toBe(TEXT_ONLY_REPLIES.en);

      const li = customer(ids(), 'zh-hans');
      await app.post(stickerUpdate(ids(), li));
      expect((await app.waitForReplies(li.id, 1))[0].params.text).toBe(TEXT_ONLY_REPLIES.zh);

      // The conversation's language wins over the app's once the customer has written.
      const wei = customer(ids(), 'en');
      await app.post(textUpdate(ids(), wei, '我的订单在哪里?'));
      await app.waitForReplies(wei.id, 1);
      await app.post(stickerUpdate(ids(), wei));
      expect((await app.waitForReplies(wei.id, 2))[1].params.text).toBe(TEXT_ONLY_REPLIES.zh);
    });

    it('in a group, answers only messages addressed to it: a mention, a reply to it, a /command', async () => {
      const chat = group(-(1_000_000_000_000 + ids()));
      const mia = customer(ids());
      const chatter = [
        textUpdate(ids(), mia, 'where is my order?', { chat }),
        textUpdate(ids(), mia, '/help@another_bot', { chat }),
        stickerUpdate(ids(), mia),
      ];
      chatter[2] = { ...chatter[2], message: { ...chatter[2].message!, chat } };
      for (const update of chatter) expect((await app.post(update)).status).toBe(200);

      const mention = textUpdate(ids(), mia, '@baton_shop_bot where is my order?', { chat });
      await app.post(mention);
      const [ask] = await app.waitForReplies(chat.id, 1);
      expect(ask.params.text).toMatch(/order number/i);
      expect(ask.params.reply_parameters).toEqual({ message_id: mention.message!.message_id, allow_sending_without_reply: true });

      await app.post(textUpdate(ids(), mia, 'A1001', { chat, replyTo: botMessage(chat, String(ask.params.text)) }));
      expect((await app.waitForReplies(chat.id, 2))[1].params.text).toMatch(/Order A1001/);
      await app.post(textUpdate(ids(), mia, '/start', { chat }));
      expect((await app.waitForReplies(chat.id, 3))[2].params.text).toMatch(/shop assistant/);
      expect(app.replies(chat.id)).toHaveLength(3);
    });

    it('greets on /start with the main menu as buttons', async () => {
      const mia = customer(ids());
      await app.post(textUpdate(ids(), mia, '/start'));
      const [greeting] = await app.waitForReplies(mia.id, 1);
      expect(greeting.params.text).toMatch(/I'm the shop assistant/);
      expect(buttonsOf(greeting).map((button) => button.text)).toEqual(expect.arrayContaining(['Track my order', 'Talk to a person']));
    });

    it('retries a reply refused with 429 after retry_after, and one refused with a 500', async () => {
      const mia = customer(ids());
      app.fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
      await app.post(textUpdate(ids(), mia, 'where is my order?'));
      await app.waitForReplies(mia.id, 1);
      const attempts = () =>
        app.fake.calls.filter((call) => call.method === 'sendMessage' && call.params.chat_id === String(mia.id)).map((call) => call.status);
      expect(attempts()).toEqual([429, 200]);

      app.fake.failNext('sendMessage', { status: 500 });
      await app.post(textUpdate(ids(), mia, 'A1004'));
      await waitFor('the reply after a 500', () => (app.replies(mia.id).length === 2 ? true : undefined));
      expect(attempts()).toEqual([429, 200, 500, 200]);
      expect(app.replies(mia.id)[1].params.text).toMatch(/Order A1004/);
    });
  });
}
