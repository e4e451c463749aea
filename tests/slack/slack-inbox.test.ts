/**
 * The Slack desk's durable inbox (desks/slack/slack-inbox.ts) on the real Redis: what a signed request
 * leaves in the journal, and what a survivor does with an entry an instance left when it died after
 * Slack's 200 (written here as that instance's journal would have: another owner, a lease that lapsed).
 * The survivor runs it through the desk's own listeners; Slack's retry of it is dropped; a rerun of a
 * click that already went through says nothing to the agent; `/baton next` is not run twice; an erase
 * removes the entries of the customer's ticket thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisDeliveryJournal } from '../../adapters/kit/redis-delivery-journal.js';
import { RERUN_NEXT } from '../../desks/slack/slash-command.js';
import { SLACK_INBOX_CHANNEL, slackDelivery } from '../../desks/slack/index.js';
import { eventually } from '../handoff/harness.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { blockActions, eventCallback, slashCommand, threadMessage } from '../support/slack-requests.js';
import { actionsOf, ADA, QUEUE, startSlackApp, type SlackApp } from './slack-harness.js';

const ADMIN_TOKEN = 'slack-inbox-admin-token-0123456789';

describe('Slack desk: the durable inbox (Redis)', () => {
  let app: SlackApp;
  let testRedis: TestRedis;
  const inboxKeys = async () => testRedis.redis.keys(`${testRedis.keyPrefix}inbox:{${SLACK_INBOX_CHANNEL}}:*`);
  const entries = async () => testRedis.redis.hlen(`${testRedis.keyPrefix}inbox:{${SLACK_INBOX_CHANNEL}}:meta`);

  /** Records `body` as an instance that acknowledged it and then died would have left it. */
  const leftByADeadInstance = async (body: Record<string, unknown>, leaseMs = 1) => {
    const journal = createRedisDeliveryJournal({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix });
    const delivery = slackDelivery(body);
    if (!delivery) throw new Error('the body causes no work: nothing would be recorded');
    expect(await journal.accept(SLACK_INBOX_CHANNEL, delivery, { owner: 'dead-instance', ms: leaseMs }, 3600)).toBe(true);
    return delivery;
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

  const claimed = async () => {
    const escalated = await app.escalatedCustomer();
    await app.send.click({ user: ADA, channel: QUEUE, messageTs: escalated.card.ts, action: { type: 'button', ...actionsOf(escalated.card).baton_claim } });
    await app.settle();
    await escalated.customer.read();
    return escalated;
  };

  it('a signed thread reply leaves nothing in the inbox once handled, and its retry is dropped', async () => {
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

  it('a Claim run again after its first run went through says nothing to the agent', async () => {
    const { ticketId, card } = await app.escalatedCustomer();
    const click = { user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } };
    expect(await app.send.click(click)).toBe(200);
    await app.settle();
    const told = app.ephemeralsFor(ADA).length;
    // The same click, left by an instance that claimed the ticket and died before its work ended.
    await leftByADeadInstance(blockActions(click));

    await takeOver();
    expect(app.ephemeralsFor(ADA).slice(told)).toEqual([]);
    expect(await app.assistant.handoff.service.details(ticketId, 'ada')).toMatchObject({ state: 'assigned', agentId: 'ada' });
    expect(await entries()).toBe(0);
  });

  it('`/baton next` run again does not take a second ticket', async () => {
    await app.escalatedCustomer();
    const { queued } = await app.assistant.handoff.service.queue('ada');
    expect(queued.length).toBeGreaterThan(0);
    await leftByADeadInstance(slashCommand({ user: ADA, channel: QUEUE, text: 'next', responseUrl: app.slack.responseUrl('rerun-next') }));

    await takeOver();
    expect(app.slack.responses.filter((response) => response.id === 'rerun-next').map((response) => response.body.text)).toEqual([RERUN_NEXT]);
    expect((await app.assistant.handoff.service.queue('ada')).queued).toHaveLength(queued.length);
  });

  it("an erase of the customer's conversation removes the entries of their ticket's thread", async () => {
    const { customer, card } = await claimed();
    // Held by an instance still running it (a long lease): the erase must not wait for it.
    await leftByADeadInstance(
      eventCallback(threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Card 4111 1111 1111 1111 refunded.' })),
      600_000,
    );
    expect(await entries()).toBe(1);

    const response = await fetch(`${app.baseUrl}/api/admin/conversations/${encodeURIComponent(customer.conversationId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { erased: Record<string, unknown> }).erased).toMatchObject({ inboxEntries: 1 });
    expect(await entries()).toBe(0);
    expect(await inboxKeys()).not.toContain(`${testRedis.keyPrefix}inbox:{${SLACK_INBOX_CHANNEL}}:payloads`);
  });
});
