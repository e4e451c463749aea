/**
 * Two Baton instances on one Redis, both with the Slack desk, both talking to the same Slack (one
 * fake): every desk event reaches both through the bus, yet Slack gets each post once, because only
 * the instance that caused an event posts it. Slack's requests may land on either instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../handoff/harness.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { actionsOf, ADA, CORA_TOKEN, QUEUE, startSlackApp, type SlackApp } from './slack-harness.js';

describe('Slack desk on two instances (Redis)', () => {
  let a: SlackApp;
  let b: SlackApp;
  let testRedis: TestRedis;

  beforeAll(async () => {
    testRedis = connectTestRedis('slack-instances');
    a = await startSlackApp({ testRedis });
    b = await startSlackApp({ testRedis, fakeSlack: a.slack });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await testRedis?.cleanup();
  });

  const settle = async () => {
    await a.settle();
    await b.settle();
  };

  it('posts each card, update, thread line and ping once, whichever instance acts', async () => {
    // The customer talks to instance A.
    const { customer, ticketId, card } = await a.escalatedCustomer();
    await settle();
    const cards = () =>
      a.slack
        .callsTo('chat.postMessage')
        .filter((message) => !message.thread_ts && Object.values(actionsOf(message)).some((action) => action.value === ticketId));
    expect(cards()).toHaveLength(1);
    const updatesOfCard = () => a.slack.callsTo('chat.update').filter((update) => update.ts === card.ts).length;

    // Ada's click lands on instance B.
    await b.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
    await settle();
    expect(updatesOfCard()).toBe(1);
    expect(a.slack.callsTo('chat.postMessage').filter((message) => message.thread_ts === card.ts && actionsOf(message).baton_resolve)).toHaveLength(1);
    await customer.read();

    // The customer writes on A: one line in the thread. Ada replies through B: neither instance echoes it.
    await customer.say('Any news about A1001?');
    await b.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Yes: it ships today.' });
    await settle();
    expect(a.thread(ticketId).filter((text) => text.includes('Any news about A1001?'))).toHaveLength(1);
    expect(a.thread(ticketId).filter((text) => text.includes('it ships today'))).toHaveLength(0);
    expect((await customer.read()).map((reply) => reply.text)).toEqual(['Yes: it ships today.']);

    // Both instances poll the SLA deadlines; the ping comes once.
    const waiting = await b.escalatedCustomer();
    a.advance(31_000);
    b.advance(31_000);
    const pings = () => a.thread(waiting.ticketId).filter((text) => text.startsWith('<!here>'));
    await eventually('the SLA ping', async () => {
      await Promise.all([a.assistant.handoff.service.fireDueDeadlines(), b.assistant.handoff.service.fireDueDeadlines()]);
      await settle();
      return pings().length > 0;
    });
    expect(pings()).toHaveLength(1);
  });

  it('shows a console reply made on one instance once in the thread', async () => {
    const { ticketId } = await b.escalatedCustomer();
    const onA = (method: string, path: string, body?: unknown) =>
      fetch(`${a.baseUrl}/api/agent${path}`, {
        method,
        headers: { authorization: `Bearer ${CORA_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await onA('POST', `/tickets/${ticketId}/claim`)).status).toBe(200);
    expect((await onA('POST', `/tickets/${ticketId}/reply`, { text: 'Cora on instance A' })).status).toBe(200);
    await settle();
    expect(a.thread(ticketId).filter((text) => text.includes('Cora on instance A'))).toHaveLength(1);
  });
});
