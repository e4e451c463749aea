/**
 * The scorecard across two instances on one Redis, as behind a load balancer: the customer talks to
 * instance A, the agent works on instance B. Each step counts once: both instances' JSON shows the same
 * single ticket, the emotion read on A and the resolve on B make one reading, and the two instances'
 * Prometheus counters sum to one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import type { AgentScorecard } from '../../supervision/scorecard/index.js';
import { startCustomer } from '../support/directline-customer.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const ADA = 'ada-token-two-scorecards-0123456789';
const ADMIN = 'admin-token-two-scorecards-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };

/** The value of one sample line of the Prometheus text, or 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('the scorecard across two instances on one Redis', () => {
  let testRedis: TestRedis;
  const instances: ShopAssistant[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    testRedis = connectTestRedis('scorecard-two');
    for (let i = 0; i < 2; i++) {
      const assistant = await createShopAssistant(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          ADMIN_TOKEN: ADMIN,
          TOKEN_SECRET: 'two-scorecards-token-secret-0123456789',
          AGENTS: JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA, languages: ['en', 'zh'] }]),
          REDIS_URL: testRedisUrl,
          REDIS_KEY_PREFIX: testRedis.keyPrefix,
        }),
      );
      instances.push(assistant);
      urls.push(`http://127.0.0.1:${await assistant.start()}`);
    }
    const [a, b] = urls as [string, string];
    const customer = await startCustomer(a);
    await customer.say('This is ridiculous!! I want to talk to a real person NOW');
    const ticket = await instances[0]!.handoff.service.openTicketFor(customer.conversationId);
    const agent = async (path: string, body?: unknown) => {
      const response = await fetch(`${b}/api/agent${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADA}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.status, path).toBe(200);
    };
    await agent(`/tickets/${ticket!.id}/claim`);
    await agent(`/tickets/${ticket!.id}/reply`, { text: 'Ada here, so sorry about this.' });
    await customer.say('thank you so much, that is great, you are wonderful');
    await agent(`/tickets/${ticket!.id}/resolve`);
    await customer.say('4');
  });

  afterAll(async () => {
    for (const assistant of instances) await assistant.stop();
    await testRedis?.cleanup();
  });

  it('shows the same single ticket on both instances, the emotion read on A closed on B', async () => {
    const read = () =>
      Promise.all(urls.map(async (url) => (await (await fetch(`${url}/dashboard/api/scorecard?minutes=15`, { headers: admin })).json()) as AgentScorecard));
    // Each instance writes its counters within a quarter second (stats-store.ts): wait until both have.
    let cards = await read();
    for (
      let tries = 0;
      tries < 50 && (cards[0]!.agents[0]!.csatCount < 1 || cards[0]!.agents[0]!.resolved < 1 || JSON.stringify(cards[0]) !== JSON.stringify(cards[1]));
      tries++
    ) {
      await new Promise((wake) => setTimeout(wake, 100));
      cards = await read();
    }
    expect(cards[0]).toEqual(cards[1]);
    const [ada] = cards[0]!.agents;
    expect(ada).toMatchObject({ agentId: 'ada', claimed: 1, firstReplies: 1, resolved: 1, csatAvg: 4, csatCount: 1, transfersOut: 0 });
    expect(ada!.emotion.tickets).toBe(1);
    expect(ada!.emotion.change).toBeGreaterThan(0);
  });

  it('counts each step once in Prometheus, summed over the instances', async () => {
    const texts = await Promise.all(urls.map(async (url) => (await fetch(`${url}/metrics`, { headers: admin })).text()));
    const total = (name: string, labels: string) => texts.reduce((sum, text) => sum + sample(text, name, labels), 0);
    expect(total('baton_agent_tickets_total', '{agent="ada",outcome="claimed"}')).toBe(1);
    expect(total('baton_agent_tickets_total', '{agent="ada",outcome="resolved"}')).toBe(1);
    expect(total('baton_agent_csat_score_count', '{agent="ada"}')).toBe(1);
    expect(total('baton_agent_customer_emotion_count', '{agent="ada",phase="end"}')).toBe(1);
  });
});
