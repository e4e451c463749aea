/**
 * Practice mode in the demo shop on the real Redis, through its front doors: a customer escalates over
 * Direct Line, an agent resolves the ticket in the agent API, a supervisor adds the conversation to the
 * practice library (anonymised), a trainee practises it. Practice reaches no customer, no channel and no
 * ticket; only supervisors (the role, or ADMIN_TOKEN) read the results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { startCustomer } from '../support/directline-customer.js';
import { eventually } from '../support/fake-whatsapp-web.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const ADMIN_TOKEN = 'practice-admin-token-0123456789';
const TOKENS = { ada: 'ada-practice-token-0123456789', tia: 'tia-practice-token-0123456789', lee: 'lee-practice-token-0123456789' };
const AGENTS = JSON.stringify([
  { id: 'ada', name: 'Ada', token: TOKENS.ada, languages: ['en'], skills: ['general'], capacity: 5 },
  { id: 'tia', name: 'Tia', token: TOKENS.tia, languages: ['en'], skills: ['general'], capacity: 5 },
  { id: 'lee', name: 'Lee', token: TOKENS.lee, languages: ['en'], skills: ['general'], capacity: 5, role: 'supervisor' },
]);

describe('practice mode in the shop assistant (Redis)', () => {
  let assistant: ShopAssistant;
  let redis: TestRedis;
  let baseUrl: string;

  // The APIs' JSON, read loosely in assertions.
  const call = async (token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${baseUrl}/api/agent${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    redis = connectTestRedis('practice-app');
    const settings = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      AGENTS,
      ADMIN_TOKEN,
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: redis.keyPrefix,
    };
    assistant = await createShopAssistant(loadConfig(settings));
    baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  });

  afterAll(async () => {
    await assistant?.stop();
    await redis?.cleanup();
  });

  it('turns a resolved conversation into anonymised practice, scores a trainee, and shows supervisors the results', async () => {
    const customer = await startCustomer(baseUrl, 'web-ada-customer');
    await customer.say('I want to talk to a real person, my order A1001 is two weeks late!');
    const claimed = await call(TOKENS.ada, 'POST', '/claim-next');
    expect(claimed.status).toBe(200);
    const ticketId: string = claimed.body.ticket.id;
    expect((await call(TOKENS.ada, 'POST', `/tickets/${ticketId}/reply`, { text: 'I am sorry for the wait, let me check.' })).status).toBe(200);
    await customer.say('thanks, write to me at ada.lovelace@example.org');
    expect((await call(TOKENS.ada, 'POST', `/tickets/${ticketId}/resolve`)).status).toBe(200);
    await customer.read();

    // A trainee may not choose material or read results; a supervisor may.
    expect((await call(TOKENS.tia, 'GET', '/practice/library')).status).toBe(403);
    expect((await call(TOKENS.tia, 'GET', '/practice/results')).status).toBe(403);
    expect((await call('not-a-token-at-all-000', 'GET', '/practice/me')).status).toBe(401);
    expect((await call(TOKENS.lee, 'GET', '/practice/me')).body).toEqual({ agentId: 'lee', supervisor: true });
    await eventually('the resolved ticket as a candidate', async () => {
      const library = await call(TOKENS.lee, 'GET', '/practice/library');
      return library.body.candidates?.some((candidate: { ticketId: string }) => candidate.ticketId === ticketId);
    });
    const added = await call(TOKENS.lee, 'POST', '/practice/library', { ticketId });
    expect(added.status).toBe(200);
    const stored = JSON.stringify(added.body);
    for (const secret of ['A1001', 'ada.lovelace', 'example.org', ticketId, customer.conversationId]) expect(stored).not.toContain(secret);
    expect((await call(TOKENS.lee, 'POST', '/practice/library', { ticketId })).status).toBe(409);

    const queueBefore = (await call(TOKENS.ada, 'GET', '/queue')).body;
    const started = await call(TOKENS.tia, 'POST', '/practice/sessions', {});
    expect(started.status).toBe(200);
    expect(started.body.lines[0].text).toContain('ORD-0001');
    const sessionId: string = started.body.id;
    expect((await call(TOKENS.tia, 'POST', `/practice/sessions/${sessionId}/replies`, { text: 'x'.repeat(2_001) })).status).toBe(400);
    const replied = await call(TOKENS.tia, 'POST', `/practice/sessions/${sessionId}/replies`, { text: 'No.' });
    expect(replied.status).toBe(200);
    // Scores stay hidden from the trainee until the session ends.
    expect(replied.body.replies[0].scores).toBeUndefined();
    // Someone else's session is not found; the trainee ends theirs and reads the summary.
    expect((await call(TOKENS.ada, 'POST', `/practice/sessions/${sessionId}/replies`, { text: 'hi' })).status).toBe(404);
    const ended = await call(TOKENS.tia, 'POST', `/practice/sessions/${sessionId}/end`);
    expect(ended.body.state).toBe('finished');
    expect(ended.body.replies[0].scores.tone).toBeLessThan(100);
    expect(ended.body.summary.overall).toBeLessThan(100);

    // Nothing reached the customer, the queue or the tickets.
    expect(await customer.read()).toEqual([]);
    expect((await call(TOKENS.ada, 'GET', '/queue')).body).toEqual(queueBefore);
    expect((await call(TOKENS.ada, 'GET', `/tickets/${ticketId}`)).body.state).toBe('resolved');

    for (const token of [TOKENS.lee, ADMIN_TOKEN]) {
      const results = await call(token, 'GET', '/practice/results?agentId=tia');
      expect(results.status).toBe(200);
      expect(results.body.sessions).toHaveLength(1);
      expect(results.body.sessions[0]).toMatchObject({ agentId: 'tia', agentName: 'Tia', state: 'finished', replies: [{ text: 'No.', verdict: 'curt' }] });
    }
    expect((await call(TOKENS.lee, 'GET', '/practice/nope')).status).toBe(404);
    // The page is served beside the console, under the console's security headers.
    const page = await fetch(`${baseUrl}/agent/practice.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('practice.js');
    // One sign-in script serves the console and the practice page, loaded from 'self' before each page's own;
    // neither page keeps token code of its own.
    for (const [path, own] of [
      ['/agent/', 'console.js'],
      ['/agent/practice.html', 'practice.js'],
    ] as const) {
      const html = await (await fetch(`${baseUrl}${path}`)).text();
      expect(html).toContain('<script src="agent-session.js"></script>');
      expect(html.indexOf('agent-session.js')).toBeLessThan(html.indexOf(own));
      expect(await (await fetch(`${baseUrl}/agent/${own}`)).text()).not.toContain('sessionStorage');
    }
    const shared = await fetch(`${baseUrl}/agent/agent-session.js`);
    expect([shared.status, shared.headers.get('content-type')]).toEqual([200, expect.stringContaining('javascript')]);

    // Erasing the customer's conversation takes its script out of the library (anonymisation has known gaps).
    const erase = await fetch(`${baseUrl}/api/admin/conversations/${encodeURIComponent(customer.conversationId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(erase.status).toBe(200);
    expect(((await erase.json()) as { erased: { practiceScripts: number } }).erased.practiceScripts).toBe(1);
    expect((await call(TOKENS.lee, 'GET', '/practice/library')).body.scripts.map((script: { id: string }) => script.id)).not.toContain(added.body.id);
  });
});
