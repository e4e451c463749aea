/**
 * Proactive order care through the whole app's front doors, on the real Redis: customers opt in by
 * answering the bot on Telegram and WhatsApp (loopback fakes), the shop posts signed order events,
 * and the notices reach only opted-in customers, once per event id, outside quiet hours (deferred ones
 * survive a restart), as WhatsApp's approved template outside the 24-hour window; the follow-up after a
 * delivery leads to CSAT or, on "no", to a person with the reason `dialog`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signOrderEvent } from '../../bots/order-care/signature.js';
import { EMPATHY_PHRASES } from '../../dialogs/empathy/phrases.js';
import { eventually } from '../support/fake-whatsapp-web.js';
import { ADMIN_TOKEN, startFakes, startFullApp, TELEGRAM_SECRET, type Fakes, type FullApp } from '../support/full-app.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';
import { envelope, postWebhook, textMessage } from '../support/whatsapp-webhook.js';
import { customer as telegramCustomer, textUpdate } from '../telegram/updates.js';

const SECRET = 'order-events-secret-0123456789abcdef';
const HOUR = 3600_000;

describe('order events reach opted-in customers (Redis)', () => {
  let fakes: Fakes;
  let app: FullApp;
  let redis: TestRedis;
  let clock = Date.parse('2026-12-07T10:00:00Z');
  let updateId = 1;

  const start = async () =>
    startFullApp(fakes, {
      redis: { url: testRedisUrl, keyPrefix: redis.keyPrefix },
      now: () => clock,
      extra: {
        ORDER_EVENTS_SECRET: SECRET,
        ORDER_CARE_SETTINGS: JSON.stringify({ timeZone: 'UTC', perCustomerPerHour: 20, maxAttempts: 2, whatsappTemplate: { name: 'order_update' } }),
        FEEDBACK_SETTINGS: JSON.stringify({ csatSampleRate: 0 }),
        WHATSAPP_TEMPLATE_NAME: 'reply_waiting',
      },
    });

  beforeAll(async () => {
    fakes = await startFakes();
    redis = connectTestRedis('order-events');
    app = await start();
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
    await redis?.cleanup();
  });

  const telegramSays = async (chatId: number, text: string) => {
    const response = await fetch(`${app.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(textUpdate(updateId++, telegramCustomer(chatId), text)),
    });
    expect(response.status).toBe(200);
  };
  const telegramTexts = (chatId: number) =>
    fakes.telegram.succeeded('sendMessage', (p) => p.chat_id === String(chatId)).map((call) => String(call.params.text));
  /** Waits until the chat has `count` messages and resolves them. */
  const telegramUntil = (chatId: number, count: number) =>
    eventually(`${count} messages to ${chatId}`, () => (telegramTexts(chatId).length >= count ? telegramTexts(chatId) : undefined)).catch((error: Error) => {
      throw new Error(`${error.message}; got ${JSON.stringify(telegramTexts(chatId))}`);
    });

  const post = async (path: string, body: unknown, { timestamp = Math.floor(clock / 1000), secret = SECRET } = {}) => {
    const raw = JSON.stringify(body);
    const response = await fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-baton-timestamp': String(timestamp), 'x-baton-signature': signOrderEvent(secret, timestamp, raw) },
      body: raw,
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any, replayed: response.headers.get('idempotent-replayed') };
  };
  const postEvent = (event: unknown, options?: Parameters<typeof post>[2]) => post('/api/orders/events', event, options);

  /** Opts a Telegram customer in by asking about `order` and answering yes; resolves the message count after. */
  async function optInOnTelegram(chatId: number, order: string): Promise<number> {
    await telegramSays(chatId, `where is my order ${order}`);
    const offered = await telegramUntil(chatId, 2);
    expect(offered.at(-1)).toBe('Shall I tell you here when your order moves?');
    await telegramSays(chatId, 'Yes');
    const on = await telegramUntil(chatId, 3);
    expect(on.at(-1)).toMatch(new RegExp(`I'll tell you here when order ${order} moves`));
    return on.length;
  }

  it('refuses unsigned, wrongly signed, stale and malformed requests with a clear status', async () => {
    const event = { id: 'evt-refused', kind: 'shipped', orderNumber: 'A1001' };
    const unsigned = await fetch(`${app.baseUrl}/api/orders/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe('missing_signature');
    const wrong = await postEvent(event, { secret: 'another-secret-0123456789abcdef0123' });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'bad_signature' } } });
    const stale = await postEvent(event, { timestamp: Math.floor(clock / 1000) - 600 });
    expect(stale).toMatchObject({ status: 401, body: { error: { code: 'stale_timestamp' } } });
    const invalid = await postEvent({ id: 'evt-bad', kind: 'lost_in_space', orderNumber: 'A1001' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/kind must be one of shipped, delayed, out_for_delivery, delivered, refund_paid/);
    const huge = await postEvent({ id: 'evt-huge', kind: 'delayed', orderNumber: 'A1001', reason: 'x'.repeat(10_000) });
    expect(huge.status).toBe(413);
    // None of them was taken: the id is still free.
    expect((await postEvent({ id: 'evt-refused', kind: 'shipped', orderNumber: 'A9999' })).status).toBe(202);
  });

  it('tells an opted-in Telegram customer, with an apology for a delay; not an opted-out one; not twice for one event id', async () => {
    const ada = 7001;
    const bo = 7002;
    const adaCount = await optInOnTelegram(ada, 'A1001');
    const boCount = await optInOnTelegram(bo, 'A1001');
    await telegramSays(bo, 'stop');
    expect((await telegramUntil(bo, boCount + 1)).at(-1)).toBe("OK, you won't get order updates from me any more.");

    const event = { id: 'evt-delay-1', kind: 'delayed', orderNumber: 'A1001', reason: 'a storm closed the hub', eta: '2026-12-10' };
    const first = await postEvent(event);
    expect(first).toMatchObject({ status: 202, body: { eventId: 'evt-delay-1', accepted: true, notices: 1 }, replayed: null });
    const notice = (await telegramUntil(ada, adaCount + 1)).at(-1)!;
    expect(notice).toMatch(/Order A1001 is delayed: a storm closed the hub/);
    expect(notice).toMatch(/Expected delivery: Thursday 10 December/);
    expect(EMPATHY_PHRASES.en.late_delivery.some((phrase) => notice.startsWith(phrase))).toBe(true);

    const again = await postEvent(event);
    expect(again).toMatchObject({ status: first.status, body: first.body, replayed: 'true' });
    await app.assistant.orderCare.runDue();
    expect(telegramTexts(ada)).toHaveLength(adaCount + 1);
    expect(telegramTexts(bo)).toHaveLength(boCount + 1);
  });

  it("masks contact details and card numbers in the shop's delay reason: whoever follows the order reads it", async () => {
    // Following an order takes only its number, as asking about it does: the reason reaches strangers too.
    const cy = 7090;
    const count = await optInOnTelegram(cy, 'A1001');
    const reason = 'the courier could not reach jane.doe@mail.example on 13912345678';
    expect((await postEvent({ id: 'evt-delay-pii', kind: 'delayed', orderNumber: 'A1001', reason })).status).toBe(202);
    const notice = (await telegramUntil(cy, count + 1)).at(-1)!;
    expect(notice).toMatch(/Order A1001 is delayed: the courier could not reach/);
    expect(notice).not.toMatch(/jane\.doe|13912345678/);
  });

  it('masks and caps the carrier as it does the reason: every free-text field reaches whoever follows the order', async () => {
    const di = 7091;
    const count = await optInOnTelegram(di, 'A1001');
    const carrier = 'Call me 13912345678 or jane.doe@mail.example';
    expect((await postEvent({ id: 'evt-carrier-pii', kind: 'shipped', orderNumber: 'A1001', carrier })).status).toBe(202);
    const notice = (await telegramUntil(di, count + 1)).at(-1)!;
    expect(notice).toMatch(/order A1001 has shipped with Call me/);
    expect(notice).not.toMatch(/jane\.doe|13912345678/);
    const long = await postEvent({ id: 'evt-carrier-long', kind: 'shipped', orderNumber: 'A1001', carrier: 'x'.repeat(61) });
    expect(long).toMatchObject({ status: 400, body: { error: { code: 'invalid' } } });
    expect(long.body.error.message).toMatch(/carrier must be at most 60 characters/);
  });

  it('holds a notice through quiet hours, also across a restart, and delivers it when they end', async () => {
    const chat = 7003;
    const count = await optInOnTelegram(chat, 'A1002');
    clock = Date.parse('2026-12-07T23:00:00Z');
    expect((await postEvent({ id: 'evt-night', kind: 'shipped', orderNumber: 'A1002', carrier: 'DHL' })).status).toBe(202);
    await app.assistant.orderCare.runDue();
    expect(telegramTexts(chat)).toHaveLength(count);

    await app.stop();
    app = await start();
    clock = Date.parse('2026-12-08T08:01:00Z');
    expect(await app.assistant.orderCare.runDue()).toBe(1);
    expect((await telegramUntil(chat, count + 1)).at(-1)).toMatch(/^Good news: order A1002 has shipped with DHL\./);
  });

  it("asks after a delivery; a 'no' goes straight to a person with the reason dialog", async () => {
    const chat = 7004;
    const count = await optInOnTelegram(chat, 'A1003');
    expect((await postEvent({ id: 'evt-delivered-3', kind: 'delivered', orderNumber: 'A1003' })).status).toBe(202);
    const texts = await telegramUntil(chat, count + 2);
    expect(texts.slice(-2)).toEqual([expect.stringMatching(/^Order A1003 has been delivered\./), 'Did everything arrive as expected?']);
    await telegramSays(chat, 'No');
    const after = await telegramUntil(chat, count + 4);
    expect(after[count + 2]).toBe("I'm sorry to hear that. I'm passing you to a colleague who can put it right.");
    const ticket = await eventually('the ticket', () => app.assistant.handoff.service.openTicketFor(String(chat)));
    expect(ticket.reason).toBe('dialog');
  });

  it("a 'yes' after a delivery leads to CSAT, counted for the order intent on the dashboard", async () => {
    const chat = 7005;
    const count = await optInOnTelegram(chat, 'A1007');
    expect((await postEvent({ id: 'evt-delivered-7', kind: 'delivered', orderNumber: 'A1007' })).status).toBe(202);
    await telegramUntil(chat, count + 2);
    await telegramSays(chat, 'Yes');
    expect((await telegramUntil(chat, count + 3)).at(-1)).toMatch(/How would you rate the help you got today/);
    await telegramSays(chat, '5');
    await telegramUntil(chat, count + 4);
    const summary = await eventually('the dashboard', async () => {
      const response = await fetch(`${app.baseUrl}/dashboard/api/summary?minutes=60`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the dashboard's JSON
      const body = (await response.json()) as any;
      return body.totals.feedbackByIntent.some((row: { intent: string }) => row.intent === 'track_order') ? body : undefined;
    });
    expect(summary.totals.feedbackByIntent.find((row: { intent: string }) => row.intent === 'track_order')).toMatchObject({ csatCount: 1, csatAvg: 5 });
    expect(summary.totals.orderCare.noticesSent).toBeGreaterThanOrEqual(1);
    expect(summary.totals.orderCare.wismo).toBeGreaterThanOrEqual(1);
  });

  it('reaches a WhatsApp customer outside the 24-hour window with the approved order template', async () => {
    const waId = '8613900000001';
    const whatsappSays = async (text: string) => {
      await postWebhook(`${app.baseUrl}/whatsapp/webhook`, envelope({ waId, messages: [textMessage(waId, text, { at: clock })] }));
    };
    const shown = () => fakes.graph.delivered(waId);
    await whatsappSays('where is my order A1008');
    // Delivered already: no offer. A1006 is still being prepared.
    await whatsappSays('where is my order A1006');
    await eventually('the offer', () =>
      shown().some((call) => call.body.type === 'interactive' && call.body.interactive.body.text.includes('Shall I tell you')),
    );
    await whatsappSays('Yes');
    await eventually('the opt-in', () => shown().some((call) => call.body.type === 'text' && call.body.text.body.includes('order A1006 moves')));
    expect(shown().filter((call) => JSON.stringify(call.body).includes('A1008') && JSON.stringify(call.body).includes('Shall I tell you'))).toEqual([]);

    clock += 25 * HOUR;
    const before = shown().length;
    expect((await postEvent({ id: 'evt-wa-delivered', kind: 'delivered', orderNumber: 'A1006' })).status).toBe(202);
    const template = await eventually('the template', () =>
      shown()
        .slice(before)
        .find((call) => call.body.type === 'template'),
    );
    expect(template.body).toMatchObject({
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'A1006' },
              { type: 'text', text: 'Order A1006 has been delivered.' },
            ],
          },
        ],
      },
    });
    await app.assistant.orderCare.runDue();
    // The template only: the free-form notice and the follow-up are not sent outside the window.
    expect(shown().slice(before)).toHaveLength(1);
  });

  it('takes a checkout opt-in from the shop, retries a failing delivery a bounded number of times, then counts it failed', async () => {
    const waId = '8613900000002';
    const optIn = await post('/api/orders/subscriptions', { orderNumber: 'A1007', channel: 'whatsapp', address: waId, locale: 'zh' });
    expect(optIn.status).toBe(204);
    const badOptIn = await post('/api/orders/subscriptions', { orderNumber: 'A1007', channel: 'whatsapp', address: '+86 139' });
    expect(badOptIn.status).toBe(400);
    expect(badOptIn.body.error.message).toMatch(/address must be/);

    // The Graph API fails every call of both attempts (each attempt is the client's 3 tries).
    fakes.graph.failNext(500, 6);
    expect((await postEvent({ id: 'evt-checkout-refund', kind: 'refund_paid', orderNumber: 'A1007', amount: 38, currency: 'USD' })).status).toBe(202);
    await app.assistant.orderCare.runDue();
    expect(fakes.graph.delivered(waId)).toEqual([]);
    clock += 61_000;
    await app.assistant.orderCare.runDue();
    expect(fakes.graph.calls.filter((call) => call.body.to === waId)).toHaveLength(6);
    const metrics = await (await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
    expect(metrics).toMatch(/baton_order_notices_total\{outcome="failed",kind="refund_paid",channel="whatsapp"\} 1/);
    expect(metrics).toMatch(/baton_order_updates_opt_ins_total\{source="checkout"\} 1/);

    // The next event reaches the customer in Chinese, as the shop's template (never wrote: no window), amount shown.
    expect((await postEvent({ id: 'evt-checkout-refund-2', kind: 'refund_paid', orderNumber: 'A1007', amount: 38, currency: 'USD' })).status).toBe(202);
    const template = await eventually('the template', () => fakes.graph.delivered(waId)[0]);
    expect(template.body).toMatchObject({
      template: {
        name: 'order_update',
        language: { code: 'zh_CN' },
        components: [{ parameters: [{ text: 'A1007' }, { text: expect.stringMatching(/订单 A1007 的退款（USD 38.00）已支付/) }] }],
      },
    });
  });
});
