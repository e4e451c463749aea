/**
 * Misses through the whole app (Direct Line and the Telegram webhook over HTTP, memory stores): unserved
 * questions become masked misses with their conversation, channel, locale and closest intents; a "No"
 * to "did this help?" makes the question a `not_helpful` miss; an answer from a low score is a
 * `low_confidence` miss; two unserved messages in a row escalate and the second is `not_understood`; a redelivered Telegram update is stored once; erase removes a
 * conversation's misses; the review API lists the groups behind the admin token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MissedMessage } from '../../supervision/learning/learning-items.js';
import { startCustomer } from '../support/directline-customer.js';
import { ADMIN_TOKEN, TELEGRAM_SECRET, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { customer as telegramCustomer, textUpdate } from '../telegram/updates.js';

describe('misses through the bot', () => {
  let fakes: Fakes;
  let app: FullApp;

  beforeAll(async () => {
    fakes = await startFakes();
    app = await startFullApp(fakes);
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  const missesOf = async (conversationId: string): Promise<MissedMessage[]> => {
    await app.assistant.misses.capture.settled();
    return (await app.assistant.misses.store.listOpen(0, 500)).filter((miss) => miss.conversationId === conversationId);
  };
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${app.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers } });

  it('keeps an unserved question, masked, with its conversation, channel, locale and closest intents', async () => {
    const customer = await startCustomer(app.baseUrl);
    const replies = await customer.say('Do you sell unicorn saddles? Card 4111 1111 1111 1111, call +44 20 7946 0958');
    expect(replies.at(-1)!.text).toMatch(/didn't quite get that/i);
    const [kept, ...more] = await missesOf(customer.conversationId);
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ conversationId: customer.conversationId, channel: 'directline', locale: 'en', reason: 'out_of_scope' });
    expect(kept!.text).toMatch(/^Do you sell unicorn saddles\?/);
    expect(kept!.text).not.toMatch(/4111 1111|1111 1111 1111|7946 0958/);
    expect(kept!.closest.length).toBeGreaterThan(0);
    expect(kept!.closest.length).toBeLessThanOrEqual(3);
  });

  it('makes the question behind a "No" to "did this help?" a not_helpful miss, with the answered intent closest', async () => {
    const customer = await startCustomer(app.baseUrl);
    await customer.say('what payment methods do you accept?');
    expect((await missesOf(customer.conversationId)).filter((m) => m.reason !== 'low_confidence')).toEqual([]);
    await customer.say('No');
    const notHelpful = (await missesOf(customer.conversationId)).filter((m) => m.reason === 'not_helpful');
    expect(notHelpful).toEqual([
      expect.objectContaining({
        text: 'what payment methods do you accept?',
        locale: 'en',
        closest: [expect.objectContaining({ intent: 'check_payment_methods' })],
      }),
    ]);
  });

  it('keeps low-confidence answers, and marks the message that escalated as not understood (in Chinese)', async () => {
    const customer = await startCustomer(app.baseUrl);
    await customer.say('你们卖独角兽的马鞍吗');
    await customer.say('独角兽马鞍有货吗');
    await customer.say('给我讲个笑话');
    const misses = await missesOf(customer.conversationId);
    expect(misses.map((m) => [m.reason, m.locale, m.text]).sort()).toEqual([
      ['low_confidence', 'zh', '你们卖独角兽的马鞍吗'],
      ['not_understood', 'zh', '给我讲个笑话'],
      ['out_of_scope', 'zh', '独角兽马鞍有货吗'],
    ]);
    expect(misses.find((m) => m.reason === 'low_confidence')!.closest[0]!.intent).toBe('delivery_options');
    const ticket = await app.assistant.handoff.service.openTicketFor(customer.conversationId);
    expect(ticket?.reason).toBe('not_understood');
  });

  it('stores a redelivered Telegram update once', async () => {
    const mia = telegramCustomer(77_101);
    const update = textUpdate(990_001, mia, 'Do you sell unicorn saddles for ponies?');
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${app.baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(update),
      });
      expect(response.status).toBe(200);
    }
    // Both deliveries' turns finished (the adapters drained), so a doubled miss would be stored by now.
    for (const channel of app.assistant.channels) await (channel.adapter as { drain?: () => Promise<void> }).drain?.();
    expect(await missesOf(String(mia.id))).toEqual([expect.objectContaining({ channel: 'telegram', text: 'Do you sell unicorn saddles for ponies?' })]);
  });

  it('lists groups on the admin API only with the token, and erases misses with the conversation', async () => {
    expect((await fetch(`${app.baseUrl}/learning/api/groups?days=7`)).status).toBe(401);
    expect((await admin('/learning/api/groups?days=2')).status).toBe(400);
    const customer = await startCustomer(app.baseUrl);
    await customer.say('Do you sell unicorn saddles in blue?');
    await app.assistant.misses.capture.settled();
    const listing = (await (await admin('/learning/api/groups?days=7')).json()) as { groups: { volume: number; examples: { text: string }[] }[] };
    const saddles = listing.groups.find((group) => group.examples.some((example) => example.text === 'Do you sell unicorn saddles in blue?'));
    expect(saddles!.volume).toBeGreaterThanOrEqual(2);

    const bad = await admin('/learning/api/groups/gabc/dismiss', { method: 'POST', body: JSON.stringify({ days: 3 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid');

    const erased = await admin(`/api/admin/conversations/${encodeURIComponent(customer.conversationId)}`, { method: 'DELETE' });
    expect(((await erased.json()) as { erased: { misses: number } }).erased.misses).toBe(1);
    expect(await missesOf(customer.conversationId)).toEqual([]);
  });
});
