/**
 * The handoff service on memory or on the real Redis, with a clock the test moves and a recording
 * channel in place of a customer channel: what the customer would receive is in `sent`. Customers
 * are escalated with decisions the real policy makes from plain recognitions.
 */
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder-core';
import { createMemoryEventBus, createRedisEventBus, type EventBus } from '../../handoff/bus/event-bus.js';
import type { DeskEvent } from '../../handoff/desk-api.js';
import { decideEscalation } from '../../handoff/policy/index.js';
import {
  createMemoryFactsStore,
  createRedisFactsStore,
  HandoffService,
  parseHandoffSettings,
  type ConversationFacts,
  type HandoffSettingsInput,
} from '../../handoff/service/index.js';
import { createMemoryHandoffStore, createRedisHandoffStore, type HandoffStore } from '../../handoff/store/index.js';
import type { AgentInput } from '../../handoff/types.js';
import { createMemoryTranscriptStore, createRedisTranscriptStore, type TranscriptStore } from '../../dialogs/state/transcript-store.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { ProactiveBotAdapter } from '../../adapters/proactive-adapter.js';
import { createMemoryDedupeStore, createRedisDedupeStore } from '../../infra/dedupe-store.js';

/** What the recording channel delivered to one conversation. */
export interface Delivered {
  readonly conversationId: string;
  readonly text: string;
  readonly channelData?: unknown;
}

/** A channel adapter that delivers into an array; `failing` makes every send throw (a channel outage). */
export class RecordingAdapter extends ProactiveBotAdapter {
  readonly sent: Delivered[] = [];
  failing = false;

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    if (this.failing) throw new Error('channel unavailable');
    for (const activity of activities) {
      this.sent.push({
        conversationId: activity.conversation?.id ?? context.activity.conversation.id,
        text: activity.text ?? '',
        channelData: activity.channelData,
      });
    }
    return activities.map((_, i) => ({ id: String(this.sent.length - activities.length + i) }));
  }
  override async updateActivity(): Promise<void> {}
  override async deleteActivity(): Promise<void> {}
  /** Texts delivered to `conversationId`, in order. */
  textsFor(conversationId: string): string[] {
    return this.sent.filter((s) => s.conversationId === conversationId).map((s) => s.text);
  }
}

export const AGENTS: readonly AgentInput[] = [
  { id: 'ada', name: 'Ada', languages: ['en', 'zh'], skills: ['general'], capacity: 2, presence: 'available' },
  { id: 'ben', name: 'Ben', languages: ['en'], skills: ['general', 'billing'], capacity: 2, presence: 'available' },
];

export interface Harness {
  readonly service: HandoffService;
  readonly store: HandoffStore;
  readonly transcript: TranscriptStore;
  readonly channel: RecordingAdapter;
  readonly clock: { now: number; tick(ms: number): void };
  /** Desk events pushed to agents, in order. */
  readonly events: DeskEvent[];
  /** CSAT questions asked, by conversation. */
  readonly csatAsked: string[];
  /** Queues a conversation the way the escalation middleware does. */
  escalate(
    conversationId: string,
    options?: { text?: string; emotion?: number; locale?: string; vip?: boolean; timeZone?: string },
  ): ReturnType<HandoffService['escalate']>;
  /** Another service over the same stores, as a restarted process or a second instance would be. */
  restart(): Promise<Harness>;
  cleanup(): Promise<void>;
}

// Monday 23 November 2026, 10:00 UTC.
export const MONDAY_10_UTC = Date.parse('2026-11-23T10:00:00Z');

