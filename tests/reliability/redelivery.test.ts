/**
 * Every kind of inbound delivery, delivered twice, is processed once, even when the second copy
 * reaches another instance (two instances on one Redis, as behind a load balancer): a Direct Line
 * activity re-posted with its clientActivityID, a Telegram update, a WhatsApp Cloud API message and a
 * Slack event redelivered with X-Slack-Retry-Num. Counted where the customer would see it: the fake
 * platform APIs and the Direct Line log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsOf } from '../slack/slack-harness.js';
import { startCustomer } from '../support/directline-customer.js';
import {
  AGENTS,
  SLACK_ADA,
  SLACK_QUEUE,
  SLACK_SIGNING_SECRET,
  TELEGRAM_SECRET,
  startFakes,
  startFullApp,
  type Fakes,
  type FullApp,
} from '../support/full-app.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';
import { slackSender } from '../support/slack-requests.js';
import { envelope, postWebhook, textMessage } from '../support/whatsapp-webhook.js';
import { customer as telegramCustomer, textUpdate } from '../telegram/updates.js';

interface WireActivity {
  readonly id: string;
  readonly type: string;
  readonly text?: string;
  readonly replyToId?: string;
  readonly from: { readonly id: string; readonly role?: string };
}

describe('a delivery made twice, to two instances, is processed once', () => {
  let fakes: Fakes;
  let testRedis: TestRedis;
  let a: FullApp;
  let b: FullApp;
  /** Waits until both instances finished every turn and Slack request they took. */
  const settle = async () => {
    for (const app of [a, b]) {
      for (const channel of app.assistant.channels) await (channel.adapter as { drain?: () => Promise<void> }).drain?.();
      await app.assistant.slack?.idle();
    }
  };

  beforeAll(async () => {
    fakes = await startFakes();
    testRedis = connectTestRedis('redelivery');
    const redis = { url: testRedisUrl, keyPrefix: testRedis.keyPrefix };
    a = await startFullApp(fakes, { redis });
    b = await startFullApp(fakes, { redis });
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fakes?.close();
    await testRedis?.cleanup();
  });

  it('Direct Line: an activity re-posted with its clientActivityID (at once, and later, to either instance) runs one turn', async () => {
    const started = await startCustomer(a.baseUrl, 'dl-twice');
    const { token } = started;
    const post = (baseUrl: string) =>
      fetch(`${baseUrl}/v3/directline/conversations/${started.conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text: 'what payment methods do you accept?',
          from: { id: 'dl-twice' },
          channelData: { clientActivityID: 'webchat-twice-1' },
        }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { id: string } }));
    const [first, concurrent] = await Promise.all([post(a.baseUrl), post(b.baseUrl)]);
    const later = await post(b.baseUrl);
    expect(first.status).toBe(200);
    expect([concurrent, later]).toEqual([first, first]);
    await settle();
    const log = await readLog(b.baseUrl, started.conversationId, token);
    expect(
      log.filter((activity) => activity.from.role === 'user' && activity.text === 'what payment methods do you accept?').map((activity) => activity.id),
    ).toEqual([first.body.id]);
    const replies = log.filter((activity) => activity.type === 'message' && activity.replyToId === first.body.id);
    expect(replies.map((reply) => reply.text).join('\n')).toMatch(/Visa/);
    expect(replies).toHaveLength(1);
  });

  it('Telegram: the same update to both instances, twice at once and once more, is answered once', async () => {
    const mia = telegramCustomer(77_001);
    const update = textUpdate(880_001, mia, 'what payment methods do you accept?');
    const deliver = (app: FullApp) =>
      fetch(`${app.baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(update),
      }).then((response) => response.status);
    expect(await Promise.all([deliver(a), deliver(b)])).toEqual([200, 200]);
    expect(await deliver(b)).toBe(200);
    await settle();
    const sent = fakes.telegram.succeeded('sendMessage', (params) => String(params.chat_id) === String(mia.id));
    expect(sent.map((call) => call.params.text)).toEqual([expect.stringMatching(/Visa/)]);
  });

  it('WhatsApp: the same message (same wamid) to both instances is answered once', async () => {
    const payload = envelope({
      waId: '8613900000077',
      name: 'Li Wei',
      messages: [textMessage('8613900000077', 'what payment methods do you accept?', { id: 'wamid.twice.0001' })],
    });
    const deliver = (app: FullApp) => postWebhook(`${app.baseUrl}/whatsapp/webhook`, payload).then((response) => response.status);
    expect(await Promise.all([deliver(a), deliver(b)])).toEqual([200, 200]);
    expect(await deliver(a)).toBe(200);
    await settle();
    const delivered = fakes.graph.delivered('8613900000077');
    expect(delivered).toHaveLength(1);
    expect(JSON.stringify(delivered[0]!.body)).toMatch(/Visa/);
  });

  it('Slack: a thread reply redelivered with X-Slack-Retry-Num to the other instance reaches the customer once', async () => {
    const customer = await startCustomer(a.baseUrl, 'slack-twice');
    await customer.say('I want to talk to a real person');
    const ticket = await a.assistant.handoff.service.openTicketFor(customer.conversationId);
    expect(ticket, 'the customer was queued').toBeDefined();
    const claimed = await fetch(`${b.baseUrl}/api/agent/tickets/${ticket!.id}/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${AGENTS[0].token}` },
    });
    expect(claimed.status).toBe(200);
    await settle();
    const card = fakes.slack
      .callsTo('chat.postMessage')
      .find((message) => !message.thread_ts && Object.values(actionsOf(message)).some((action) => action.value === ticket!.id));
    expect(card, 'the card in the queue channel').toBeDefined();
    await customer.read();

    const reply = { user: SLACK_ADA, channel: SLACK_QUEUE, threadTs: String(card!.ts), text: 'Your parcel left the warehouse today.' };
    expect(await slackSender({ baseUrl: a.baseUrl, signingSecret: SLACK_SIGNING_SECRET }).threadReply(reply, { eventId: 'EvTwiceAcross01' })).toBe(200);
    await settle();
    // Slack did not hear back in time: the same event again, to the other instance, then once more.
    const toB = slackSender({ baseUrl: b.baseUrl, signingSecret: SLACK_SIGNING_SECRET });
    expect(await toB.threadReply(reply, { eventId: 'EvTwiceAcross01', retryNum: 1 })).toBe(200);
    expect(await toB.threadReply(reply, { eventId: 'EvTwiceAcross01', retryNum: 2 })).toBe(200);
    await settle();
    expect((await customer.read()).map((line) => line.text)).toEqual(['Your parcel left the warehouse today.']);
  });
});

/** Every activity of the conversation, paging through the log. */
async function readLog(baseUrl: string, conversationId: string, token: string): Promise<WireActivity[]> {
  const all: WireActivity[] = [];
  let watermark = '';
  for (let page = 0; page < 50; page++) {
    const response = await fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { activities: WireActivity[]; watermark: string };
    all.push(...body.activities);
    if (body.activities.length === 0) return all;
    watermark = body.watermark;
  }
  return all;
}
