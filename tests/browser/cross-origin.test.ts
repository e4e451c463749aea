/**
 * The web channel as a shop deploys it: Baton on one origin with DIRECTLINE_SECRET and ALLOWED_ORIGINS,
 * the shop's pages on another (a second loopback port), in a real browser.
 * - the one-line widget tag, with a token Baton issues to the page's origin, chats and resumes after a reload;
 * - the widget with `data-token-url`, and Microsoft's own Web Chat bundle (botframework-webchat's
 *   dist/webchat.js), each with a token the shop's test backend generated with the secret and a user
 *   id: they chat in English and Chinese, and Baton sees the token's user id (also on the handoff ticket);
 * - a page of an origin not in the list gets no CORS grant and its WebSocket is refused.
 * Runs on the memory stores and on the real Redis.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { chromiumPath, launchBrowser } from '../support/browser.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';

const SECRET = 'shop-directline-secret-0123456789';
const SHOPPER = { id: 'dl_shopper-7', name: 'Wei Zhang' };
const HAN = /\p{Script=Han}/u;
const WAIT_MS = 20_000;
// The package exports only its entry point, so the bundle is found beside it.
const webChatBundle = join(dirname(createRequire(import.meta.url).resolve('botframework-webchat')), '..', 'dist', 'webchat.js');

/** The shop's site: its pages and the backend endpoint that gets tokens from Baton with the secret. */
interface ShopSite {
  readonly origin: string;
  /** Conversation ids of the tokens the backend handed out, in order. */
  readonly conversations: string[];
  /** Who the backend says is signed in from now on. */
  signIn(user: { id: string; name: string }): void;
  close(): Promise<void>;
}

