/**
 * The agents' coach in the Slack desk, through Slack's front door (signed events and clicks) against
 * the fake Web API: a curt English or Chinese reply in a ticket's thread is held and its author alone
 * sees the warning, the phrase in the customer's language and three buttons; "Send as written" relays
 * it once, however often it is clicked or the message redelivered; a polite reply goes at once; a held
 * draft whose ticket was resolved meanwhile is not sent; "Suggest a reply" offers the FAQ answer and
 * the order facts privately with "Send". On memory and on Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_ANSWERS } from '../../bots/shop-assistant/answers.js';

import type { BotReply } from '../support/directline-customer.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { threadMessage } from '../support/slack-requests.js';
import { actionsOf, ADA, BEN, QUEUE, shownText, startSlackApp, type SlackApp, type SlackMessage } from './slack-harness.js';

const ANSWERS_EN = SHOP_ANSWERS.en;

const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
const texts = (replies: readonly BotReply[]) => replies.map((reply) => reply.text);

for (const store of ['memory', 'redis'] as const) {
  describe(`Slack desk with the agents' coach (${store} store)`, () => {
    let app: SlackApp;
    let testRedis: TestRedis | undefined;
    let responses = 0;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('slack-coach') : undefined;
      app = await startSlackApp({ testRedis, settings: { ADMIN_TOKEN } });
    });
    afterAll(async () => {
      await app?.stop();
      await testRedis?.cleanup();
    });

    /** A customer who asked for a person and wrote `said`; Ada claimed the ticket from its card. */
    const claimed = async (ask: string, said: string) => {
      const { customer, ticketId, card } = await app.escalatedCustomer(ask);
      await customer.say(said);
      await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
      await app.settle();
      await customer.read();
      return { customer, ticketId, card };
    };
    const ephemerals = (user: string) => app.slack.callsTo('chat.postEphemeral').filter((message) => message.user === user);
    /** Clicks a button of a private message; resolves what the desk answered on its response URL. */
    const click = async (user: string, offer: SlackMessage, actionId: string) => {
      const id = `coach-${store}-${++responses}`;
      const status = await app.send.click({
        user,
        channel: QUEUE,
        messageTs: '1900000000.000999',
        threadTs: offer.thread_ts,
        ephemeral: true,
        responseUrl: app.slack.responseUrl(id),
        action: { type: 'button', ...actionsOf(offer)[actionId] },
      });
      expect(status).toBe(200);
      await app.settle();
      return app.slack.responses.filter((response) => response.id === id).map((response) => response.body);
    };
    const reply = async (threadTs: string, text: string, user = ADA) => {
      await app.send.threadReply({ user, channel: QUEUE, threadTs, text });
      await app.settle();
    };

    it('holds a curt English reply privately; "Send as written" relays it once', async () => {
      const { customer, ticketId, card } = await claimed('I want to talk to a real person', "My parcel still hasn't arrived, it is two weeks late");
      const before = ephemerals(ADA).length;
      // Slack delivers the same message twice (a retry under another event id): one hold, one warning.
      const message = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Not my problem.' });
      await app.send.event(message);
      await app.send.event(message);
      await app.settle();
      expect(await customer.read()).toEqual([]);
      const offers = ephemerals(ADA).slice(before);
      expect(offers).toHaveLength(1);
      const offer = offers[0]!;
      expect(offer.thread_ts).toBe(card.ts);
      expect(offer.text).toMatch(/^Not sent yet: This reply .*sounds dismissive.*Consider opening with: "[^"]+"$/);
      expect(Object.keys(actionsOf(offer))).toEqual(['baton_draft_send', 'baton_draft_phrase', 'baton_draft_discard']);
      expect(shownText(offer)).toContain('Add the phrase and send');
      expect(app.slack.callsTo('chat.postEphemeral').filter((m) => m.user !== ADA && /Not sent yet/.test(m.text))).toEqual([]);

      // Only the author may decide.
      expect(await click(BEN, offer, 'baton_draft_send')).toEqual([]);
      expect(app.ephemeralsFor(BEN).at(-1)).toBe('Only the agent who wrote this draft can send or discard it.');
      expect(await customer.read()).toEqual([]);

      expect(await click(ADA, offer, 'baton_draft_send')).toEqual([expect.objectContaining({ replace_original: true, text: 'Sent to the customer.' })]);
      expect(texts(await customer.read())).toEqual(['Not my problem.']);
      expect(app.thread(ticketId).at(-1)).toMatch(/^:headphones: .+ to the customer: Not my problem\.$/);
      // A second click sends nothing more.
      expect((await click(ADA, offer, 'baton_draft_send'))[0].text).toMatch(/already sent or discarded/);
      expect(await customer.read()).toEqual([]);

      // A polite reply is relayed at once, without a word from the coach.
      const quiet = ephemerals(ADA).length;
      await reply(card.ts, "I'm sorry for the wait! I have asked the carrier to prioritise your parcel.");
      expect(texts(await customer.read())).toEqual(["I'm sorry for the wait! I have asked the carrier to prioritise your parcel."]);
      expect(ephemerals(ADA)).toHaveLength(quiet);

      // Discard: nothing reaches the customer.
      await reply(card.ts, 'Read the FAQ.');
      expect((await click(ADA, ephemerals(ADA).at(-1)!, 'baton_draft_discard'))[0].text).toBe('Discarded: nothing was sent to the customer.');
      expect(await customer.read()).toEqual([]);
    });

    it('holds a curt Chinese reply with a Chinese phrase; "Add the phrase and send" sends both', async () => {
      const { customer, card } = await claimed('我要找人工客服', '我的快递还没到，已经等了一个星期了');
      await reply(card.ts, '不知道');
      expect(await customer.read()).toEqual([]);
      const offer = ephemerals(ADA).at(-1)!;
      const phrase = /Consider opening with: "([^"]+)"/.exec(offer.text)?.[1] ?? '';
      expect(phrase).toMatch(/\p{Script=Han}/u);
      const [answer] = await click(ADA, offer, 'baton_draft_phrase');
      expect(answer.text).toContain(phrase);
      expect(texts(await customer.read())).toEqual([`${phrase}不知道`]);
    });

    it('does not send a held draft whose ticket was resolved meanwhile', async () => {
      const { customer, ticketId, card } = await claimed('I want to talk to a real person', 'Where is my refund?');
      await reply(card.ts, 'Whatever.');
      const offer = ephemerals(ADA).at(-1)!;
      expect(offer.text).toMatch(/^Not sent yet/);
      expect((await app.assistant.handoff.service.resolve(ticketId, 'ada')).ok).toBe(true);
      await customer.read();
      expect((await click(ADA, offer, 'baton_draft_send'))[0].text).toMatch(/^Not sent: this ticket is no longer yours/);
      expect(await customer.read()).toEqual([]);
    });

    it('suggests a reply privately with the FAQ answer and the order facts; "Send" sends it', async () => {
      const { customer, card } = await claimed('I want to talk to a real person', 'How long does delivery take for my order A1001?');
      const controls = app.slack.callsTo('chat.postMessage').find((message) => message.thread_ts === card.ts && actionsOf(message).baton_suggest)!;
      expect(controls).toBeDefined();
      const clicked = await app.send.click({
        user: ADA,
        channel: QUEUE,
        messageTs: controls.ts,
        threadTs: card.ts,
        action: { type: 'button', ...actionsOf(controls).baton_suggest },
      });
      expect(clicked).toBe(200);
      await app.settle();
      const offer = ephemerals(ADA).at(-1)!;
      expect(offer.thread_ts).toBe(card.ts);
      expect(offer.text).toContain(ANSWERS_EN.delivery_period);
      expect(offer.text).toMatch(/Your order A1001 /);
      expect(await customer.read()).toEqual([]);
      await click(ADA, offer, 'baton_draft_send');
      const [sent] = texts(await customer.read());
      expect(sent).toContain(ANSWERS_EN.delivery_period);
      expect(sent).toMatch(/Your order A1001 /);
    });

    it('counts the outcomes for supervisors', async () => {
      const metrics = await (await fetch(`${app.baseUrl}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
      const count = (outcome: string) => Number(new RegExp(`desk="slack",outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
      expect(count('flagged')).toBe(4);
      expect(count('sent_anyway')).toBe(1);
      expect(count('phrase_used')).toBe(1);
      expect(count('discarded')).toBe(1);
      expect(count('suggestion_used')).toBe(1);
      // Six drafts reached the coach, but one was the same message redelivered: reviewed once.
      expect(count('reviewed')).toBe(5);
    });

    it('relays a flagged reply when Slack cannot show its author the warning, rather than keep it silently', async () => {
      const { customer, ticketId, card } = await claimed('I want to talk to a real person', 'Where is my parcel?');
      app.slack.refusals.set('chat.postEphemeral', 'user_not_in_channel');
      try {
        await reply(card.ts, 'Not my problem.');
      } finally {
        app.slack.refusals.delete('chat.postEphemeral');
      }
      // Nobody could click "Send as written" on a warning nobody saw: the reply goes as written.
      expect(texts(await customer.read())).toEqual(['Not my problem.']);
      // Once Slack shows warnings again, the coach holds flagged replies as before.
      await reply(card.ts, 'Read the FAQ.');
      expect(await customer.read()).toEqual([]);
      expect(ephemerals(ADA).at(-1)!.text).toMatch(/^Not sent yet/);
      expect((await app.assistant.handoff.service.details(ticketId, 'ada'))?.state).toBe('assigned');
    });
  });
}
