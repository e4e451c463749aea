/**
 * The shop assistant with its Slack desk, started in-process (PORT 0) against a loopback fake of
 * Slack's Web API, on memory or on the real Redis, with a clock the test moves. Slack's side is
 * driven with signed requests (`send`); what the desk did in Slack is read back from the fake's
 * recorded calls. `settle()` waits until the desk has finished everything it was asked so far.
 */
import { vi } from 'vitest';
import { ONE_ADDRESS_LIMITS } from '../support/test-limits.js';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { startCustomer, type DirectLineCustomer } from '../support/directline-customer.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { testRedisUrl, type TestRedis } from '../support/redis.js';
import { slackSender, type SlackSender } from '../support/slack-requests.js';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const BOT_TOKEN = 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy';
export const QUEUE = 'C0QUEUE01';
/** Ada: an AGENTS account linked to her Slack user. */
export const ADA = 'U0ADA0001';
/** Ben: in the queue channel, no account: an agent on his first action. */
export const BEN = 'U0BEN0001';
/** Gus: not in the channel, but in the agents' user group. */
export const GUS = 'U0GUS0001';
/** Eve: in the workspace, on no desk list. */
export const EVE = 'U0EVE0001';
export const USERGROUP = 'S0AGENTS1';
export const CORA_TOKEN = 'cora-console-token-0123456789';

export const AGENTS = JSON.stringify([
  { id: 'ada', name: 'Ada', token: 'ada-token-0123456789abcdef', languages: ['en', 'zh'], skills: ['general'], capacity: 5, slackUserId: ADA },
  { id: 'cora', name: 'Cora', token: CORA_TOKEN, languages: ['en'], skills: ['general', 'billing'], capacity: 5 },
]);

/** A posted or updated Slack message, as the fake recorded it. */
export type SlackMessage = Record<string, any>;

export interface SlackApp {
  readonly assistant: ShopAssistant;
  readonly baseUrl: string;
  readonly slack: FakeSlack;
  readonly send: SlackSender;
  /** Moves the assistant's clock (SLA deadlines, waits). */
  advance(ms: number): void;
  /** Waits until the desk handled every Slack request and made every post caused so far. */
  settle(): Promise<void>;
  /** A customer on the web channel who asked for a person; resolves once their card is posted. */
  escalatedCustomer(text?: string): Promise<{ customer: DirectLineCustomer; ticketId: string; card: SlackMessage }>;
  /** The card message posted for `ticketId`. */
  cardOf(ticketId: string): SlackMessage | undefined;
  /** The card as it shows now: its last chat.update, or the post. */
  currentCard(ticketId: string): SlackMessage;
  /** Texts posted in the card's thread, oldest first. */
  thread(ticketId: string): string[];
  /** Texts shown only to `user`. */
  ephemeralsFor(user: string): string[];
  /** The newest message shown only to `user`, whole (its buttons too); throws when there is none. */
  lastEphemeralFor(user: string): SlackMessage;
  /**
   * Runs `run` while the agents' coach passes every reply, as a coach with other rules would (another
   * instance after a deploy): for what a run again does when the coach judges otherwise than the first run.
   */
  whileCoachPasses(run: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Every button and menu of a message, by action id. */
export function actionsOf(message: SlackMessage): Record<string, any> {
  const actions: Record<string, any> = {};
  for (const block of message.blocks ?? [])
    for (const element of block.type === 'actions' ? block.elements : []) actions[element.action_id] = { ...element, block_id: block.block_id };
  return actions;
}

/** All the text a message shows (blocks included), for assertions. */
export function shownText(message: SlackMessage): string {
  return JSON.stringify(message.blocks ?? []) + (message.text ?? '');
}

export interface SlackAppOptions {
  readonly testRedis?: TestRedis;
  /** Settings over the defaults (HTTP mode, queue channel, the agents' user group). */
  readonly settings?: Record<string, string>;
  /** What apps.connections.open answers, for Socket Mode. */
  readonly socketUrl?: string;
  /** A fake Slack shared with another app (a second instance); left open by `stop`. */
  readonly fakeSlack?: FakeSlack;
}

export async function startSlackApp({ testRedis, settings = {}, socketUrl, fakeSlack }: SlackAppOptions = {}): Promise<SlackApp> {
  const slack =
    fakeSlack ??
    (await startFakeSlack({
      botToken: BOT_TOKEN,
      members: { [QUEUE]: [ADA, BEN, 'U0BATONBOT', 'U0OTHER01', 'U0OTHER02'] },
      usergroups: { [USERGROUP]: [GUS] },
      users: { [BEN]: 'Ben', [GUS]: 'Gus' },
    }));
  if (socketUrl) slack.socketUrl = socketUrl;
  let offset = 0;
  const assistant = await createShopAssistant(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      AGENTS,
      TOKEN_SECRET: 'shared-token-secret-0123456789',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_QUEUE_CHANNEL: QUEUE,
      SLACK_API_URL: slack.apiUrl,
      SLACK_AGENT_USERGROUP: USERGROUP,
      ...(testRedis ? { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: testRedis.keyPrefix } : {}),
      ...ONE_ADDRESS_LIMITS,
      ...settings,
    }),
    { now: () => Date.now() + offset },
  );
  const baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  const settle = () => assistant.slack!.idle();
  const posts = () => slack.callsTo('chat.postMessage');
  const cardOf = (ticketId: string) =>
    posts().find((message) => !message.thread_ts && Object.values(actionsOf(message)).some((action) => action.value === ticketId));

  const app: SlackApp = {
    assistant,
    baseUrl,
    slack,
    send: slackSender({ baseUrl, signingSecret: SIGNING_SECRET }),
    advance: (ms) => void (offset += ms),
    settle,
    async escalatedCustomer(text = 'I want to talk to a real person') {
      const customer = await startCustomer(baseUrl);
      await customer.post({ type: 'message', text, localTimezone: 'Asia/Shanghai' });
      await customer.read();
      const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
      if (!ticket) throw new Error(`"${text}" did not queue the customer`);
      await settle();
      const card = cardOf(ticket.id);
      if (!card) throw new Error(`no card was posted for ${ticket.id}`);
      return { customer, ticketId: ticket.id, card };
    },
    cardOf,
    currentCard(ticketId) {
      const card = cardOf(ticketId);
      if (!card) throw new Error(`no card for ${ticketId}`);
      return (
        slack
          .callsTo('chat.update')
          .filter((update) => update.ts === card.ts)
          .at(-1) ?? card
      );
    },
    thread(ticketId) {
      const card = cardOf(ticketId);
      return card
        ? posts()
            .filter((message) => message.thread_ts === card.ts)
            .map((message) => message.text)
        : [];
    },
    ephemeralsFor: (user) =>
      slack
        .callsTo('chat.postEphemeral')
        .filter((message) => message.user === user)
        .map((message) => message.text),
    lastEphemeralFor(user) {
      const shown = slack
        .callsTo('chat.postEphemeral')
        .filter((message) => message.user === user)
        .at(-1);
      if (!shown) throw new Error(`nothing was shown to ${user} alone`);
      return shown;
    },
    async whileCoachPasses(run) {
      const passes = { flagged: false, verdict: 'ok', reasons: [], phrase: 'I understand.', locale: 'en', scenario: 'generic' } as const;
      const review = vi.spyOn(assistant.handoff.coach, 'review').mockResolvedValue(passes);
      try {
        await run();
      } finally {
        review.mockRestore();
      }
    },
    async stop() {
      await assistant.stop();
      if (!fakeSlack) await slack.close();
    },
  };
  return app;
}
