/**
 * Banner answers end to end, on two instances sharing Redis: a supervisor publishes a banner for
 * track_order through the admin API on one instance (linked to an incident); customers on the other get
 * it FIRST, before the usual answer, in English and in Chinese, once per conversation; not while a person
 * holds the conversation; then it is withdrawn and no longer given. The incident records each step, and
 * the endpoints refuse a missing token and unbounded input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCustomer } from '../support/directline-customer.js';
import { ADMIN_TOKEN, AGENTS, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const EN = 'Our courier in the south is two days late; your order is safe.';
const ZH = '南方地区快递延误两天，您的订单安全。';
const SECOND = 1000;

describe('banner answers', () => {
  let fakes: Fakes;
  let testRedis: TestRedis;
  let a: FullApp;
  let b: FullApp;
  let clock = Date.parse('2026-12-07T10:00:00Z');

  beforeAll(async () => {
    fakes = await startFakes();
    testRedis = connectTestRedis('radar-banner');
    const options = {
      redis: { url: testRedisUrl, keyPrefix: testRedis.keyPrefix },
      now: () => clock,
      extra: { RADAR_RULES: JSON.stringify([{ id: 'wismo', signal: 'intent:track_order', windowMinutes: 15, minCount: 2 }]), RADAR_TICK_SECONDS: '600' },
    };
    a = await startFullApp(fakes, options);
    b = await startFullApp(fakes, options);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fakes?.close();
    await testRedis?.cleanup();
  });

  const call = (app: FullApp, method: string, path: string, body?: unknown, token = ADMIN_TOKEN) =>
    fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** The replies to `text`, without the greeting a new conversation opens with. */
  const answers = async (customer: Awaited<ReturnType<typeof startCustomer>>, text: string) =>
    (await customer.say(text)).map((reply) => reply.text).filter((reply) => !reply.startsWith("Hi! I'm the shop assistant"));

  it('gives the banner first in English and Chinese, once, then not after it is withdrawn', async () => {
    // An incident to link the banner to.
    for (const app of [a, b]) await (await startCustomer(app.baseUrl)).say('where is my order?');
    clock += 60 * SECOND;
    await Promise.all([a.assistant.radar.flush(), b.assistant.radar.flush()]);
    await Promise.all([a.assistant.radar.tick(), b.assistant.radar.tick()]);
    const [incident] = await a.assistant.radar.incidents(5);
    expect(incident).toBeDefined();

    const published = await call(a, 'PUT', '/api/admin/radar/banners/track_order', { texts: { en: EN, zh: ZH }, by: 'Mia', incidentId: incident!.id });
    expect(published.status).toBe(200);
    // The other instance reads banners at most every 5 s: its clock moves on.
    clock += 6 * SECOND;

    const en = await startCustomer(b.baseUrl);
    const enReplies = await answers(en, 'where is my order?');
    expect(enReplies[0]).toBe(EN);
    expect(enReplies.slice(1).join('\n')).toMatch(/order number/i);
    // Once per conversation: asking again gets the usual answer only.
    expect((await en.say('where is my order?')).map((reply) => reply.text)).not.toContain(EN);

    const zh = await startCustomer(b.baseUrl);
    const zhReplies = await answers(zh, '我的订单到哪了？');
    expect(zhReplies[0]).toBe(ZH);
    expect(zhReplies.length).toBeGreaterThan(1);
    expect(zhReplies.slice(1).join('\n')).toMatch(/订单号/);

    // Other intents get no banner.
    const other = await startCustomer(a.baseUrl);
    expect((await other.say('what payment methods do you accept?')).map((reply) => reply.text)).not.toContain(EN);

    const withdrawn = await call(b, 'POST', '/api/admin/radar/banners/track_order/withdraw', { by: 'Mia' });
    expect(withdrawn.status).toBe(200);
    clock += 6 * SECOND;
    for (const app of [a, b]) {
      const later = await startCustomer(app.baseUrl);
      const replies = (await later.say('where is my order?')).map((reply) => reply.text);
      expect(replies).not.toContain(EN);
      expect(replies.join('\n')).toMatch(/order number/i);
    }
    expect((await call(a, 'POST', '/api/admin/radar/banners/track_order/withdraw', { by: 'Mia' })).status).toBe(404);

    const resolved = await call(b, 'POST', `/api/admin/radar/incidents/${incident!.id}/resolve`, { by: 'Mia', note: 'courier caught up' });
    expect(resolved.status).toBe(200);
    const record = (await a.assistant.radar.incidents(5)).find((found) => found.id === incident!.id)!;
    expect(record.state).toBe('resolved');
    expect(record.actions.map((action) => [action.kind, action.by])).toEqual([
      ['raised', 'radar'],
      ['banner_published', 'Mia'],
      ['banner_withdrawn', 'Mia'],
      ['resolved', 'Mia'],
    ]);
    expect(record.actions[1]!.detail).toBe('track_order: en, zh');
    expect(record.actions[3]).toMatchObject({ detail: 'courier caught up', at: clock });
    expect((await call(a, 'POST', `/api/admin/radar/incidents/${incident!.id}/acknowledge`, { by: 'Mia' })).status).toBe(409);
  });

  it('gives no banner while a person holds the conversation', async () => {
    await call(a, 'PUT', '/api/admin/radar/banners/track_order', { texts: { en: EN }, by: 'Mia' });
    clock += 6 * SECOND;
    const customer = await startCustomer(a.baseUrl);
    await customer.say('I want to talk to a person');
    const agent = AGENTS[1];
    const headers = { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' };
    expect((await fetch(`${a.baseUrl}/api/agent/me/presence`, { method: 'PUT', headers, body: JSON.stringify({ presence: 'available' }) })).status).toBe(200);
    const claimed = await fetch(`${a.baseUrl}/api/agent/claim-next`, { method: 'POST', headers });
    expect(claimed.status).toBe(200);
    expect((await customer.say('where is my order?')).map((reply) => reply.text)).not.toContain(EN);
    // The banner is live: a customer the bot serves gets it.
    expect(await answers(await startCustomer(a.baseUrl), 'where is my order?')).toContain(EN);
    await call(a, 'POST', '/api/admin/radar/banners/track_order/withdraw', { by: 'Mia' });
  });

  it('refuses a missing token and unbounded input, saying the fix', async () => {
    expect((await call(a, 'PUT', '/api/admin/radar/banners/track_order', { texts: { en: EN }, by: 'Mia' }, 'wrong-token-0123456789')).status).toBe(401);
    expect((await call(a, 'GET', '/dashboard/api/radar', undefined, 'nope-nope-nope-nope')).status).toBe(401);
    const long = await call(a, 'PUT', '/api/admin/radar/banners/track_order', { texts: { en: 'x'.repeat(501) }, by: 'Mia' });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({ error: { code: 'invalid', message: 'texts: at most 500 characters each' } });
    const noName = await call(a, 'PUT', '/api/admin/radar/banners/track_order', { texts: { en: EN } });
    expect(noName.status).toBe(400);
    const badLocale = await call(a, 'PUT', '/api/admin/radar/banners/track_order', { texts: { english: EN }, by: 'Mia' });
    expect(badLocale.status).toBe(400);
    expect((await call(a, 'POST', '/api/admin/radar/incidents/inc-zz-00000000/resolve', { by: 'Mia' })).status).toBe(404);
  });

  it('refuses a banner for an intent the bot does not know, naming where the known ones come from', async () => {
    const unknown = await call(a, 'PUT', '/api/admin/radar/banners/trak_order', { texts: { en: EN }, by: 'Mia' });
    expect(unknown.status).toBe(400);
    const { error } = (await unknown.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('unknown_intent');
    expect(error.message).toContain('"trak_order"');
    expect(error.message).toContain('/learning/api/intents');
    expect((await a.assistant.radar.banners.all()).map((banner) => banner.intent)).not.toContain('trak_order');
  });
});
