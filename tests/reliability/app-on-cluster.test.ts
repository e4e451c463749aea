/**
 * The whole app on a three-node Redis Cluster (started on loopback by the test), through
 * REDIS_CLUSTER_NODES alone: two instances with every channel and desk on, as behind a load balancer.
 * A customer on Direct Line gets an FAQ answer, asks for a person and is queued; the agent's console
 * stream on the other instance hears of it (pub/sub across the cluster); the agent claims on one
 * instance and replies on the other; the reply reaches the customer's stream on a third path; the
 * customer's answer reaches the agent's stream and the transcript; a Telegram customer is answered.
 * Every multi-key script the turn and the handoff run would fail here with CROSSSLOT if its keys did
 * not share a hash slot; the keys are spread over the nodes, as a cluster spreads them.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TicketDetails, TicketSummary } from '../../handoff/desk-api.js';
import type { StreamFrame } from '../../desks/console/agent-stream.js';
import { startCustomer } from '../support/directline-customer.js';
import { ResumingStream, WebCustomer } from '../support/failover-clients.js';
import { AGENTS, SLACK_QUEUE, TELEGRAM_SECRET, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { hasRedisCli, startRedisCluster, waitUntil, type RedisCluster } from '../support/redis-server.js';
import { customer as telegramCustomer, textUpdate } from '../telegram/updates.js';

const PREFIX = 'baton-app-cluster:';

/** The agent API on one instance, as Ada. */
const agentApi =
  (baseUrl: string) =>
  async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}/api/agent${path}`, {
      method,
      headers: { authorization: `Bearer ${AGENTS[0].token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

/** Ada's console stream on one instance: every frame it got. */
async function agentStream(baseUrl: string): Promise<{ frames: StreamFrame[]; close(): void }> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/agent/stream?token=${encodeURIComponent(AGENTS[0].token)}`);
  const frames: StreamFrame[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as StreamFrame));
  socket.on('error', () => undefined);
  await waitUntil('the agent stream hello', () => frames.some((frame) => frame.type === 'hello'), 10_000);
  return { frames, close: () => socket.close() };
}

if (!hasRedisCli()) {
  console.warn('Skipping the app on a Redis Cluster: redis-cli is not installed (apt-get install redis-tools, or redis-server, provides it).');
  describe.skip('the whole app on a three-node Redis Cluster (needs redis-cli)', () => {
    it('runs a customer turn, a handoff, a claim and a reply across two instances', () => undefined);
  });
} else {
  describe('the whole app on a three-node Redis Cluster', () => {
    let cluster: RedisCluster;
    let fakes: Fakes;
    let a: FullApp;
    let b: FullApp;

    beforeAll(async () => {
      cluster = await startRedisCluster(3);
      fakes = await startFakes();
      const extra = { REDIS_CLUSTER_NODES: cluster.nodes.map((node) => `${node.host}:${node.port}`).join(','), REDIS_KEY_PREFIX: PREFIX };
      // One after the other: loading the NLU models holds this process's event loop for seconds.
      a = await startFullApp(fakes, { extra });
      b = await startFullApp(fakes, { extra });
    }, 90_000);

    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await fakes?.close();
      await cluster?.destroy();
    }, 30_000);

    it('serves a customer turn, a handoff, a claim and replies both ways across two instances', async () => {
      const stream = await agentStream(a.baseUrl);
      try {
        // ---- a turn on A: the FAQ is answered ----
        const customer = await startCustomer(a.baseUrl, 'cluster-customer');
        expect((await customer.say('what payment methods do you accept?')).map((reply) => reply.text).join(' ')).toMatch(/Visa/);

        // ---- the customer asks for a person on B; Ada's stream on A hears it through the cluster ----
        const posted = await fetch(`${b.baseUrl}/v3/directline/conversations/${customer.conversationId}/activities`, {
          method: 'POST',
          headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text: 'I want to talk to a real person', from: { id: 'cluster-customer' } }),
        });
        expect(posted.status).toBe(200);
        expect((await customer.read()).map((reply) => reply.text).join(' ')).toMatch(/number 1 in the queue/);
        await waitUntil(
          "a queue_changed frame on A's stream (published by B)",
          () => stream.frames.some((frame) => frame.type === 'queue_changed'),
          10_000,
          () => JSON.stringify(stream.frames),
        );
        // The Slack desk of one of them posts the ticket's card in the queue channel.
        await waitUntil('the ticket card in Slack', () => fakes.slack.callsTo('chat.postMessage').some((call) => call.channel === SLACK_QUEUE), 10_000);

        // ---- claimed on A, the customer watches a stream on B, the reply is posted to A ----
        const onA = agentApi(a.baseUrl);
        const onB = agentApi(b.baseUrl);
        const ticket = (await onB<{ queued: TicketSummary[] }>('GET', '/queue')).body.queued.find((t) => t.conversationId === customer.conversationId);
        expect(ticket).toMatchObject({ state: 'queued', channel: 'directline' });
        expect((await onA<{ ticket: TicketSummary }>('POST', `/tickets/${ticket!.id}/claim`)).body.ticket).toMatchObject({ state: 'assigned', agentId: 'ada' });
        expect((await onB('POST', `/tickets/${ticket!.id}/claim`)).status, 'a second claim on the other instance').toBe(409);
        const customerStream = new ResumingStream(new WebCustomer('cluster-customer', customer.conversationId, customer.token), () => b.baseUrl);
        await customerStream.open();
        try {
          expect((await onA('POST', `/tickets/${ticket!.id}/reply`, { text: 'Ada here, through the cluster.' })).status).toBe(200);
          await waitUntil(
            "the agent's reply on the customer's stream on B",
            () => [...customerStream.received.values()].some((activity) => activity.text === 'Ada here, through the cluster.'),
            10_000,
          );
        } finally {
          customerStream.stop();
        }

        // ---- the customer answers on B: the bot stays silent, Ada's stream on A and the transcript have it ----
        const answer = await fetch(`${b.baseUrl}/v3/directline/conversations/${customer.conversationId}/activities`, {
          method: 'POST',
          headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text: 'Thanks Ada, it is order A1002', from: { id: 'cluster-customer' } }),
        });
        expect(answer.status).toBe(200);
        await waitUntil(
          'the customer_message frame on A',
          () => stream.frames.some((frame) => frame.type === 'customer_message' && frame.line.text.includes('order A1002')),
          10_000,
          () => JSON.stringify(stream.frames),
        );
        const transcript = (await onB<TicketDetails>('GET', `/tickets/${ticket!.id}`)).body.transcript;
        expect(transcript.filter((line) => line.from === 'customer').map((line) => line.text)).toEqual(
          expect.arrayContaining(['what payment methods do you accept?', 'I want to talk to a real person', 'Thanks Ada, it is order A1002']),
        );
        expect((await onB('POST', `/tickets/${ticket!.id}/resolve`)).status).toBe(200);
      } finally {
        stream.close();
      }

      // ---- a Telegram customer on the webhook of B is answered ----
      const mia = telegramCustomer(77_001);
      const update = await fetch(`${b.baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(textUpdate(880_001, mia, 'how long does delivery take?')),
      });
      expect(update.status).toBe(200);
      await waitUntil(
        'the Telegram answer',
        () =>
          fakes.telegram
            .succeeded('sendMessage', (params) => String(params.chat_id) === String(mia.id))
            .some((call) => /business days/.test(String(call.params.text))),
        10_000,
      );

      // ---- the data really is spread over the cluster's nodes ----
      const holding = await Promise.all(
        cluster.nodes.map(async (node) => {
          const connection = new Redis({ host: node.host, port: node.port, lazyConnect: true });
          try {
            await connection.connect();
            const [, keys] = await connection.scan('0', 'MATCH', `${PREFIX}*`, 'COUNT', 10_000);
            return keys.length;
          } finally {
            connection.disconnect();
          }
        }),
      );
      expect(holding.filter((count) => count > 0).length, `keys per node: ${holding.join(', ')}`).toBeGreaterThanOrEqual(2);
    }, 90_000);
  });
}
