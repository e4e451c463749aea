/**
 * The demo shop bot with every door open: Direct Line, the Telegram webhook, the WhatsApp Cloud API
 * webhook, the Slack desk over HTTP, the agent console API, the admin API, /metrics and the dashboard.
 * Platform APIs are the loopback fakes; `fullSettings` gives the environment (also for a child process),
 * `startFullApp` runs it in this process on a free port, on memory or on a given Redis.
 */
import { ONE_ADDRESS_LIMITS } from './test-limits.js';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { startFakeGraphApi, type FakeGraphApi } from './fake-graph-api.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { startFakeTelegramApi, type FakeTelegramApi } from './fake-telegram-api.js';
import { TEST_ACCESS_TOKEN, TEST_APP_SECRET, TEST_PHONE_NUMBER_ID, TEST_VERIFY_TOKEN } from './whatsapp-webhook.js';

export const ADMIN_TOKEN = 'admin-token-for-reliability-0123';
export const TELEGRAM_SECRET = 'reliability-webhook-secret_0123456789';
export const SLACK_SIGNING_SECRET = '5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f';
export const SLACK_BOT_TOKEN = 'xoxb-1111-2222-reliabilityToken';
export const SLACK_QUEUE = 'C0QUEUE01';
/** A Slack user in the queue channel, linked to the agent `ada`. */
export const SLACK_ADA = 'U0ADA0001';

/** Agents of every test here: tokens for the agent API, one linked to Slack. */
export const AGENTS = [
  { id: 'ada', name: 'Ada', token: 'ada-reliability-token-0001', languages: ['en', 'zh'], skills: ['general'], capacity: 20, slackUserId: SLACK_ADA },
  { id: 'ben', name: 'Ben', token: 'ben-reliability-token-0002', languages: ['en', 'zh'], skills: ['general'], capacity: 20 },
  { id: 'cy', name: 'Cy', token: 'cy-reliability-token-00003', languages: ['en', 'zh'], skills: ['general'], capacity: 20 },
  { id: 'dee', name: 'Dee', token: 'dee-reliability-token-0004', languages: ['en', 'zh'], skills: ['general'], capacity: 20 },
] as const;

/** The loopback stand-ins for Telegram, Meta's Graph API and Slack. */
export interface Fakes {
  readonly telegram: FakeTelegramApi;
  readonly graph: FakeGraphApi;
  readonly slack: FakeSlack;
  close(): Promise<void>;
}

/** Starts all three fakes; Slack knows Ada as a member of the queue channel. */
export async function startFakes(): Promise<Fakes> {
  const [telegram, graph, slack] = await Promise.all([
    startFakeTelegramApi(),
    startFakeGraphApi(),
    startFakeSlack({ botToken: SLACK_BOT_TOKEN, members: { [SLACK_QUEUE]: [SLACK_ADA, 'U0BATONBOT'] } }),
  ]);
  return {
    telegram,
    graph,
    slack,
    async close() {
      await Promise.all([telegram.close(), graph.close(), slack.close()]);
    },
  };
}

/** The environment of a Baton with every channel on the fakes; `redis` moves every store there. */
export function fullSettings(
  fakes: Fakes,
  { redis, extra = {} }: { redis?: { url: string; keyPrefix: string }; extra?: Record<string, string> } = {},
): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AGENTS: JSON.stringify(AGENTS),
    ADMIN_TOKEN,
    TOKEN_SECRET: 'reliability-shared-token-secret-01',
    TELEGRAM_BOT_TOKEN: fakes.telegram.token,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
    TELEGRAM_API_ROOT: fakes.telegram.apiRoot,
    WHATSAPP_ACCESS_TOKEN: TEST_ACCESS_TOKEN,
    WHATSAPP_APP_SECRET: TEST_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: TEST_PHONE_NUMBER_ID,
    WHATSAPP_GRAPH_API_BASE: fakes.graph.url,
    SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET,
    SLACK_QUEUE_CHANNEL: SLACK_QUEUE,
    SLACK_API_URL: fakes.slack.apiUrl,
    ...(redis ? { REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.keyPrefix } : {}),
    ...ONE_ADDRESS_LIMITS,
    ...extra,
  };
}

export interface FullApp {
  readonly assistant: ShopAssistant;
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** Runs the fully configured bot in this process on a free port. */
export async function startFullApp(fakes: Fakes, options: Parameters<typeof fullSettings>[1] & { now?: () => number } = {}): Promise<FullApp> {
  const assistant = await createShopAssistant(loadConfig(fullSettings(fakes, options)), options.now ? { now: options.now } : {});
  const baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  return { assistant, baseUrl, stop: () => assistant.stop() };
}
