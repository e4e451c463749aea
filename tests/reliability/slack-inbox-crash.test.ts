/**
 * kill -9 of the Baton process handling an agent's reply typed in a Slack ticket thread, two real
 * processes on one Redis of the test's own. Instance A answers Slack's signed event 200 and starts the
 * work; the fake Telegram Bot API holds A's message to the customer (so the customer has seen nothing)
 * when A is killed. Slack got its 200 and will not deliver the event again, and its retry would be a
 * duplicate anyway: only the desk's durable inbox can save the reply. Instance B takes it over once A's
 * lease lapsed and delivers it to the customer, once; Slack's retry of the event to B is dropped; the
 * inbox is empty afterwards.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { actionsOf } from '../slack/slack-harness.js';
import { crashPairForSuite } from '../support/crash-pair.js';
import { SLACK_ADA, SLACK_QUEUE, SLACK_SIGNING_SECRET, TELEGRAM_SECRET } from '../support/full-app.js';
import { waitUntil } from '../support/redis-server.js';
import { slackSender } from '../support/slack-requests.js';
import { customer, textUpdate } from '../telegram/updates.js';

describe('kill -9 of the instance handling a Slack thread reply', () => {
  const crashPair = crashPairForSuite();

  it("a survivor delivers the reply A acknowledged, once; Slack's retry is dropped; the inbox empties", async () => {
    const { fakes, redis, a, b } = crashPair();
    const noor = customer(77_001);
    const toCustomer = () =>
      fakes.telegram.succeeded('sendMessage', (params) => String(params.chat_id) === String(noor.id)).map((call) => String(call.params.text));
    const telegram = await fetch(`${a.baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(textUpdate(770_001, noor, 'I want to talk to a real person')),
    });
    expect(telegram.status).toBe(200);

    // The ticket's card in the queue channel, then Ada's Claim on it.
    const cardPosts = () => fakes.slack.callsTo('chat.postMessage').filter((message) => !message.thread_ts && actionsOf(message).baton_claim);
    await waitUntil(
      'the ticket card in Slack',
      () => cardPosts().length > 0,
      30_000,
      () => a.output(),
    );
    const card = cardPosts()[0]!;
    const slackToA = slackSender({ baseUrl: a.baseUrl, signingSecret: SLACK_SIGNING_SECRET });
    const slackToB = slackSender({ baseUrl: b.baseUrl, signingSecret: SLACK_SIGNING_SECRET });
    expect(
      await slackToA.click({ user: SLACK_ADA, channel: SLACK_QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } }),
    ).toBe(200);
    // Told Ada joined: nothing else is on its way to the customer when the next message is held.
    await waitUntil(
      'the customer told Ada joined',
      () => toCustomer().some((text) => /Ada from our team has joined/.test(text)),
      30_000,
      () => a.output(),
    );

    const answer = 'Your refund of 42 EUR was approved; it reaches your card in 3 days.';
    const reply = { user: SLACK_ADA, channel: SLACK_QUEUE, threadTs: String(card.ts), text: answer };
    const held = fakes.telegram.holdNext('sendMessage');
    try {
      expect(await slackToA.threadReply(reply, { eventId: 'EvCrashReply0001' })).toBe(200);
      expect((await held.reached).text, "A is in the middle of the work: Ada's reply is on its way to the customer").toBe(answer);
      a.signal('SIGKILL');
      expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });

      await waitUntil(
        "B to deliver Ada's reply A acknowledged",
        () => toCustomer().includes(answer),
        30_000,
        () => b.output(),
      );
      // Slack's retry of the event (it did get its 200, but say it had not): acknowledged, dropped.
      expect(await slackToB.threadReply(reply, { eventId: 'EvCrashReply0001', retryNum: 1 })).toBe(200);
      const connection = new Redis(redis.url);
      try {
        await waitUntil(
          'the inbox to be empty',
          async () => (await connection.keys('baton:inbox:*')).length === 0,
          15_000,
          () => b.output(),
        );
      } finally {
        connection.disconnect();
      }
      expect(toCustomer().filter((text) => text === answer)).toEqual([answer]);
      expect(b.output()).toMatch(/slack:[\w.-]+: a delivery left by a stopped instance is run again/);
    } finally {
      // A's held message was never answered (A is gone); let the fake close its socket.
      held.release();
    }
  }, 90_000);
});
