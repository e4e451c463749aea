/**
 * The Slack desk's durable inbox (desks/slack/slack-inbox.ts) on the real Redis: what a signed request
 * leaves in the journal, and what a survivor does with an entry an instance left when it died after
 * Slack's 200 (written here as that instance's journal would have: another owner, a lease that lapsed).
 * The survivor runs it through the desk's own listeners; Slack's retry of it is dropped; what would
 * happen twice or undo the agent's later work is not run again, and the agent is told (Claim, `/baton
 * next`, `away`, a flagged reply, a coach draft's click, a reply the ticket refuses now, anything too
 * old); a Resolve or a Return run again is quiet when done already, told when refused otherwise; a listener that fails tells the agent; another bot's entries are left alone; an erase removes
 * the entries of the customer's ticket thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisDeliveryJournal } from '../../adapters/kit/redis-delivery-journal.js';
import { rerunClick, rerunRefused } from '../../desks/slack/card-actions.js';
import { RERUN_DISCARDED, RERUN_DRAFT, RERUN_FLAGGED, RERUN_HELD } from '../../desks/slack/coached-replies.js';
import { SENT_OTHERWISE } from '../../desks/slack/desk-context.js';
import { RERUN_NEXT, RERUN_PRESENCE } from '../../desks/slack/slash-command.js';
import { RERUN_REFUSED } from '../../desks/slack/thread-replies.js';
import { slackDelivery, slackInboxChannel } from '../../desks/slack/index.js';
import { eventually } from '../handoff/harness.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { blockActions, eventCallback, slashCommand, threadMessage } from '../support/slack-requests.js';
import { actionsOf, ADA, BEN, QUEUE, startSlackApp, type SlackApp, type SlackMessage } from './slack-harness.js';

const ADMIN_TOKEN = 'slack-inbox-admin-token-0123456789';

describe('Slack desk: the durable inbox (Redis)', () => {
  let app: SlackApp;
  let testRedis: TestRedis;
  const channel = () => app.assistant.slack!.inboxChannel;
  const inboxKeys = async () => testRedis.redis.keys(`${testRedis.keyPrefix}inbox:{${channel()}}:*`);
  const entries = async (of = channel()) => testRedis.redis.hlen(`${testRedis.keyPrefix}inbox:{${of}}:meta`);

  /** Records `body` as an instance that acknowledged it (at `acceptedAt`) and then died would have left it. */
  const leftByADeadInstance = async (body: Record<string, unknown>, { leaseMs = 1, acceptedAt = Date.now(), of = channel() } = {}) => {
    const journal = createRedisDeliveryJournal({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix });
    const delivery = slackDelivery(body, acceptedAt);
    if (!delivery) throw new Error('the body causes no work: nothing would be recorded');
    expect(await journal.accept(of, delivery, { owner: 'dead-instance', ms: leaseMs }, 3600)).toBe(true);
    return delivery;
  };

  /** Entries of `of` whose lease has lapsed by Redis's clock (the sweep's own reading). */
  const lapsedEntries = async (of: string) => {
    const [seconds, micros] = await testRedis.redis.time();
    return testRedis.redis.zcount(`${testRedis.keyPrefix}inbox:{${of}}:leases`, '-inf', Number(seconds) * 1000 + Math.floor(Number(micros) / 1000));
  };

  /** Sweeps as a survivor does, once the dead instance's lease lapsed (by Redis's clock), until it took the entry. */
  const takeOver = async () => {
    await eventually('the lapsed entry to be taken over', async () => (await app.assistant.slack!.recoverNow()) === 1);
    await app.settle();
  };

  beforeAll(async () => {
    testRedis = connectTestRedis('slack-inbox');
    // Only the test sweeps (`takeOver`): the timer's sweep would come after a test's checks.
    app = await startSlackApp({ testRedis, settings: { ADMIN_TOKEN, INBOX_SWEEP_SECONDS: '600' } });
  });
  afterAll(async () => {
    await app?.stop();
    await testRedis?.cleanup();
  });

  const claimed = async (ask?: string, said?: string) => {
    const escalated = await app.escalatedCustomer(ask);
    if (said) await escalated.customer.say(said);
    await app.send.click({ user: ADA, channel: QUEUE, messageTs: escalated.card.ts, action: { type: 'button', ...actionsOf(escalated.card).baton_claim } });
    await app.settle();
    await escalated.customer.read();
    return escalated;
  };

  it('a signed thread message is in the inbox while its work runs, gone once handled; its retry is dropped', async () => {
    const { customer, card } = await claimed();
    const reply = { user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Your refund was approved today.' };
    expect(await app.send.threadReply(reply, { eventId: 'EvInboxLive0001' })).toBe(200);
    await app.settle();
    expect((await customer.read()).map((line) => line.text)).toEqual(['Your refund was approved today.']);
    expect(await entries()).toBe(0);
    // The dedupe mark stays: Slack's retry, and a retry of the retry, are acknowledged and dropped.
    expect(await app.send.threadReply(reply, { eventId: 'EvInboxLive0001', retryNum: 1 })).toBe(200);
    expect(await app.send.threadReply(reply, { eventId: 'EvInboxLive0001', retryNum: 2 })).toBe(200);
    await app.settle();
    expect(await customer.read()).toEqual([]);

    // Ben (not the holder) writes in the thread: while the desk is telling him so, his message is in the inbox.
    const held = app.slack.holdNext('chat.postEphemeral');
    try {
      expect(await app.send.threadReply({ ...reply, user: BEN, text: 'I can take this one.' }, { eventId: 'EvInboxLive0002' })).toBe(200);
      expect((await held.reached).user).toBe(BEN);
      expect(await entries()).toBe(1);
    } finally {
      held.release();
    }
    await app.settle();
    expect(await entries()).toBe(0);
    expect(app.ephemeralsFor(BEN).at(-1)).toMatch(/who holds this ticket, speaks to the customer here/);
  });

  it("runs an agent's reply a dead instance acknowledged, once; Slack's retry of it is dropped", async () => {
    const { customer, card } = await claimed();
    const body = eventCallback(threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'It ships tomorrow morning.' }), {
      eventId: 'EvInboxDead0001',
    });
    await leftByADeadInstance(body);

    await takeOver();
    expect((await customer.read()).map((line) => line.text)).toEqual(['It ships tomorrow morning.']);
    expect(await entries()).toBe(0);
    // The dead instance had claimed the event id: Slack's retry is a duplicate here too.
    expect(await app.send.post(JSON.stringify(body), 'application/json', { headers: { 'x-slack-retry-num': '1' } })).toMatchObject({ status: 200 });
    await app.settle();
    expect(await customer.read()).toEqual([]);
    expect(await app.assistant.slack!.recoverNow()).toBe(0);
  });

  it('a request left so long ago (a fleet restart) is not run again; the agent is told', async () => {
    const { customer, card } = await claimed();
    const told = app.ephemeralsFor(ADA).length;
    const body = eventCallback(threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Your parcel is on its way.' }));
    await leftByADeadInstance(body, { acceptedAt: Date.now() - 10 * 60_000 });

    await takeOver();
    expect(await customer.read()).toEqual([]);
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([
      expect.stringMatching(/^Your message in this thread of 10 min ago was cut short by a restart .* not run again so late/),
    ]);
    expect(await entries()).toBe(0);
  });

  it('a reply run again after the ticket was resolved says it may have been sent, not that the ticket is closed', async () => {
    const { ticketId, customer, card } = await claimed();
    const told = app.ephemeralsFor(ADA).length;
    expect((await app.assistant.handoff.service.resolve(ticketId, 'ada')).ok).toBe(true);
    await app.settle();
    await customer.read();
    await leftByADeadInstance(eventCallback(threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Anything else I can do?' })));

    await takeOver();
    expect(await customer.read()).toEqual([]);
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([RERUN_REFUSED]);
  });

  it('a Claim is not run again (the ticket may have moved on since): the agent is asked to look and click again', async () => {
    const { ticketId, card } = await app.escalatedCustomer();
    const click = { user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } };
    expect(await app.send.click(click)).toBe(200);
    await app.settle();
    // Ada hands the ticket to Cora after her Claim; the Claim, left by an instance that died, must not pull it back.
    expect((await app.assistant.handoff.service.transfer(ticketId, 'ada', { toAgentId: 'cora' })).ok).toBe(true);
    await app.settle();
    const told = app.ephemeralsFor(ADA).length;
    await leftByADeadInstance(blockActions(click));

    await takeOver();
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([rerunClick('Claim')]);
    expect(await app.assistant.handoff.service.details(ticketId, 'ada')).toMatchObject({ state: 'assigned', agentId: 'cora' });
    expect(await entries()).toBe(0);
  });

  it('Resolve and Return run again: quiet when the first run did them, told when refused for another reason', async () => {
    const NOT_HOLDER = 'Only the agent holding this ticket may do that; claim it first.';
    const controlsOf = (card: SlackMessage) =>
      actionsOf(app.slack.callsTo('chat.postMessage').find((message) => message.thread_ts === card.ts && actionsOf(message).baton_resolve)!);
    const clickOn = (card: SlackMessage, action: 'baton_resolve' | 'baton_return') => ({
      user: ADA,
      channel: QUEUE,
      messageTs: '1900000000.000777',
      threadTs: card.ts,
      action: { type: 'button', ...controlsOf(card)[action] },
    });

    // Done by its first run (the instance died before removing the entry): nothing to say.
    const done = await claimed();
    const resolve = clickOn(done.card, 'baton_resolve');
    expect(await app.send.click(resolve)).toBe(200);
    await app.settle();
    let told = app.ephemeralsFor(ADA).length;
    await leftByADeadInstance(blockActions(resolve));
    await takeOver();
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([]);

    // Cut short before it ran; Ada handed the ticket to Cora meanwhile: refused, and Ada must know it was not done.
    const moved = await claimed();
    const resolveMoved = clickOn(moved.card, 'baton_resolve');
    expect((await app.assistant.handoff.service.transfer(moved.ticketId, 'ada', { toAgentId: 'cora' })).ok).toBe(true);
    await app.settle();
    told = app.ephemeralsFor(ADA).length;
    await leftByADeadInstance(blockActions(resolveMoved));
    await takeOver();
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([rerunRefused('Resolve', NOT_HOLDER)]);
    expect(await app.assistant.handoff.service.details(moved.ticketId, 'ada')).toMatchObject({ state: 'assigned', agentId: 'cora' });

    // A Return cut short, the ticket resolved by Ada meanwhile: not returned, and she is told.
    const closed = await claimed();
    const returnClosed = clickOn(closed.card, 'baton_return');
    expect((await app.assistant.handoff.service.resolve(closed.ticketId, 'ada')).ok).toBe(true);
    await app.settle();
    told = app.ephemeralsFor(ADA).length;
    await leftByADeadInstance(blockActions(returnClosed));
    await takeOver();
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([rerunRefused('Return to bot', NOT_HOLDER)]);
    expect(await entries()).toBe(0);
  });

  it('`/baton next` run again does not take a second ticket; `/baton away` run again does not switch presence', async () => {
    await app.escalatedCustomer();
    const { queued } = await app.assistant.handoff.service.queue('ada');
    expect(queued.length).toBeGreaterThan(0);
    await leftByADeadInstance(slashCommand({ user: ADA, channel: QUEUE, text: 'next', responseUrl: app.slack.responseUrl('rerun-next') }));

    await takeOver();
    expect(app.slack.responses.filter((response) => response.id === 'rerun-next').map((response) => response.body.text)).toEqual([RERUN_NEXT]);
    expect((await app.assistant.handoff.service.queue('ada')).queued).toHaveLength(queued.length);

    // Ada went away, then came back: the `away` left by a dead instance would send her away again.
    expect((await app.assistant.handoff.service.me('ada'))?.presence).toBe('available');
    await leftByADeadInstance(slashCommand({ user: ADA, channel: QUEUE, text: 'away', responseUrl: app.slack.responseUrl('rerun-away') }));
    await takeOver();
    expect(app.slack.responses.filter((response) => response.id === 'rerun-away').map((response) => response.body.text)).toEqual([RERUN_PRESENCE]);
    expect((await app.assistant.handoff.service.me('ada'))?.presence).toBe('available');
  });

  it('the coach: a flagged reply run again is not held again; a draft click run again says the draft may not have gone out', async () => {
    const { customer, card } = await claimed('I want to talk to a real person', "My parcel still hasn't arrived, it is two weeks late");
    const message = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Not my problem.' });
    await app.send.event(message);
    await app.settle();
    const offer = app.lastEphemeralFor(ADA);
    const send = { type: 'button', ...actionsOf(offer).baton_draft_send };
    const click = { user: ADA, channel: QUEUE, messageTs: '1900000000.000999', threadTs: card.ts, ephemeral: true, action: send };
    expect(await app.send.click({ ...click, responseUrl: app.slack.responseUrl('coach-live') })).toBe(200);
    await app.settle();
    expect((await customer.read()).map((line) => line.text)).toEqual(['Not my problem.']);

    // The same message, left by an instance that held it and died: held again, Ada would be offered to send it twice.
    const told = app.ephemeralsFor(ADA).length;
    await leftByADeadInstance(eventCallback(message));
    await takeOver();
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([RERUN_FLAGGED]);
    expect(await customer.read()).toEqual([]);

    // Her click, left by an instance that took the draft and died: the draft is gone, and may not have gone out.
    await leftByADeadInstance(blockActions(click, { responseUrl: app.slack.responseUrl('coach-rerun') }));
    await takeOver();
    expect(app.slack.responses.filter((response) => response.id === 'coach-rerun').map((response) => response.body.text)).toEqual([RERUN_DRAFT]);
    expect(await customer.read()).toEqual([]);
  });

  it('the coach: a flagged reply run again reaches the customer at most once and only as the agent decides, even when the coach would pass it now', async () => {
    const { customer, card, ticketId } = await claimed('I want to talk to a real person', "My parcel still hasn't arrived, it is two weeks late");
    const heldBy = async (text: string) => {
      const message = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text });
      await app.send.event(message);
      await app.settle();
      const offer = app.lastEphemeralFor(ADA);
      const button = (id: string) => ({
        user: ADA,
        channel: QUEUE,
        messageTs: '1900000000.000998',
        threadTs: card.ts,
        ephemeral: true,
        action: { type: 'button', ...actionsOf(offer)[id] },
      });
      return { message, asWritten: button('baton_draft_send'), withPhrase: button('baton_draft_phrase'), discard: button('baton_draft_discard') };
    };
    // The instance that runs it again reviews otherwise (new rules after a deploy, another coach): it passes the reply.
    const runAgainPassed = (message: Record<string, unknown>) =>
      app.whileCoachPasses(async () => {
        await leftByADeadInstance(eventCallback(message));
        await takeOver();
      });

    // Run again while its draft still waits for Ada: the run does not send it, and her Discard stands.
    const waiting = await heldBy('Not my problem.');
    let told = app.ephemeralsFor(ADA).length;
    await runAgainPassed(waiting.message);
    expect(await app.send.click(waiting.discard)).toBe(200);
    await app.settle();
    expect(await customer.read()).toEqual([]);
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([RERUN_HELD]);

    // Run again after Ada sent its draft as written: the message and its draft are one send.
    const sent = await heldBy('Read the FAQ.');
    expect(await app.send.click(sent.asWritten)).toBe(200);
    await app.settle();
    expect((await customer.read()).map((line) => line.text)).toEqual(['Read the FAQ.']);
    await runAgainPassed(sent.message);
    expect(await customer.read()).toEqual([]);

    // Run again after Ada sent it with the coach's phrase: other words under the same send, so not sent again; she is told.
    const phrased = await heldBy('Calm down.');
    expect(await app.send.click(phrased.withPhrase)).toBe(200);
    await app.settle();
    expect((await customer.read()).map((line) => line.text)).toEqual([expect.stringMatching(/Calm down\.$/)]);
    told = app.ephemeralsFor(ADA).length;
    await runAgainPassed(phrased.message);
    expect(await customer.read()).toEqual([]);
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([SENT_OTHERWISE]);

    // Run again after Ada discarded its draft: what she discarded is not sent, and she is told why.
    const discarded = await heldBy('Not my problem.');
    expect(await app.send.click(discarded.discard)).toBe(200);
    await app.settle();
    told = app.ephemeralsFor(ADA).length;
    await runAgainPassed(discarded.message);
    expect(await customer.read()).toEqual([]);
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([RERUN_DISCARDED]);
    // Ada's capacity is shared by the tests of this file.
    expect((await app.assistant.handoff.service.resolve(ticketId, 'ada')).ok).toBe(true);
  });

  it('a listener that fails tells the agent it may not have been done', async () => {
    const { customer, card } = await claimed();
    const told = app.ephemeralsFor(ADA).length;
    // The canned reply goes out; the thread's ":zap: Sent" line after it is refused by Slack.
    app.slack.refusals.set('chat.postMessage', 'channel_not_found');
    try {
      await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: '!shipping-delay' });
      await app.settle();
    } finally {
      app.slack.refusals.delete('chat.postMessage');
    }
    expect(await customer.read()).toHaveLength(1);
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([
      expect.stringMatching(/^Your message in this thread failed on the desk and may not have been done in full/),
    ]);
    expect(await entries()).toBe(0);
  });

  it("another bot's desk on the same Redis leaves this bot's entries alone, and this one leaves its", async () => {
    const { card } = await claimed();
    const other = slackInboxChannel('another-bot');
    expect(channel()).toBe(slackInboxChannel('shop-assistant'));
    await leftByADeadInstance(eventCallback(threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'From the other bot.' })), { of: other });
    // Its lease has lapsed by Redis's clock, so this desk's sweep would take it were it looking at that inbox.
    await eventually("the other bot's entry to lapse", async () => (await lapsedEntries(other)) === 1);
    expect(await app.assistant.slack!.recoverNow()).toBe(0);
    expect(await entries(other)).toBe(1);
  });

  it("an erase of the customer's conversation removes the entries of their ticket's thread", async () => {
    const { customer, card } = await claimed();
    // Held by an instance still running it (a long lease): the erase must not wait for it.
    await leftByADeadInstance(eventCallback(threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Card 4111 1111 1111 1111 refunded.' })), {
      leaseMs: 600_000,
    });
    expect(await entries()).toBe(1);

    const response = await fetch(`${app.baseUrl}/api/admin/conversations/${encodeURIComponent(customer.conversationId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { erased: Record<string, unknown> }).erased).toMatchObject({ inboxEntries: 1 });
    expect(await entries()).toBe(0);
    expect(await inboxKeys()).not.toContain(`${testRedis.keyPrefix}inbox:{${channel()}}:payloads`);
  });
});
