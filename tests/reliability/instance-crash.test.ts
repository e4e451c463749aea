/**
 * kill -9 of one of two Baton processes on one Redis (a Redis of the test's own), in the middle of a
 * run: 40 Direct Line customers, 16 of them with a human, 4 agents on the agent API, requests spread
 * round-robin over both instances as by a load balancer, which sends a request again to the survivor
 * when its connection to the dead one fails. Afterwards nothing acknowledged is lost:
 * - every customer message answered 200 was answered by the bot (a reply to its id) or is in the
 *   ticket's transcript the agent reads;
 * - every agent reply answered 200 is in the customer's Direct Line log;
 * - every ticket is still there, held by its agent, with agent loads matching what they hold;
 * - the survivor serves everyone with the tokens they had, and streams that were on the dead instance
 *   resume on the survivor from their watermark without a gap.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDetails, TicketSummary } from '../../handoff/desk-api.js';
import { createRedisHandoffStore } from '../../handoff/store/index.js';
import { ONE_ADDRESS_LIMITS } from '../support/test-limits.js';
import { startBaton, type BatonProcess } from '../support/baton-process.js';
import { AgentClient, Fleet, ResumingStream, WebCustomer } from '../support/failover-clients.js';
import { AGENTS } from '../support/full-app.js';
import { startRedisServer, waitUntil, type RedisServer } from '../support/redis-server.js';

const CUSTOMERS = 40;
const FAQS = ['what payment methods do you accept?', 'how long does delivery take?', 'how do I create an account?', 'how can I get my invoice?'];
const escalates = (index: number) => index % 5 < 2;

describe('kill -9 of one instance in the middle of a run', () => {
  let redis: RedisServer;
  let a: BatonProcess;
  let b: BatonProcess;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = {
      REDIS_URL: redis.url,
      AGENTS: JSON.stringify(AGENTS),
      TOKEN_SECRET: 'crash-test-shared-token-secret',
      LOG_LEVEL: 'warn',
      ...ONE_ADDRESS_LIMITS,
    };
    [a, b] = await Promise.all([startBaton('A', env), startBaton('B', env)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(2000), b?.stop(2000)]);
    await redis?.destroy();
  });

  it('loses no ticket, no acknowledged customer message and no acknowledged agent reply; the survivor serves everyone', async () => {
    const fleet = new Fleet([a.baseUrl, b.baseUrl]);
    const agents = AGENTS.map((agent) => new AgentClient(agent.id, agent.token));
    const customers = await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => WebCustomer.start(fleet, `customer-${i}`)));
    const humans = customers.filter((_, i) => escalates(i));

    // ---- before the crash: everyone asks something, 16 ask for a person, agents take them all ----
    await Promise.all(customers.map((customer, i) => customer.say(fleet, FAQS[i % FAQS.length]!)));
    const queued = await Promise.all(humans.map((customer) => customer.say(fleet, 'I want to talk to a real person')));
    expect(queued.map((message) => message.status)).toEqual(humans.map(() => 200));
    const holder = new Map<string, { agent: AgentClient; ticketId: string }>();
    for (let round = 0; holder.size < humans.length && round < 40; round++) {
      const agent = agents[round % agents.length]!;
      const claimed = await agent.api<{ ticket: TicketSummary }>(fleet, 'POST', '/claim-next');
      if (claimed.status === 200) holder.set(claimed.body.ticket.conversationId, { agent, ticketId: claimed.body.ticket.id });
    }
    expect(holder.size, 'every escalated customer was claimed').toBe(humans.length);
    await Promise.all(
      humans.map((customer) => {
        const { agent, ticketId } = holder.get(customer.conversationId)!;
        return agent.reply(fleet, ticketId, `Hello ${customer.userId}, this is ${agent.id}.`);
      }),
    );
    // Four customers watch their conversation over a stream on B, the instance about to die.
    const streams = humans
      .slice(0, 4)
      .map((customer) => new ResumingStream(customer, () => (b.child.exitCode === null && b.child.signalCode === null ? b.baseUrl : a.baseUrl)));
    await Promise.all(streams.map((stream) => stream.open()));

    // ---- the run: customers and agents talk through both instances; B is killed a third of the way in ----
    const planned = CUSTOMERS * 4 + humans.length * 3;
    let done = 0;
    const progress = () => {
      if (++done === Math.floor(planned / 3)) b.signal('SIGKILL');
    };
    await Promise.all([
      ...customers.map(async (customer, i) => {
        for (let n = 0; n < 4; n++) {
          await customer.say(fleet, escalates(i) ? `${customer.userId} note ${n} about the parcel` : FAQS[(i + n) % FAQS.length]!);
          progress();
        }
      }),
      ...humans.map(async (customer) => {
        const { agent, ticketId } = holder.get(customer.conversationId)!;
        for (let n = 0; n < 3; n++) {
          await agent.reply(fleet, ticketId, `${agent.id} answer ${n} for ${customer.userId}`);
          progress();
        }
      }),
    ]);
    expect(await b.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(fleet.failovers, 'requests that reached the dead instance were sent again').toBeGreaterThan(0);

    // ---- after: everyone carries on through the survivor, with the token they had ----
    const after = new Fleet([a.baseUrl]);
    const last = await Promise.all(
      customers.map((customer, i) => customer.say(after, escalates(i) ? `${customer.userId} still there?` : 'what payment methods do you accept?')),
    );
    expect(last.map((message) => message.status)).toEqual(customers.map(() => 200));
    const finalReplies = await Promise.all(
      humans.map((customer) => {
        const { agent, ticketId } = holder.get(customer.conversationId)!;
        return agent.reply(after, ticketId, `${agent.id} last word for ${customer.userId}`);
      }),
    );
    expect(finalReplies).toEqual(humans.map(() => 200));

    // Every acknowledged customer message: answered by the bot, or in the transcript the agent reads.
    for (const customer of customers) {
      const acknowledged = customer.sent.filter((message) => message.status === 200);
      const ticket = holder.get(customer.conversationId);
      await waitUntil(
        `every acknowledged message of ${customer.userId} answered or in its transcript`,
        async () => {
          const log = await customer.log(a.baseUrl);
          const transcript = ticket ? (await ticket.agent.api<TicketDetails>(after, 'GET', `/tickets/${ticket.ticketId}`)).body.transcript : [];
          return acknowledged.every(
            (message) =>
              log.some((activity) => activity.type === 'message' && activity.replyToId === message.id) ||
              transcript.some((line) => line.from === 'customer' && line.text === message.text),
          );
        },
        15_000,
        () => JSON.stringify(customer.sent),
      );
    }
    // Every acknowledged agent reply reached the customer's Direct Line log.
    for (const customer of humans) {
      const { agent } = holder.get(customer.conversationId)!;
      const expected = agent.delivered.filter((reply) => reply.ticketId === holder.get(customer.conversationId)!.ticketId).map((reply) => reply.text);
      const texts = new Set((await customer.log(a.baseUrl)).map((activity) => activity.text));
      expect(
        expected.filter((text) => !texts.has(text)),
        `agent replies missing for ${customer.userId}`,
      ).toEqual([]);
    }
    // Streams that were on B resumed on A from their watermark: every message of the log reached them.
    for (const stream of streams) {
      await waitUntil(
        `the resumed stream of ${stream.customer.userId} to have the whole log`,
        async () => {
          const log = await stream.customer.log(a.baseUrl);
          return log.filter((activity) => activity.type === 'message').every((activity) => stream.received.has(activity.id));
        },
        15_000,
        () => JSON.stringify({ closes: stream.closes, got: stream.received.size }),
      );
      expect(stream.closes[0], 'the stream on B dropped when B died').toBe(1006);
      stream.stop();
    }

    // Every ticket is still there, assigned to the agent who took it, and agent loads add up.
    const connection = new Redis(redis.url);
    try {
      const store = createRedisHandoffStore({ redis: connection, keyPrefix: 'baton:', botId: 'shop-assistant' });
      for (const customer of humans) {
        const { agent, ticketId } = holder.get(customer.conversationId)!;
        expect(await store.openTicketFor(customer.conversationId)).toMatchObject({ id: ticketId, state: 'assigned', agentId: agent.id });
      }
      for (const agent of agents) {
        const [profile, held] = await Promise.all([store.getAgent(agent.id), store.ticketsOf(agent.id)]);
        expect(profile?.activeTickets, `load of ${agent.id}`).toBe(held.length);
        expect(held.map((ticket) => ticket.id).sort()).toEqual(
          [...holder.values()]
            .filter((entry) => entry.agent === agent)
            .map((entry) => entry.ticketId)
            .sort(),
        );
      }
      for (const ticket of await store.queue())
        expect((await store.openTicketFor(ticket.conversationId))?.id, "a queued ticket is its conversation's open one").toBe(ticket.id);
    } finally {
      connection.disconnect();
    }
  }, 150_000);
});
