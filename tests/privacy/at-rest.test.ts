/**
 * "Nothing sensitive at rest" and "erase is complete", on the whole app (Direct Line, Telegram and the
 * WhatsApp Cloud API, the Slack desk and the agent API, on the loopback fakes), on Redis and on memory.
 *
 * A customer on each channel writes a card number and a Chinese resident ID (on the web, their display
 * name carries the ID too), asks for a person, an
 * agent claims and answers (pasting the ID back), the customer writes again while the agent holds the
 * conversation. Then: on Redis every key under the test's prefix is dumped, whatever its type, and no
 * full card or ID number may appear in it, nor in the log lines; on memory the same is read back from
 * each store the turns wrote. Then the conversations are erased (one by id, two by customer) and
 * nothing may still name them: no key, no value.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { conversationStateKey } from '../../bots/erase.js';
import { loadConfig } from '../../infra/config.js';
import { piiLogMasking } from '../../handoff/privacy/index.js';
import { createLogger } from '../../infra/logger.js';
import type { Channel } from '../../adapters/channel.js';
import type { TelegramChannel } from '../../adapters/telegram/index.js';
import { botFrameworkCustomer, whatsAppCloudCustomer, type ChannelCustomer, type Platforms } from '../channels/customers.js';
import { startCustomer } from '../support/directline-customer.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-bot-connector.js';
import { ADMIN_TOKEN, AGENTS, TELEGRAM_SECRET, fullSettings, startFakes, type Fakes } from '../support/full-app.js';
import { connectTestRedis, testRedisUrl, type TestRedis } from '../support/redis.js';
import { createRedisDeliveryJournal } from '../../adapters/kit/redis-delivery-journal.js';
import { customer as telegramCustomer, textUpdate } from '../telegram/updates.js';

const CARD = '4111 1111 1111 1111';
const SECOND_CARD = '5500-0000-0000-0004';
/** A Chinese resident ID with a valid check digit (GB 11643). */
const RESIDENT_ID = '11010519491231002X';
/** What no stored byte may contain: the numbers whole, in any of the ways they were written. */
const FORBIDDEN = ['4111111111111111', '5500000000000004', '11010519491231002', '110105194912310'];

/** `text` with separators inside digit runs removed, so "4111 1111 …" and "4111-1111-…" are found as digits. */
const digitsJoined = (text: string) => text.replace(/(\d)[ \-\\]+(?=\d)/g, '$1');

function expectNothingSensitive(what: string, dump: string): void {
  const joined = digitsJoined(dump);
  for (const number of FORBIDDEN) {
    const at = joined.indexOf(number);
    expect(at, `${what} holds ${number}: …${joined.slice(Math.max(0, at - 400), at + 100)}`).toBe(-1);
  }
}

/** Every key under `prefix` with its value, whatever the type, as one text. */
async function dumpRedis(testRedis: TestRedis): Promise<{ keys: string[]; text: string }> {
  const { redis, keyPrefix } = testRedis;
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  const parts: string[] = [];
  for (const key of keys.sort()) {
    const type = await redis.type(key);
    const value =
      type === 'string'
        ? await redis.get(key)
        : type === 'hash'
          ? JSON.stringify(await redis.hgetall(key))
          : type === 'list'
            ? JSON.stringify(await redis.lrange(key, 0, -1))
            : type === 'set'
              ? JSON.stringify(await redis.smembers(key))
              : type === 'zset'
                ? JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES'))
                : type === 'stream'
                  ? JSON.stringify(await redis.xrange(key, '-', '+'))
                  : `(unread type ${type})`;
    parts.push(`${key} => ${value}`);
  }
  return { keys, text: parts.join('\n') };
}

