/**
 * What the Slack desk accepts from the outside: only requests signed with the signing secret and
 * no older than 5 minutes; each event once, however often Slack delivers it; actions only from the
 * desk's members (queue channel or agents' user group), who become agents on their first action.
 * On memory and on Redis (the dedupe store and the agent profiles live there).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { actionsOf, ADA, BEN, EVE, GUS, QUEUE, startSlackApp, type SlackApp } from './slack-harness.js';

const texts = (replies: readonly { text: string }[]) => replies.map((reply) => reply.text);
const NOT_AN_AGENT = /^Only members of the support desk channel/;

for (const store of ['memory', 'redis'] as const) {
  describe(`Slack desk requests (${store} store)`, () => {
    let app: SlackApp;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('slack-requests') : undefined;
      app = await startSlackApp({ testRedis });
    });
    afterAll(async () => {
      await app?.stop();
      await testRedis?.cleanup();
    });

    /** A ticket `user` has claimed, its customer's messages read so far. */
    async function claimedBy(user: string) {
      const escalated = await app.escalatedCustomer();
      const { card } = escalated;
      expect(await app.send.click({ user, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } })).toBe(200);
      await app.settle();
      await escalated.customer.read();
      return escalated;
    }

    it("answers Slack's URL check with its challenge", async () => {
      const answer = await app.send.post(
        JSON.stringify({ token: 'legacy', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' }),
        'application/json',
      );
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    });

    it('refuses a forged signature, a replayed old request and an unsigned one with 401, and does nothing for them', async () => {
      const { customer, ticketId, card } = await claimedBy(ADA);
      const reply = { user: ADA, channel: QUEUE, threadTs: card.ts, text: 'You should not see this' };
      expect(await app.send.threadReply(reply, { secret: 'not-the-signing-secret-0123456789' })).toBe(401);
      // Signed correctly, but six minutes ago: a captured request played again.
      expect(await app.send.threadReply(reply, { timestamp: Math.floor(Date.now() / 1000) - 360 })).toBe(401);
      const unsigned = await fetch(`${app.baseUrl}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'event_callback', event: { type: 'message' } }),
      });
      expect(unsigned.status).toBe(401);
      await app.settle();
      expect(await customer.read()).toEqual([]);

      // A forged click claims nothing.
      const other = await app.escalatedCustomer();
      expect(
        await app.send.click(
          { user: BEN, channel: QUEUE, messageTs: other.card.ts, action: { type: 'button', ...actionsOf(other.card).baton_claim } },
          { secret: 'not-the-signing-secret-0123456789' },
        ),
      ).toBe(401);
      await app.settle();
      expect((await app.assistant.handoff.service.details(other.ticketId, 'ada'))?.state).toBe('queued');
      expect((await app.assistant.handoff.service.details(ticketId, 'ada'))?.state).toBe('assigned');
    });

    it('handles an event once when Slack delivers it again (same event_id, X-Slack-Retry-Num)', async () => {
      const { customer, card } = await claimedBy(ADA);
      const reply = { user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Your parcel left the warehouse today.' };
      expect(await app.send.threadReply(reply, { eventId: `EvRETRY${store}` })).toBe(200);
      await app.settle();
      expect(texts(await customer.read())).toEqual(['Your parcel left the warehouse today.']);
      // Slack did not hear back in time and sends the same event again: acknowledged, not repeated.
      expect(await app.send.threadReply(reply, { eventId: `EvRETRY${store}`, retryNum: 1 })).toBe(200);
      expect(await app.send.threadReply(reply, { eventId: `EvRETRY${store}`, retryNum: 2 })).toBe(200);
      await app.settle();
      expect(await customer.read()).toEqual([]);
      // The same words in a new message are a new message.
      await app.send.threadReply(reply);
      await app.settle();
      expect(texts(await customer.read())).toEqual(['Your parcel left the warehouse today.']);
    });

    it("lets only desk members act; outsiders are told privately, members of the agents' group may act too", async () => {
      const { customer, ticketId, card } = await app.escalatedCustomer();
      await app.send.click({ user: EVE, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
      await app.send.threadReply({ user: EVE, channel: QUEUE, threadTs: card.ts, text: 'hello?' });
      await app.send.click({ user: EVE, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_transcript } });
      await app.settle();
      expect(app.ephemeralsFor(EVE)).toEqual([expect.stringMatching(NOT_AN_AGENT), expect.stringMatching(NOT_AN_AGENT), expect.stringMatching(NOT_AN_AGENT)]);
      expect((await app.assistant.handoff.service.details(ticketId, 'ada'))?.state).toBe('queued');
      expect(await app.assistant.handoff.service.me(`slack:${EVE}`)).toBeUndefined();

      // Gus is not in the channel but in the agents' user group: he may claim, and becomes an agent named from users.info.
      await app.send.click({ user: GUS, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
      await app.settle();
      expect(texts(await customer.read())).toEqual(['Gus from our team has joined the conversation.']);
      expect(await app.assistant.handoff.service.me(`slack:${GUS}`)).toMatchObject({
        name: 'Gus',
        languages: ['en'],
        skills: ['general'],
        capacity: 3,
        presence: 'available',
        activeTickets: 1,
      });
      expect(app.slack.callsTo('users.info').map((call) => call.user)).toContain(GUS);
      // Every page of the channel's members was read (the fake answers two per page).
      expect(app.slack.callsTo('conversations.members').map((call) => call.cursor ?? '')).toEqual(expect.arrayContaining(['', '2', '4']));
    });

    it('ignores bot posts and edits in a thread, so nothing loops', async () => {
      const { customer, card } = await claimedBy(ADA);
      await app.send.event({
        type: 'message',
        subtype: 'bot_message',
        bot_id: 'B0OTHER',
        channel: QUEUE,
        thread_ts: card.ts,
        ts: '1900000999.000100',
        text: 'a bot speaking',
      });
      await app.send.event({
        type: 'message',
        bot_id: 'B0BATON',
        user: 'U0BATONBOT',
        channel: QUEUE,
        thread_ts: card.ts,
        ts: '1900000999.000200',
        text: 'our own post',
      });
      await app.send.event({
        type: 'message',
        subtype: 'message_changed',
        channel: QUEUE,
        ts: '1900000999.000300',
        message: { user: ADA, text: 'edited', thread_ts: card.ts },
      });
      await app.settle();
      expect(await customer.read()).toEqual([]);
      expect(app.ephemeralsFor(ADA)).toEqual([]);
    });
  });
}