async function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function startShop(batonUrl: () => string): Promise<ShopSite> {
  const conversations: string[] = [];
  let signedIn = SHOPPER;
  const app = express();
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
  app.get('/widget.html', (_req, res) => {
    res.type('html').send(page('Shop', `<script src="${batonUrl()}/widget/baton-widget.js" data-title="Shop help" data-locale="en"></script>`));
  });
  app.get('/account.html', (_req, res) => {
    res
      .type('html')
      .send(
        page(
          'Your account',
          `<script src="${batonUrl()}/widget/baton-widget.js" data-title="Shop help" data-locale="zh" data-token-url="/api/chat-token"></script>`,
        ),
      );
  });
  app.get('/webchat.html', (req, res) => {
    const locale = req.query.locale === 'zh-CN' ? 'zh-CN' : 'en-US';
    // With the shop's backend (?token=backend), or without one: a token Baton issues to this origin.
    const tokenCall =
      req.query.token === 'origin' ? `fetch('${batonUrl()}/v3/directline/tokens/origin', { method: 'POST' })` : `fetch('/api/chat-token', { method: 'POST' })`;
    res.type('html').send(
      page(
        'Shop with Web Chat',
        `<div id="webchat" style="height:640px"></div><script src="/webchat.js"></script><script>
          ${tokenCall}.then(function (r) { return r.json(); }).then(function (answer) {
            window.WebChat.renderWebChat({ directLine: window.WebChat.createDirectLine({ domain: '${batonUrl()}/v3/directline', token: answer.token }), locale: '${locale}' }, document.getElementById('webchat'));
          });
        </script>`,
      ),
    );
  });
  app.get('/webchat.js', (_req, res) => res.sendFile(webChatBundle));
  // The shop's backend: it knows who is signed in, and asks Baton for a token with that id inside.
  app.post('/api/chat-token', async (_req, res) => {
    const answer = await fetch(`${batonUrl()}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: signedIn }),
    });
    const body = (await answer.json()) as { conversationId: string; token: string };
    conversations.push(body.conversationId);
    res.status(answer.status).json({ token: body.token });
  });
  return listen(app).then((server) => ({
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    conversations,
    signIn: (user) => {
      signedIn = user;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }));
}

/** Polls the page for a new text matching `expected` among `selector`'s, after the first `before`. */
async function waitForText(page: Page, selector: string, before: number, expected: RegExp, what: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  let fresh: string[] = [];
  while (Date.now() < deadline) {
    fresh = (await page.locator(selector).allTextContents()).slice(before);
    const match = fresh.find((text) => expected.test(text));
    if (match) return match;
    await page.waitForTimeout(100);
  }
  throw new Error(`No ${what} matching ${expected}. Seen: ${JSON.stringify(fresh)}`);
}

/** The widget: sends `text`, resolves the first new bot message matching `expected`. */
async function askWidget(page: Page, text: string, expected: RegExp): Promise<string> {
  const before = await page.getByTestId('message-bot').count();
  await page.getByTestId('baton-input').fill(text);
  await page.getByTestId('baton-send').click();
  return waitForText(page, '[data-testid="message-bot"]', before, expected, `widget reply to "${text}"`);
}

const WEBCHAT_BOT = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';

/** Web Chat: types into its send box, resolves the first new bot bubble matching `expected`. */
async function askWebChat(page: Page, text: string, expected: RegExp): Promise<string> {
  const before = await page.locator(WEBCHAT_BOT).count();
  const input = page.locator('[data-id="webchat-sendbox-input"]');
  await input.fill(text);
  await input.press('Enter');
  return waitForText(page, WEBCHAT_BOT, before, expected, `Web Chat reply to "${text}"`);
}

for (const store of ['memory', 'redis'] as const) {
  describe.skipIf(!chromiumPath)(`the web channel on the shop's own site (${store} store)`, () => {
    let assistant: ShopAssistant;
    let browser: Browser;
    let baton = '';
    let shop: ShopSite;
    let stranger: ShopSite;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('cross-origin') : undefined;
      shop = await startShop(() => baton);
      stranger = await startShop(() => baton);
      const config = loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DIRECTLINE_SECRET: SECRET,
        ALLOWED_ORIGINS: shop.origin,
        ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
      });
      assistant = await createShopAssistant(config);
      baton = `http://127.0.0.1:${await assistant.start()}`;
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await assistant?.stop();
      await shop?.close();
      await stranger?.close();
      await testRedis?.cleanup();
    });

    /** The user activities Baton stored for a conversation, read with the secret. */
    async function userIdsIn(conversationId: string): Promise<string[]> {
      const answer = await fetch(`${baton}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${SECRET}` } });
      const { activities } = (await answer.json()) as { activities: { type: string; from: { id: string; role?: string } }[] };
      return activities.filter((activity) => activity.from.role === 'user').map((activity) => activity.from.id);
    }

    it("the one-line widget tag chats from the shop's origin with a token for that origin, and resumes after a reload", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${shop.origin}/widget.html`);
      await page.getByTestId('baton-launcher').click();
      await page.getByTestId('message-bot').first().waitFor({ timeout: WAIT_MS });
      const status = await (async () => {
        await askWidget(page, 'where is my order?', /order number/i);
        return askWidget(page, 'A1001', /A1001/);
      })();
      expect(status).toMatch(/on its way/);
      const stored = await page.evaluate(() =>
        JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((key) => key.startsWith('baton-widget:'))!)!),
      );
      expect(stored.conversationId).toEqual(expect.any(String));

      await page.reload();
      // The conversation is resumed at once (the panel still closed): its history comes back, and it goes on.
      await page.getByTestId('message-bot').filter({ hasText: 'A1001' }).first().waitFor({ state: 'attached', timeout: WAIT_MS });
      await page.getByTestId('baton-launcher').click();
      const chinese = await askWidget(page, '我的订单在哪里?', HAN);
      expect(chinese).toMatch(/订单号/);
      const after = await page.evaluate(() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((key) => key.startsWith('baton-widget:'))!)!));
      expect(after.conversationId).toBe(stored.conversationId);
      expect(await page.getByTestId('baton-panel').getByText('Connection lost').count()).toBe(0);
      await context.close();
    });

    it("the widget on Baton's own demo page gets a token for Baton's origin, with the secret set", async () => {
      const page = await browser.newPage();
      await page.goto(baton);
      await page.getByTestId('baton-launcher').click();
      await askWidget(page, 'where is my order?', /order number/i);
      await page.close();
    });

    it('the widget refreshes its token before it expires', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // The page's clock is moved; Baton's is not, so the refreshed token is checked by the real server.
      await page.clock.install();
      await page.goto(`${shop.origin}/widget.html`);
      await page.getByTestId('baton-launcher').click();
      await askWidget(page, 'where is my order?', /order number/i);
      const tokenOf = () =>
        page.evaluate(() => JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((key) => key.startsWith('baton-widget:'))!)!).token as string);
      const refreshing = page.waitForResponse((response) => response.url().endsWith('/v3/directline/tokens/refresh'));
      // Origin tokens live 20 minutes: the widget refreshes at half that, and keeps the new token.
      await page.clock.fastForward('10:01');
      const refreshed = await refreshing;
      expect(refreshed.status()).toBe(200);
      const { token } = (await refreshed.json()) as { token: string };
      await expect.poll(tokenOf, { timeout: WAIT_MS }).toBe(token);
      expect(await askWidget(page, 'A1001', /A1001/)).toMatch(/on its way/);
      await context.close();
    });

    it("the widget with data-token-url uses the shop backend's token: Baton sees the signed-in user's id; a reload resumes only their conversation", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      shop.signIn(SHOPPER);
      const before = shop.conversations.length;
      await page.goto(`${shop.origin}/account.html`);
      await page.getByTestId('baton-launcher').click();
      const reply = await askWidget(page, '我的订单在哪里?', /订单号/);
      expect(reply).toMatch(HAN);
      const conversationId = shop.conversations[before];
      expect(conversationId).toBeDefined();
      expect(new Set(await userIdsIn(conversationId))).toEqual(new Set([SHOPPER.id]));
      const storedConversation = () =>
        page.evaluate(
          () =>
            JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find((key) => key.startsWith('baton-widget:'))!) ?? '{}').conversationId as
              | string
              | undefined,
        );
      expect(await storedConversation()).toBe(conversationId);

      // The same customer reloads: the conversation is resumed.
      await page.reload();
      await page.getByTestId('message-user').filter({ hasText: '我的订单在哪里?' }).first().waitFor({ state: 'attached', timeout: WAIT_MS });
      expect(await storedConversation()).toBe(conversationId);

      // Another customer signs in on the same tab: a new conversation starts, without the first one's history.
      shop.signIn({ id: 'dl_next-customer', name: 'Next' });
      await page.reload();
      await expect.poll(storedConversation, { timeout: WAIT_MS }).not.toBe(conversationId);
      expect(await page.getByTestId('message-user').count()).toBe(0);
      await page.getByTestId('baton-launcher').click();
      await askWidget(page, '我的订单在哪里?', /订单号/);
      const second = (await storedConversation())!;
      expect(new Set(await userIdsIn(second))).toEqual(new Set(['dl_next-customer']));
      shop.signIn(SHOPPER);
      await context.close();
    });

    it("Microsoft's Web Chat bundle chats without a shop backend, with a token Baton issues to the page's origin", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${shop.origin}/webchat.html?token=origin`);
      await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: WAIT_MS });
      await askWebChat(page, 'where is my order?', /order number/i);
      expect(await askWebChat(page, 'A1002', /A1002/)).not.toMatch(HAN);
      expect(errors).toEqual([]);
      await context.close();
    });

    for (const [locale, question, expected, human] of [
      ['en-US', 'where is my order?', /order number/i, 'I want to talk to a real person, this is ridiculous'],
      ['zh-CN', '我的订单在哪里?', /订单号/, '我要人工客服'],
    ] as const) {
      it(`Microsoft's Web Chat bundle chats in ${locale} with the backend's token; the user id in it reaches the ticket`, async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        const before = shop.conversations.length;
        await page.goto(`${shop.origin}/webchat.html?locale=${locale}`);
        await page.locator('[data-id="webchat-sendbox-input"]').waitFor({ timeout: WAIT_MS });
        const answer = await askWebChat(page, question, expected);
        if (locale === 'zh-CN') expect(answer).toMatch(HAN);
        await askWebChat(page, human, locale === 'zh-CN' ? HAN : /queue|person|team/i);
        const conversationId = shop.conversations[before];
        expect(new Set(await userIdsIn(conversationId))).toEqual(new Set([SHOPPER.id]));
        const ticket = (await assistant.handoff.store.queue()).find((queued) => queued.conversationId === conversationId);
        expect(ticket?.customer).toEqual({ id: SHOPPER.id, name: SHOPPER.name });
        expect(errors).toEqual([]);
        await context.close();
      });
    }

    it('a page of an origin not in ALLOWED_ORIGINS gets no CORS grant and its WebSocket is refused', async () => {
      const generated = await (
        await fetch(`${baton}/v3/directline/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } })
      ).json();
      const started = await (
        await fetch(`${baton}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } })
      ).json();
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${stranger.origin}/widget.html`);
      const outcome = await page.evaluate(
        async ({ base, streamUrl, token, started }) => {
          const tokenCall = await fetch(`${base}/v3/directline/tokens/origin`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          }).then(
            (response) => `answered ${response.status}`,
            (error: Error) => `blocked: ${error.name}`,
          );
          const readCall = await fetch(`${base}/v3/directline/conversations/${started.conversationId}`, { headers: { authorization: `Bearer ${token}` } }).then(
            (response) => `answered ${response.status}`,
            (error: Error) => `blocked: ${error.name}`,
          );
          const socket = await new Promise<string>((resolve) => {
            const ws = new WebSocket(streamUrl);
            ws.onopen = () => resolve('open');
            ws.onclose = (event) => resolve(`closed ${event.code}`);
          });
          return { tokenCall, readCall, socket };
        },
        { base: baton, streamUrl: started.streamUrl as string, token: generated.token as string, started },
      );
      expect(outcome).toEqual({ tokenCall: 'blocked: TypeError', readCall: 'blocked: TypeError', socket: 'closed 1006' });
      // The widget on that page cannot start either.
      await page.getByTestId('baton-launcher').click();
      await page.getByTestId('baton-panel').getByText('Connection lost').first().waitFor({ timeout: WAIT_MS });
      expect(await page.getByTestId('message-bot').count()).toBe(0);
      await context.close();
    });
  });
}

describe.skipIf(!chromiumPath)('the widget on another origin with no settings (the open demo)', () => {
  let assistant: ShopAssistant;
  let browser: Browser;
  let baton = '';
  let shop: ShopSite;

  beforeAll(async () => {
    shop = await startShop(() => baton);
    assistant = await createShopAssistant(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
    baton = `http://127.0.0.1:${await assistant.start()}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await assistant?.stop();
    await shop?.close();
  });

  it('chats from any origin', async () => {
    const page = await browser.newPage();
    await page.goto(`${shop.origin}/widget.html`);
    await page.getByTestId('baton-launcher').click();
    await askWidget(page, 'where is my order?', /order number/i);
    await page.close();
  });
});