for (const store of ['redis', 'memory'] as const) {
  describe(`personal data at rest and erase (${store})`, () => {
    let fakes: Fakes;
    let testRedis: TestRedis | undefined;
    let assistant: ShopAssistant;
    let baseUrl: string;
    const logLines: string[] = [];
    let connector: FakeConnector;
    const customers: Record<'web' | 'telegram' | 'whatsapp' | 'teams', ChannelCustomer & { userId: string }> = {} as never;
    let webToken = '';

    const agentApi = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const response = await fetch(`${baseUrl}/api/agent${path}`, {
        method,
        headers: { ...headers, authorization: `Bearer ${AGENTS[1].token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { id?: string } };
    };
    const admin = (path: string) => fetch(`${baseUrl}/api/admin${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const settle = async () => {
      for (const channel of assistant.channels) await (channel.adapter as { drain?: () => Promise<void> }).drain?.();
      await assistant.slack?.idle();
    };

    beforeAll(async () => {
      fakes = await startFakes();
      connector = await startFakeConnector();
      testRedis = store === 'redis' ? connectTestRedis('at-rest') : undefined;
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          logLines.push(chunk.toString());
          done();
        },
      });
      const settings = fullSettings(fakes, {
        ...(testRedis ? { redis: { url: testRedisUrl, keyPrefix: testRedis.keyPrefix } } : {}),
        extra: { LOG_LEVEL: 'debug', BOTFRAMEWORK_ANONYMOUS: 'true' },
      });
      assistant = await createShopAssistant(loadConfig(settings), { logger: createLogger({ level: 'debug', masking: piiLogMasking, destination }) });
      baseUrl = `http://127.0.0.1:${await assistant.start()}`;
    });

    afterAll(async () => {
      await assistant?.stop();
      await fakes?.close();
      await connector?.close();
      await testRedis?.cleanup();
    });

    it('keeps no full card or resident ID number in any store or log line, on any channel', async () => {
      const platforms = {
        baseUrl,
        channels: assistant.channels,
        telegram: { fake: fakes.telegram, secret: TELEGRAM_SECRET },
        graph: fakes.graph,
        connector,
      } as unknown as Platforms;
      const web = await webCustomerWithToken(baseUrl);
      webToken = web.token;
      customers.web = web;
      customers.telegram = await distinctTelegramCustomer(platforms);
      const whatsapp = await whatsAppCloudCustomer(platforms);
      customers.whatsapp = { ...whatsapp, userId: whatsapp.conversationId };
      // A Bot Framework channel (Teams): its activities' channelId is 'msteams', not the channel's name.
      const teams = await botFrameworkCustomer(platforms);
      customers.teams = { ...teams, userId: `user-${teams.conversationId}` };

      for (const customer of Object.values(customers)) {
        await customer.say(`My card is ${CARD} and my ID is ${RESIDENT_ID}, the refund never came`);
        await customer.say('I want to talk to a real person');
        const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
        expect(ticket, 'the customer was queued').toBeDefined();
        expect((await agentApi('POST', `/tickets/${ticket!.id}/claim`)).status).toBe(200);
        // Keyed: its mark holds the channel's message id (on the web `<conversation id>|<position>`), which the erase must take.
        const reply = { text: `Thanks, I found your ID ${RESIDENT_ID}; the card ${CARD} is refunded today.` };
        expect((await agentApi('POST', `/tickets/${ticket!.id}/reply`, reply, { 'idempotency-key': 'at-rest-reply-1' })).status).toBe(200);
        await customer.say(`Also my old card ${SECOND_CARD} please`);
        await settle();
      }
      await settle();

      // The dialogs saw the numbers in full: the customer's own echo and transcript now show them masked.
      const text = testRedis ? (await dumpRedis(testRedis)).text : JSON.stringify(await readMemoryStores(assistant, Object.values(customers)));
      expect(text).toContain('**** **** **** 1111');
      expect(text).toContain('****-****-****-0004');
      expect(text).toContain('**************002X');
      expectNothingSensitive(testRedis ? 'Redis' : 'the memory stores', text);
      expectNothingSensitive('the log', logLines.join(''));
      expect(logLines.length).toBeGreaterThan(10);
    });

    it('erases a conversation by id: every key, on every channel; its Direct Line token can no longer bring it back', async () => {
      const web = customers.web;
      const response = await admin(`/conversations/${web.conversationId}`);
      expect(response.status).toBe(200);
      const { erased } = (await response.json()) as { erased: Record<string, number | boolean> };
      expect(erased).toMatchObject({
        tickets: 1,
        facts: true,
        transcript: true,
        agentReplyKeys: 1,
        stateItems: 1,
        directLineLog: true,
        customerLinks: 1,
        tokensRevoked: true,
      });
      expect(erased.auditEvents).toBeGreaterThanOrEqual(3);

      // The old token: neither starting the conversation again nor refreshing works.
      const restart = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${webToken}` } });
      expect(restart.status).toBe(403);
      expect(((await restart.json()) as { error: { code: string } }).error.code).toBe('ConversationErased');
      expect((await fetch(`${baseUrl}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${webToken}` } })).status).toBe(403);
      expect(
        (await fetch(`${baseUrl}/v3/directline/conversations/${web.conversationId}/activities`, { headers: { authorization: `Bearer ${webToken}` } })).status,
      ).toBe(404);

      // Asked again, the answer is honest: nothing was left.
      const again = (await (await admin(`/conversations/${web.conversationId}`)).json()) as { erased: Record<string, number | boolean> };
      expect(again.erased).toMatchObject({
        tickets: 0,
        auditEvents: 0,
        facts: false,
        transcript: false,
        agentReplyKeys: 0,
        stateItems: 0,
        directLineLog: false,
        customerLinks: 0,
      });

      await expectForgotten([web.conversationId, web.userId]);

      // Teams: the state key is under 'msteams' (a channel id no configured channel is named after).
      const teams = customers.teams;
      const teamsErased = (await (await admin(`/conversations/${encodeURIComponent(teams.conversationId)}`)).json()) as {
        erased: Record<string, number | boolean>;
      };
      expect(teamsErased.erased).toMatchObject({ tickets: 1, facts: true, transcript: true, stateItems: 1, customerLinks: 1 });
      await expectForgotten([teams.conversationId, teams.userId]);
    });

    it('erases a customer: every conversation the customer had on the channel', async () => {
      for (const [channel, customer] of [
        ['telegram', customers.telegram],
        ['whatsapp', customers.whatsapp],
      ] as const) {
        // A delivery of the customer acknowledged by an instance that is still running its turn (Redis: the durable inbox).
        if (testRedis) {
          const journal = createRedisDeliveryJournal({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix });
          const payload = JSON.stringify({ from: customer.userId, text: `where is my parcel, ${customer.conversationId}?` });
          await journal.accept(
            channel,
            { id: `in-flight-${customer.userId}`, conversationId: customer.conversationId, payload },
            { owner: 'busy', ms: 600_000 },
            60,
          );
        }
        const response = await admin(`/customers/${channel}/${encodeURIComponent(customer.userId)}`);
        expect(response.status).toBe(200);
        const body = (await response.json()) as { conversations: Record<string, Record<string, number | boolean>> };
        expect(Object.keys(body.conversations)).toEqual([customer.conversationId]);
        expect(body.conversations[customer.conversationId]).toMatchObject({ tickets: 1, facts: true, transcript: true, agentReplyKeys: 1, stateItems: 1 });
        if (testRedis) expect(body.conversations[customer.conversationId]).toMatchObject({ inboxEntries: 1 });
        if (channel === 'whatsapp') expect(body.conversations[customer.conversationId]).toMatchObject({ whatsappWindow: true });
        await expectForgotten([customer.conversationId, customer.userId]);
      }
      expect((await admin('/customers/telegram/bad%20id')).status).toBe(400);
      expect((await admin('/customers/Tele*gram/123')).status).toBe(400);
    });

    /** No key and no value still names any of `ids` (Redis); no store still returns anything for them (memory). */
    async function expectForgotten(ids: readonly string[]): Promise<void> {
      if (testRedis) {
        const { text } = await dumpRedis(testRedis);
        for (const id of ids)
          expect(
            text.includes(id),
            `Redis still names ${id}:\n${text
              .split('\n')
              .filter((line) => line.includes(id))
              .join('\n')}`,
          ).toBe(false);
        return;
      }
      const held =
        JSON.stringify(
          await readMemoryStores(
            assistant,
            Object.values(customers).filter((customer) => ids.includes(customer.conversationId)),
          ),
        ) ?? '';
      for (const id of ids) expect(held.includes(id), `memory still holds ${id}: ${held}`).toBe(false);
    }
  });
}

/** A Direct Line customer whose token the test keeps (to try it after the erase). */
async function webCustomerWithToken(baseUrl: string): Promise<ChannelCustomer & { userId: string; token: string }> {
  const userId = `web-${Date.now().toString(36)}-privacy`;
  const customer = await startCustomer(baseUrl, userId);
  const url = `${baseUrl}/v3/directline/conversations/${customer.conversationId}/activities`;
  return {
    conversationId: customer.conversationId,
    userId,
    token: customer.token,
    async say(text) {
      // The display name is the client's to choose: this one carries an ID number too.
      const from = { id: userId, name: `Ann ${RESIDENT_ID}` };
      const posted = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text, from }),
      });
      if (!posted.ok) throw new Error(`POST activity answered ${posted.status}`);
      return (await customer.read()).map((reply) => reply.text);
    },
    read: async () => (await customer.read()).map((reply) => reply.text),
  };
}

/** A Telegram customer whose id is long enough not to appear by chance inside timestamps. */
async function distinctTelegramCustomer(platforms: Platforms): Promise<ChannelCustomer & { userId: string }> {
  const adapter = platforms.channels.find((channel: Channel) => channel.name === 'telegram')!.adapter as TelegramChannel['adapter'];
  const mia = telegramCustomer(Number(`8${String(Date.now()).slice(-8)}`));
  let updates = Math.floor(Date.now() / 1000);
  const sent = () =>
    platforms.telegram.fake.succeeded('sendMessage', (params) => String(params.chat_id) === String(mia.id)).map((call) => String(call.params.text));
  let seen = 0;
  const fresh = () => {
    const all = sent();
    const out = all.slice(seen);
    seen = all.length;
    return out;
  };
  return {
    conversationId: String(mia.id),
    userId: String(mia.id),
    async say(text) {
      const response = await fetch(`${platforms.baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': platforms.telegram.secret },
        body: JSON.stringify(textUpdate(++updates, mia, text)),
      });
      if (response.status !== 200) throw new Error(`Telegram webhook answered ${response.status}`);
      await adapter.drain();
      return fresh();
    },
    read: async () => fresh(),
  };
}

/** What the memory stores hold for these customers' conversations, read through each store's own API. */
async function readMemoryStores(assistant: ShopAssistant, customers: readonly (ChannelCustomer & { userId: string })[]) {
  const { stores, handoff, channels } = assistant;
  const held: Record<string, unknown> = {};
  for (const { conversationId, userId } of customers) {
    const stateKeys = [...channels.map((channel) => channel.name), 'msteams'].map((channelId) => conversationStateKey(channelId, conversationId));
    const tickets = (await handoff.store.readEvents({ limit: 100_000 })).filter((stored) => stored.event.conversationId === conversationId);
    held[conversationId] = {
      transcript: await stores.transcript.read(conversationId),
      directLine: [await stores.activityLog.getConversation(conversationId), await stores.activityLog.read(conversationId, '', 1000)].filter(
        (part) => part && (!('activities' in part) || part.activities.length > 0),
      ),
      state: await stores.storage.read(stateKeys),
      tickets: await Promise.all(tickets.map((stored) => handoff.store.getTicket(stored.event.ticketId))).then((found) => found.filter(Boolean)),
      events: tickets,
      openTicket: (await handoff.store.openTicketFor(conversationId)) ?? null,
      whatsappWindow: (await stores.whatsappWindows.read(conversationId)) ?? null,
      whatsappOptions: (await stores.whatsappOptions.read(conversationId)) ?? null,
      customerIndex: Object.fromEntries(await Promise.all(channels.map(async (channel) => [channel.name, await stores.customers.list(channel.name, userId)]))),
    };
  }
  return pruned(JSON.parse(JSON.stringify(held)));
}

/** `value` without empty arrays, empty objects and nulls, at any depth, so "holds nothing" reads as nothing. */
function pruned(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(pruned).filter((item) => item !== undefined);
    return items.length ? items : undefined;
  }
  if (value === null) return undefined;
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value)
    .map(([key, item]) => [key, pruned(item)] as const)
    .filter(([, item]) => item !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
