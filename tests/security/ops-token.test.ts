/**
 * /metrics and the dashboard's data always need a token: ADMIN_TOKEN, or in the demo a random one
 * printed with the dashboard's link at start. Their live readings (queue, agents) are read from the
 * store at most once per few seconds however many scrapes and dashboards poll. Memory and real Redis.
 */
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../bots/http-server.js';
import { createLiveReadings } from '../../bots/ops/live-readings.js';
import { createOpsRouter } from '../../bots/ops/ops-router.js';
import { opsToken } from '../../bots/ops/ops-token.js';
import { createMemoryHandoffStore, createRedisHandoffStore, type HandoffStore } from '../../handoff/store/index.js';
import { createMetrics } from '../../infra/metrics.js';
import { createMemoryStatsStore } from '../../infra/stats-store.js';
import { startBaton, type BatonProcess } from '../support/baton-process.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';

describe('the demo (no ADMIN_TOKEN): /metrics and the dashboard behind a printed token', () => {
  let baton: BatonProcess;
  beforeAll(async () => {
    baton = await startBaton('ops-demo', { LOG_LEVEL: 'info' });
  }, 90_000);
  afterAll(async () => baton?.stop());

  it('refuses /metrics and the summary without the token, serves them with the one in the printed link', async () => {
    let link: RegExpMatchArray | null = null;
    for (let tries = 0; tries < 100 && !link; tries += 1) {
      link = /Dashboard on http:\/\/localhost:\d+\/dashboard\/#token=([\w-]{24,})/.exec(baton.output());
      if (!link) await new Promise((wake) => setTimeout(wake, 100));
    }
    expect(link, baton.output()).not.toBeNull();
    const token = link![1]!;
    for (const path of ['/metrics', '/dashboard/api/summary?minutes=5']) {
      const open = await fetch(`${baton.baseUrl}${path}`);
      expect(open.status, path).toBe(401);
      expect((await open.json()).error.code).toBe('unauthorized');
      expect((await fetch(`${baton.baseUrl}${path}`, { headers: { authorization: 'Bearer not-the-token-0123456789' } })).status).toBe(401);
      expect((await fetch(`${baton.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).status, path).toBe(200);
    }
    // The page itself holds no figures; it asks for the token (or takes it from the link).
    expect((await fetch(`${baton.baseUrl}/dashboard/`)).status).toBe(200);
  });
});

for (const kind of ['memory', 'redis'] as const) {
  describe(`live readings are shared between polls (${kind} store)`, () => {
    let testRedis: TestRedis | undefined;
    let store: HandoffStore;
    let server: HttpServer;
    let baseUrl: string;
    let clock = 1_000_000;
    const reads = { queue: 0, agents: 0 };
    const TOKEN = 'ops-token-0123456789abcdef';

    beforeAll(async () => {
      testRedis = kind === 'redis' ? connectTestRedis('ops-live') : undefined;
      const inner = testRedis ? createRedisHandoffStore({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix }) : createMemoryHandoffStore();
      store = inner;
      for (let i = 0; i < 5; i += 1) {
        await inner.openTicket({
          conversationId: `c${i}`,
          channel: 'directline',
          customer: { id: `u${i}` },
          language: 'en',
          skill: i < 3 ? 'general' : 'billing',
          reason: 'requested_human',
          priority: 10,
        });
      }
      await inner.upsertAgent({ id: 'ada', name: 'Ada', languages: ['en'], skills: ['general'], capacity: 3, presence: 'available' });
      const counting: Pick<HandoffStore, 'queue' | 'listAgents'> = {
        queue: (filter) => ((reads.queue += 1), inner.queue(filter)),
        listAgents: () => ((reads.agents += 1), inner.listAgents()),
      };
      const live = createLiveReadings({ store: counting, maxAgeMs: 5000, now: () => clock });
      const router = createOpsRouter({
        metrics: createMetrics({ live, defaultMetrics: false }),
        stats: createMemoryStatsStore(),
        token: TOKEN,
        live: async () => {
          const { queueBySkill, agentsByPresence } = await live.snapshot();
          return { queueDepth: Object.values(queueBySkill).reduce((a, b) => a + b, 0), agents: agentsByPresence };
        },
      });
      server = createHttpServer({ channels: [], routers: [express.Router().use(router)] });
      baseUrl = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
    });
    afterAll(async () => {
      await server?.close({ graceMs: 100 });
      await testRedis?.cleanup();
    });

    it('twenty dashboards and scrapes at once read the queue once; a later poll reads it again', async () => {
      const headers = { authorization: `Bearer ${TOKEN}` };
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => fetch(`${baseUrl}${i % 2 ? '/metrics' : '/dashboard/api/summary?minutes=5'}`, { headers })),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
      const summary = await (await fetch(`${baseUrl}/dashboard/api/summary?minutes=5`, { headers })).json();
      expect(summary.live).toEqual({ queueDepth: 5, agents: { available: 1 } });
      const metrics = await (await fetch(`${baseUrl}/metrics`, { headers })).text();
      expect(metrics).toMatch(/baton_queue_depth\{skill="general"\} 3/);
      expect(metrics).toMatch(/baton_queue_depth\{skill="billing"\} 2/);
      expect(reads).toEqual({ queue: 1, agents: 1 });

      await store.openTicket({ conversationId: 'c9', channel: 'directline', customer: { id: 'u9' }, language: 'en', reason: 'requested_human', priority: 10 });
      clock += 5000;
      const later = await (await fetch(`${baseUrl}/dashboard/api/summary?minutes=5`, { headers })).json();
      expect(later.live.queueDepth).toBe(6);
      expect(reads).toEqual({ queue: 2, agents: 2 });
    });
  });
}

describe('the demo ops token with Redis', () => {
  it('is made once and shared by every instance on the same Redis; ADMIN_TOKEN wins when set', async () => {
    const testRedis = connectTestRedis('ops-token');
    try {
      const first = await opsToken({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix });
      const second = await opsToken({ redis: testRedis.duplicate(), keyPrefix: testRedis.keyPrefix });
      expect(first).toEqual({ token: second.token, generated: true });
      expect(first.token).toMatch(/^[\w-]{24}$/);
      expect(await opsToken({ adminToken: 'chosen-admin-token-0123', redis: testRedis.redis, keyPrefix: testRedis.keyPrefix })).toEqual({
        token: 'chosen-admin-token-0123',
        generated: false,
      });
      const memory = [await opsToken({ keyPrefix: 'x:' }), await opsToken({ keyPrefix: 'x:' })];
      expect(memory[0]!.token).not.toBe(memory[1]!.token);
    } finally {
      await testRedis.cleanup();
    }
  });
});
