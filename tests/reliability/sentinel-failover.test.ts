/**
 * A Sentinel failover in the middle of traffic: one master, one replica and three sentinels of the
 * test's own (redis-server --sentinel on loopback); two Baton instances found Redis through
 * REDIS_SENTINELS alone and acknowledge a write once a replica has it (REDIS_WAIT_REPLICAS=1).
 * Customers on Direct Line and agents on the agent API talk through both instances, round-robin as
 * behind a balancer; a third of the way in, the master is killed (SIGKILL, no persistence: what it
 * had not replicated is gone). The sentinels promote the replica; the old server comes back and is
 * made a replica of the new master (as an orchestrator restarting it would).
 *
 * "Acknowledged" is what a client was told succeeded: a 200 to a customer's Direct Line post (the
 * message has an activity id), a 200 to an agent's reply. Afterwards, read from the new master:
 * - every acknowledged customer message is in the conversation's Direct Line log under the id it was
 *   given, and was answered by the bot or is in the ticket's transcript the agent reads;
 * - every acknowledged agent reply is in the customer's Direct Line log;
 * - every ticket is still held by the agent who claimed it;
 * - everyone carries on through the new master. What was refused during the failover (503: try again)
 *   was never acknowledged, so it may be missing; that is the trade-off WAIT buys.
 *
 * On loopback a replica is rarely more than a moment behind, so the run above would seldom catch a
 * loss without WAIT; the second test shows WAIT at work: with the replica stopped (SIGSTOP), a post
 * the master took but no replica confirmed is answered 503, not 200, and its retry goes through once
 * the replica is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketDetails, TicketSummary } from '../../handoff/desk-api.js';
import { AgentClient, Fleet, WebCustomer } from '../support/failover-clients.js';
import { AGENTS, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { hasRedisCli, waitUntil } from '../support/redis-server.js';
import { cli, SENTINEL_MASTER, startSentinelSetup, type SentinelSetup } from '../support/redis-sentinel.js';

const CUSTOMERS = 16;
const MESSAGES = 10;
const FAQS = ['what payment methods do you accept?', 'how long does delivery take?', 'how do I create an account?', 'how can I get my invoice?'];
const escalates = (index: number) => index % 4 === 0;
const pause = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

describe.skipIf(!hasRedisCli())('a Sentinel failover in the middle of traffic (needs redis-cli)', () => {
  let setup: SentinelSetup;
  let fakes: Fakes;
  let a: FullApp;
  let b: FullApp;

  beforeAll(async () => {
    setup = await startSentinelSetup();
    fakes = await startFakes();
    const extra = {
      REDIS_SENTINELS: setup.sentinels,
      REDIS_SENTINEL_MASTER: SENTINEL_MASTER,
      REDIS_WAIT_REPLICAS: '1',
      REDIS_WAIT_TIMEOUT_MS: '500',
      REDIS_KEY_PREFIX: 'baton:',
    };
    // One after the other: loading the NLU models holds this process's event loop for seconds.
    a = await startFullApp(fakes, { extra });
    b = await startFullApp(fakes, { extra });
  }, 90_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fakes?.close();
    await setup?.destroy();
  }, 30_000);

  it('loses nothing it acknowledged, and everyone carries on through the new master', async () => {
    const fleet = new Fleet([a.baseUrl, b.baseUrl]);
    const agents = AGENTS.map((agent) => new AgentClient(agent.id, agent.token));
    const customers = await Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => WebCustomer.start(fleet, `customer-${i}`)));
    const humans = customers.filter((_, i) => escalates(i));

    // ---- before: everyone asks something, some ask for a person, agents take them all ----
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

    // ---- the run: the master is killed a third of the way in ----
    const oldMaster = setup.master();
    const oldPort = oldMaster.port;
    const planned = CUSTOMERS * MESSAGES + humans.length * MESSAGES;
    let done = 0;
    let killedAt = -1;
    let recovered: Promise<void> | undefined;
    const progress = () => {
      if (++done === Math.floor(planned / 3)) {
        killedAt = done;
        recovered = failover();
      }
    };
    /**
     * Kills the master; once the sentinels promoted the replica, brings the old server back, which they make a
     * replica. It comes back empty (no persistence) and with replica-priority 0, as an orchestrator should bring
     * back a Redis that lost its data: Sentinel may promote a replica that has not finished its first sync (it
     * reports no link-down time yet), and under load, with a 1 s down-after, it once failed back to the empty
     * server, wiping every key.
     */
    const failover = async () => {
      await oldMaster.stop('SIGKILL');
      await waitUntil('the sentinels to promote the replica', () => setup.masterPort() !== oldPort, 30_000);
      await oldMaster.restart(['--replica-priority', '0']);
      // The sentinels make it a replica of the new master; the set is whole again once it is in sync.
      await waitUntil(
        'the old master to rejoin the set as a replica in sync',
        () => {
          const info = cli(oldPort, 'info', 'replication');
          return info.includes('role:slave') && info.includes('master_link_status:up');
        },
        30_000,
        () => cli(oldPort, 'info', 'replication'),
      );
    };
    await Promise.all([
      ...customers.map(async (customer, i) => {
        for (let n = 0; n < MESSAGES; n++) {
          await customer.say(fleet, escalates(i) ? `${customer.userId} note ${n} about the parcel` : FAQS[(i + n) % FAQS.length]!);
          progress();
          await pause(50);
        }
      }),
      ...humans.map(async (customer) => {
        const { agent, ticketId } = holder.get(customer.conversationId)!;
        for (let n = 0; n < MESSAGES; n++) {
          await agent.reply(fleet, ticketId, `${agent.id} answer ${n} for ${customer.userId}`);
          progress();
          await pause(50);
        }
      }),
    ]);
    expect(killedAt, 'the master was killed mid-traffic').toBeGreaterThan(0);

    // ---- the failover is over: a new master, and the old server is its replica ----
    await recovered;
    // ---- after: everyone is served again (a 503 means "try again", so they do) ----
    // The last status answered, so a failure says what the fleet said (503: still waiting for Redis).
    const sayUntilAcknowledged = async (customer: WebCustomer, text: string) => {
      let status = 0;
      for (let attempt = 0; attempt < 20; attempt++) {
        status = (await customer.say(fleet, text)).status ?? 0;
        if (status === 200) return 200;
        await pause(250);
      }
      return status;
    };
    expect(
      await Promise.all(customers.map((customer, i) => sayUntilAcknowledged(customer, escalates(i) ? `${customer.userId} still there?` : FAQS[0]!))),
    ).toEqual(customers.map(() => 200));
    const replyUntilAcknowledged = async (customer: WebCustomer) => {
      const { agent, ticketId } = holder.get(customer.conversationId)!;
      for (let attempt = 0; attempt < 20; attempt++) {
        const status = await agent.reply(fleet, ticketId, `${agent.id} last word for ${customer.userId}`);
        if (status === 200) return 200;
        await pause(250);
      }
      return 0;
    };
    expect(await Promise.all(humans.map(replyUntilAcknowledged))).toEqual(humans.map(() => 200));

    // ---- nothing acknowledged was lost ----
    const refused = customers.flatMap((customer) => customer.sent).filter((message) => message.status !== 200).length;
    for (const customer of customers) {
      const acknowledged = customer.sent.filter((message) => message.status === 200);
      const ticket = holder.get(customer.conversationId);
      // What the last look found missing, so a failure says which message and where.
      let missing: { text: string; id?: string; inLog: boolean; answeredOrInTranscript: boolean }[] = [];
      await waitUntil(
        `every acknowledged message of ${customer.userId} in its log, and answered or in its transcript`,
        async () => {
          const log = await customer.log(a.baseUrl);
          const transcript = ticket ? (await ticket.agent.api<TicketDetails>(fleet, 'GET', `/tickets/${ticket.ticketId}`)).body.transcript : [];
          missing = acknowledged
            .map((message) => ({
              text: message.text,
              id: message.id,
              inLog: log.some((activity) => activity.id === message.id && activity.text === message.text),
              answeredOrInTranscript:
                log.some((activity) => activity.type === 'message' && activity.replyToId === message.id) ||
                transcript.some((line) => line.from === 'customer' && line.text === message.text),
            }))
            .filter((found) => !found.inLog || !found.answeredOrInTranscript);
          return missing.length === 0;
        },
        15_000,
        () => JSON.stringify({ refused, missing, sent: customer.sent }),
      );
    }
    for (const customer of humans) {
      const { agent, ticketId } = holder.get(customer.conversationId)!;
      const expected = agent.delivered.filter((reply) => reply.ticketId === ticketId).map((reply) => reply.text);
      const texts = new Set((await customer.log(b.baseUrl)).map((activity) => activity.text));
      expect(
        expected.filter((text) => !texts.has(text)),
        `acknowledged agent replies missing for ${customer.userId}`,
      ).toEqual([]);
      const details = await agent.api<TicketDetails>(fleet, 'GET', `/tickets/${ticketId}`);
      expect(details.body, `the ticket of ${customer.userId}`).toMatchObject({ id: ticketId, state: 'assigned', agentId: agent.id });
    }
  }, 180_000);

  it('refuses (503, try again) what no replica confirmed, instead of acknowledging what a failover could lose', async () => {
    const customer = await WebCustomer.start(new Fleet([a.baseUrl]), 'stalled-replica');
    const replica = setup.servers.find((server) => server.port !== setup.masterPort())!;
    const pid = Number(/process_id:(\d+)/.exec(cli(replica.port, 'info', 'server'))?.[1]);
    expect(pid).toBeGreaterThan(0);
    // The replica stops taking the replication stream: the master still answers every write at once.
    process.kill(pid, 'SIGSTOP');
    try {
      const stalled = await customer.say(new Fleet([a.baseUrl]), 'are you there?');
      expect(stalled.status, 'a post no replica confirmed within REDIS_WAIT_TIMEOUT_MS').toBe(503);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitUntil('the replica in sync again', () => cli(replica.port, 'info', 'replication').includes('master_link_status:up'), 15_000);
    let status: number | undefined;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
      status = (await customer.say(new Fleet([a.baseUrl]), 'are you there?')).status;
      if (status !== 200) await pause(250);
    }
    expect(status, 'the retry, once the replica confirms').toBe(200);
  }, 60_000);
});
