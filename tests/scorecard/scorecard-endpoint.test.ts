/**
 * The scorecard through the whole app: a customer on Direct Line is upset, asks for a person, Ada
 * claims, answers and resolves in the agent API, the customer thanks her and rates 5. The dashboard's
 * JSON endpoint (admin token required) returns Ada's card with the trained NLU's emotion readings and no
 * customer data, /metrics carries her label, and the dashboard page draws the table in a real browser.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import type { AgentScorecard } from '../../supervision/scorecard/index.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { startCustomer } from '../support/directline-customer.js';

const ADA = 'ada-token-scorecard-0123456789';
const BEN = 'ben-token-scorecard-0123456789';
const ADMIN = 'admin-token-scorecard-0123456789';

describe('the scorecard endpoint and page (memory store)', () => {
  let assistant: ShopAssistant;
  let baseUrl: string;
  let conversationId: string;
  const admin = { authorization: `Bearer ${ADMIN}` };

  beforeAll(async () => {
    assistant = await createShopAssistant(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ADMIN_TOKEN: ADMIN,
        AGENTS: JSON.stringify([
          { id: 'ada', name: 'Ada', token: ADA, languages: ['en', 'zh'] },
          { id: 'ben', name: 'Ben', token: BEN, languages: ['en'] },
        ]),
      }),
    );
    baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    const customer = await startCustomer(baseUrl);
    conversationId = customer.conversationId;
    await customer.say('This is ridiculous!! I want to talk to a real person NOW');
    const ticket = await assistant.handoff.service.openTicketFor(conversationId);
    const agent = async (path: string, body?: unknown) => {
      const response = await fetch(`${baseUrl}/api/agent${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADA}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(response.status, path).toBe(200);
    };
    await agent(`/tickets/${ticket!.id}/claim`);
    await agent(`/tickets/${ticket!.id}/reply`, { text: 'Ada here, I am so sorry, sorting it out now.' });
    await customer.say('thank you so much, that is great, you are wonderful');
    await agent(`/tickets/${ticket!.id}/resolve`);
    await customer.say('5');
  });

  afterAll(() => assistant?.stop());

  it('needs the admin token and a sane window', async () => {
    expect((await fetch(`${baseUrl}/dashboard/api/scorecard`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/dashboard/api/scorecard`, { headers: { authorization: `Bearer ${ADA}` } })).status).toBe(401);
    for (const query of ['minutes=0', 'minutes=1441', 'minutes=1.5', 'minutes=abc', 'minutes=1&minutes=2']) {
      expect((await fetch(`${baseUrl}/dashboard/api/scorecard?${query}`, { headers: admin })).status, query).toBe(400);
    }
  });

  it("returns every configured agent's card, with ids and names only", async () => {
    const response = await fetch(`${baseUrl}/dashboard/api/scorecard?minutes=15`, { headers: admin });
    expect(response.status).toBe(200);
    const body = await response.text();
    const card = JSON.parse(body) as AgentScorecard;
    expect(card.minutes).toBe(15);
    expect(card.agents.map((row) => row.agentId)).toEqual(['ada', 'ben']);
    const [ada, ben] = card.agents;
    expect(ada).toMatchObject({
      name: 'Ada',
      claimed: 1,
      firstReplies: 1,
      firstReplyOnTime: 1,
      resolved: 1,
      firstContactResolution: 1,
      csatAvg: 5,
      csatCount: 1,
      slaBreaches: 0,
    });
    // The trained NLU read the upset start and the thankful end; the card shows the customer got happier.
    expect(ada!.emotion.tickets).toBe(1);
    expect(ada!.emotion.startAvg).toBeLessThan(0);
    expect(ada!.emotion.endAvg).toBeGreaterThan(ada!.emotion.startAvg!);
    expect(ada!.emotion.change).toBeGreaterThan(0);
    expect(ben).toMatchObject({ claimed: 0, resolved: 0, csatAvg: null, emotion: { tickets: 0, startAvg: null } });
    expect(body).not.toContain(conversationId);
    expect(body).not.toMatch(/ridiculous|thank you/i);
  });

  it('serves the agent-labelled metrics on /metrics', async () => {
    const text = await (await fetch(`${baseUrl}/metrics`, { headers: admin })).text();
    expect(text).toMatch(/^baton_agent_tickets_total\{agent="ada",outcome="resolved"\} 1$/m);
    expect(text).toMatch(/^baton_agent_csat_score_sum\{agent="ada"\} 5$/m);
    expect([...new Set([...text.matchAll(/agent="([^"]*)"/g)].map((match) => match[1]))]).toEqual(['ada']);
  });

  it.skipIf(!chromiumPath)('draws the scorecard table on the dashboard', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${baseUrl}/dashboard/#token=${ADMIN}`);
      const rows = page.locator('[data-testid="scorecard-row"]');
      await rows.first().waitFor({ timeout: 15_000 });
      expect(await rows.count()).toBe(2);
      const adaCells = await rows.nth(0).locator('td').allTextContents();
      expect(adaCells[0]).toBe('Ada (ada)');
      expect(adaCells[1]).toBe('1');
      expect(adaCells[7]).toBe('5 (1)');
      expect(adaCells[10]).toMatch(/^-?[\d.]+ → -?[\d.]+ \(\+[\d.]+, 1\)$/);
      expect(await page.locator('[data-testid="scorecard-queued"]').textContent()).toContain('0 SLA breach(es) while queued');
      await mkdir('tests/artifacts', { recursive: true });
      await page.locator('[data-testid="scorecard-table"]').screenshot({ path: 'tests/artifacts/scorecard.png' });
      expect(errors).toEqual([]);
    } finally {
      await browser?.close();
    }
  });
});
