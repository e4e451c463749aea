/**
 * The agents' coach in the Slack desk, beyond the thread reply mode on one instance (slack-coach.test.ts):
 * the explicit reply mode, where a flagged note is offered with the coach's warning and the "Send to
 * customer" shortcut waits for that decision, and sends nothing more once the draft went out; and two
 * instances on one Redis, where a draft held on one is sent from a click on the other, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAFT_WAITING } from '../../desks/slack/coached-replies.js';
import { SEND_SHORTCUT, SENT_OTHERWISE } from '../../desks/slack/desk-context.js';
import type { BotReply } from '../support/directline-customer.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { threadMessage } from '../support/slack-requests.js';
import { actionsOf, ADA, QUEUE, startSlackApp, type SlackApp, type SlackMessage } from './slack-harness.js';

const texts = (replies: readonly BotReply[]) => replies.map((reply) => reply.text);

describe("Slack desk with the agents' coach, explicit reply mode", () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await startSlackApp({ settings: { SLACK_REPLY_MODE: 'explicit' } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('offers a flagged note with the warning instead of the plain offer; the shortcut waits for that decision', async () => {
    const { customer, ticketId, card } = await app.escalatedCustomer('I want to talk to a real person');
    await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
    await app.settle();
    await customer.read();

    const curt = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Read the FAQ.' });
    await app.send.event(curt);
    await app.settle();
    const offer = app.lastEphemeralFor(ADA);
    expect(offer.text).toMatch(/^Not sent yet: /);
    expect(Object.keys(actionsOf(offer))).toEqual(['baton_draft_send', 'baton_draft_phrase', 'baton_draft_discard']);
    expect((await app.assistant.handoff.service.details(ticketId, 'ada'))!.transcript.filter((line) => line.from === 'note').map((line) => line.text)).toEqual([
      'Read the FAQ.',
    ]);

    const message = { ts: String(curt.ts), thread_ts: card.ts, user: ADA, text: 'Read the FAQ.' };
    await app.send.shortcut({ user: ADA, channel: QUEUE, callbackId: SEND_SHORTCUT, message });
    await app.settle();
    expect(app.ephemeralsFor(ADA).at(-1)).toBe(DRAFT_WAITING);
    expect(await customer.read()).toEqual([]);

    /** Clicks a button of the private message `shown` in the card's thread; what the desk answered goes to `answered`. */
    const clickIn = async (shown: SlackMessage, actionId: string, answered = 'unused') => {
      const click = { user: ADA, channel: QUEUE, messageTs: '1900000000.000999', threadTs: card.ts, ephemeral: true };
      await app.send.click({ ...click, responseUrl: app.slack.responseUrl(answered), action: { type: 'button', ...actionsOf(shown)[actionId] } });
      await app.settle();
    };
    await clickIn(offer, 'baton_draft_send', 'explicit-coach');
    expect(texts(await customer.read())).toEqual(['Read the FAQ.']);

    // Sent with the coach's phrase, then again from the shortcut: the draft and its message are one send, so
    // the other words are not sent too, whether the coach flags it again or would pass it (other rules after a deploy).
    const calm = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Calm down.' });
    await app.send.event(calm);
    await app.settle();
    await clickIn(app.lastEphemeralFor(ADA), 'baton_draft_phrase');
    expect(texts(await customer.read())).toEqual([expect.stringMatching(/ Calm down\.$/)]);
    const shortcut = {
      user: ADA,
      channel: QUEUE,
      callbackId: SEND_SHORTCUT,
      message: { ts: String(calm.ts), thread_ts: card.ts, user: ADA, text: 'Calm down.' },
    };
    // The shortcut on it while the coach still flags it: held and warned about again; sent as written, it is refused.
    await app.send.shortcut(shortcut);
    await app.settle();
    await clickIn(app.lastEphemeralFor(ADA), 'baton_draft_send', 'explicit-again');
    expect(await customer.read()).toEqual([]);
    expect(app.slack.responses.filter((response) => response.id === 'explicit-again').map((response) => response.body.text)).toEqual([SENT_OTHERWISE]);
    await app.whileCoachPasses(async () => {
      await app.send.shortcut(shortcut);
      await app.settle();
    });
    expect(await customer.read()).toEqual([]);
    expect(app.ephemeralsFor(ADA).at(-1)).toBe(SENT_OTHERWISE);

    // A polite note gets the plain offer, as before.
    await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Thanks for waiting, I am checking with the warehouse now.' });
    await app.settle();
    expect(app.ephemeralsFor(ADA).at(-1)).toMatch(/^Kept as an internal note/);
  });
});

describe("Slack desk with the agents' coach on two instances (Redis)", () => {
  let a: SlackApp;
  let b: SlackApp;
  let testRedis: TestRedis;

  beforeAll(async () => {
    testRedis = connectTestRedis('slack-coach-two');
    a = await startSlackApp({ testRedis });
    b = await startSlackApp({ testRedis, fakeSlack: a.slack });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await testRedis?.cleanup();
  });

  it('holds a draft on one instance and sends it from the click on the other, once', async () => {
    const settle = async () => {
      await a.settle();
      await b.settle();
    };
    const { customer, card } = await a.escalatedCustomer();
    await a.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
    await settle();
    await customer.read();

    await a.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'No idea.' });
    await settle();
    const offer = a.lastEphemeralFor(ADA);
    expect(offer.text).toMatch(/^Not sent yet: /);
    expect(await customer.read()).toEqual([]);

    // Two clicks at once, one on each instance: one send.
    const clickOn = (app: SlackApp, id: string) =>
      app.send.click({
        user: ADA,
        channel: QUEUE,
        messageTs: '1900000000.000999',
        threadTs: card.ts,
        ephemeral: true,
        responseUrl: a.slack.responseUrl(id),
        action: { type: 'button', ...actionsOf(offer).baton_draft_phrase },
      });
    await Promise.all([clickOn(b, 'two-b'), clickOn(a, 'two-a')]);
    await settle();
    const [sent, ...more] = texts(await customer.read());
    expect(more).toEqual([]);
    expect(sent).toMatch(/ No idea\.$/);
    const answers = a.slack.responses.filter((response) => response.id.startsWith('two-')).map((response) => response.body.text);
    expect(answers.filter((text) => text.startsWith('Sent to the customer'))).toHaveLength(1);
    expect(answers.filter((text) => /already sent or discarded/.test(text))).toHaveLength(1);
  });
});