export async function createHarness(
  kind: 'memory' | 'redis',
  settingsInput: HandoffSettingsInput = {},
  start = MONDAY_10_UTC,
  { abandonQuietAfterMinutes }: { abandonQuietAfterMinutes?: number } = {},
): Promise<Harness> {
  const clock = {
    now: start,
    tick(ms: number) {
      clock.now += ms;
    },
  };
  const testRedis: TestRedis | undefined = kind === 'redis' ? connectTestRedis('handoff-service') : undefined;
  const memory = {
    store: createMemoryHandoffStore({ now: () => clock.now }),
    facts: createMemoryFactsStore(),
    transcript: createMemoryTranscriptStore(),
    bus: createMemoryEventBus(),
    replyKeys: createMemoryDedupeStore(),
  };
  const settings = parseHandoffSettings(settingsInput);
  const closers: Array<() => Promise<void>> = [];

  async function build(): Promise<Harness> {
    const redis = testRedis?.duplicate();
    const store = redis ? createRedisHandoffStore({ redis, keyPrefix: testRedis!.keyPrefix, now: () => clock.now }) : memory.store;
    const facts = redis ? createRedisFactsStore({ redis, keyPrefix: testRedis!.keyPrefix }) : memory.facts;
    const transcript = redis ? createRedisTranscriptStore({ redis, keyPrefix: testRedis!.keyPrefix }) : memory.transcript;
    const bus: EventBus = redis ? createRedisEventBus({ redis, keyPrefix: testRedis!.keyPrefix }) : memory.bus;
    const replyKeys = redis ? createRedisDedupeStore({ redis, keyPrefix: testRedis!.keyPrefix }) : memory.replyKeys;
    const channel = new RecordingAdapter();
    const csatAsked: string[] = [];
    const service = new HandoffService({
      store,
      facts,
      transcript,
      bus,
      settings,
      replyKeys,
      now: () => clock.now,
      ...(abandonQuietAfterMinutes === undefined ? {} : { abandonQuietAfterMinutes }),
      cannedReplies: [
        { name: 'hello', locale: 'en', text: 'Hello!' },
        { name: 'hello', locale: 'zh', text: '您好！' },
      ],
      askCsat: async (context) => void csatAsked.push(context.activity.conversation.id),
      suggestAnswer: async (text) => (/order/i.test(text) ? 'Your order is on its way.' : undefined),
      orderFacts: async (texts): Promise<Record<string, string>> => (texts.some((t) => t.includes('A1001')) ? { order: 'A1001', status: 'shipped' } : {}),
    });
    service.registerChannel('test', channel);
    for (const agent of AGENTS) await store.upsertAgent(agent);
    await service.start({ tickerMs: 0 });
    const events: DeskEvent[] = [];
    await service.subscribe('ada', (event) => events.push(event));
    closers.push(async () => {
      await service.stop();
      await bus.close();
    });

    return {
      service,
      store,
      transcript,
      channel,
      clock,
      events,
      csatAsked,
      async escalate(conversationId, { text = 'I want to talk to a person', emotion = 0, locale = 'en', vip = false, timeZone } = {}) {
        const recognition = {
          text,
          locale,
          intent: 'contact_human_agent',
          score: 0.95,
          outOfScope: false,
          alternatives: [],
          emotion: { score: emotion, negative: emotion < -0.3 },
        };
        const decision = decideEscalation({ recognition, history: [], customer: { vip } });
        if (!decision.escalate) throw new Error(`the policy did not escalate "${text}"`);
        const facts: ConversationFacts = {
          conversationId,
          locale,
          emotionTrend: [emotion],
          updatedAt: clock.now,
          lastIntent: 'contact_human_agent',
          customerName: 'Ana',
          ...(timeZone ? { timeZone } : {}),
          reference: {
            channelId: 'test',
            serviceUrl: 'http://test',
            conversation: { id: conversationId },
            user: { id: `user-${conversationId}`, name: 'Ana' },
            bot: { id: 'bot', name: 'Bot' },
          },
        };
        await transcript.logActivity({
          type: 'message',
          text,
          from: { id: `user-${conversationId}`, role: 'user' },
          conversation: { id: conversationId },
          timestamp: new Date(clock.now),
        } as Activity);
        return service.escalate({ facts, customer: { id: `user-${conversationId}`, name: 'Ana' }, decision, vip });
      },
      restart: build,
      async cleanup() {
        for (const close of closers.splice(0).reverse()) await close();
        await testRedis?.cleanup();
      },
    };
  }
  return build();
}

/** Waits (bounded) until `check` holds; Redis pub/sub delivers asynchronously. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((wake) => setTimeout(wake, 20));
  }
  throw new Error(`Timed out waiting for: ${what}`);
}
