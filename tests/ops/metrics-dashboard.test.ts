/**
 * After a scripted run of conversations (FAQ answers, an order lookup, an out-of-scope question, a
 * handoff claimed, answered, resolved and rated), /metrics and the dashboard's figures show what
 * happened; the dashboard page draws them in a real browser (screenshot kept in tests/artifacts/).
 * On the memory stores and on the real Redis.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { startCustomer } from '../support/directline-customer.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const ADA = 'ada-token-0123456789abcdef';
const ADMIN = 'admin-token-0123456789abcdef';

/** The value of one sample line of the Prometheus text, or 0 when absent. */
function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

for (const store of ['memory', 'redis'] as const) {
  describe(`metrics and dashboard after a scripted run (${store} store)`, () => {
    let assistant: ShopAssistant;
    let baseUrl: string;
    let testRedis: TestRedis | undefined;
    const admin = { authorization: `Bearer ${ADMIN}` };

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('ops') : undefined;
      assistant = await createShopAssistant(
        loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          ADMIN_TOKEN: ADMIN,
          BUILD_COMMIT: 'abc1234',
          AGENTS: JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA, languages: ['en', 'zh'] }]),
          ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
        }),
      );
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;

      const faq = await startCustomer(baseUrl);
      await faq.say('what payment methods do you accept?');
      await faq.say('where is my order?');
      await faq.say('A1001');
      const chinese = await startCustomer(baseUrl);
      await chinese.say('你们支持哪些付款方式?');
      await chinese.say('火星上的天气怎么样');
      const angry = await startCustomer(baseUrl);
      await angry.say('This is ridiculous!! I want to talk to a real person NOW');
      const ticket = await assistant.handoff.service.openTicketFor(angry.conversationId);
      const agent = (path: string, body?: unknown) =>
        fetch(`${baseUrl}/api/agent${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADA}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      await agent(`/tickets/${ticket!.id}/claim`);
      await agent(`/tickets/${ticket!.id}/reply`, { text: 'Ada here, sorting it out now.' });
      await agent(`/tickets/${ticket!.id}/resolve`);
      await angry.say('5');
    });

    afterAll(async () => {
      await assistant?.stop();
      await testRedis?.cleanup();
    });

    it('serves the run on /metrics, behind the admin token', async () => {
      expect((await fetch(`${baseUrl}/metrics`)).status).toBe(401);
      const response = await fetch(`${baseUrl}/metrics`, { headers: { ...admin, 'x-request-id': 'scrape-0001' } });
      expect(response.headers.get('content-type')).toMatch(/text\/plain/);
      // Every answer names its request id (the caller's, when sane), as every log line of the request does.
      expect(response.headers.get('x-request-id')).toBe('scrape-0001');
      expect((await fetch(`${baseUrl}/healthz`)).headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
      const text = await response.text();
      expect(sample(text, 'baton_messages_total', '{channel="directline",direction="in"}')).toBe(7);
      expect(sample(text, 'baton_messages_total', '{channel="directline",direction="out"}')).toBeGreaterThanOrEqual(9);
      expect(sample(text, 'baton_conversations_total', '{channel="directline"}')).toBe(3);
      expect(sample(text, 'baton_bot_reply_seconds_count', '{channel="directline"}')).toBe(7);
      expect(sample(text, 'baton_intents_total', '{intent="check_payment_methods",locale="en"}')).toBe(1);
      expect(sample(text, 'baton_intents_total', '{intent="check_payment_methods",locale="zh"}')).toBe(1);
      expect(sample(text, 'baton_escalations_total', '{reason="negative_emotion"}')).toBe(1);
      expect(sample(text, 'baton_queue_wait_seconds_count')).toBe(1);
      expect(sample(text, 'baton_first_agent_replies_total', '{within_sla="true"}')).toBe(1);
      expect(sample(text, 'baton_resolutions_total', '{first_contact="true"}')).toBe(1);
      expect(sample(text, 'baton_handoff_duration_seconds_count')).toBe(1);
      expect(sample(text, 'baton_csat_score_sum')).toBe(5);
      expect(sample(text, 'baton_negative_messages_total', '{locale="en"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'baton_agents', '{presence="available"}')).toBe(1);
      // Node's own metrics under their standard names, so stock Node.js dashboards work; the build labelled.
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      expect(text).not.toContain('baton_process_');
      const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
      expect(sample(text, 'baton_build_info', `{version="${version}",commit="abc1234",node="${process.versions.node}"}`)).toBe(1);
    });

    it('computes the dashboard figures for the whole service', async () => {
      expect((await fetch(`${baseUrl}/dashboard/api/summary`)).status).toBe(401);
      expect((await fetch(`${baseUrl}/dashboard/api/summary?minutes=0`, { headers: admin })).status).toBe(400);
      const summary = await (await fetch(`${baseUrl}/dashboard/api/summary?minutes=15`, { headers: admin })).json();
      expect(summary.totals).toMatchObject({
        messagesIn: 7,
        conversations: 3,
        escalations: 1,
        escalationsByReason: { negative_emotion: 1 },
        firstReplyOnTime: 1,
        firstContactResolution: 1,
        csatAvg: 5,
        csatByScore: { 5: 1 },
        abandoned: 0,
      });
      expect(summary.totals.containment).toBeCloseTo(2 / 3, 2);
      expect(summary.totals.botReplyMsAvg).toBeGreaterThan(0);
      expect(summary.series.messagesIn.reduce((a: number, b: number) => a + b, 0)).toBe(7);
      expect(summary.live).toEqual({ queueDepth: 0, agents: { available: 1 } });
    });

    it.skipIf(!chromiumPath)('draws the dashboard in the browser', async () => {
      let browser: Browser | undefined;
      try {
        browser = await launchBrowser();
        const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(`${baseUrl}/dashboard/#token=${ADMIN}`);
        const messagesIn = page.locator('[data-testid="kpi"][data-kpi="messages in"] b');
        await messagesIn.waitFor({ timeout: 15_000 });
        expect(await messagesIn.textContent()).toBe('7');
        expect(await page.locator('[data-kpi="CSAT"] b').textContent()).toBe('5');
        expect(await page.locator('[data-testid="chart-messages"] circle').count()).toBeGreaterThan(0);
        expect(await page.locator('[data-testid="chart-csat"] [data-testid="bar"]').count()).toBe(5);
        await mkdir('tests/artifacts', { recursive: true });
        const shot = await page.screenshot({ path: `tests/artifacts/dashboard-${store}.png`, fullPage: true });
        expect(shot.byteLength).toBeGreaterThan(20_000);
        expect(errors).toEqual([]);
      } finally {
        await browser?.close();
      }
    });
  });
}
