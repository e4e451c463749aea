/**
 * A day at the desk for the scorecard tests: the real handoff service and its real middleware (the
 * handoff gate and the escalation policy) on memory or on the real Redis, a clock the test moves (each
 * move runs the SLA ticker, as an instance would), and customers whose messages carry an NLU reading
 * the test chooses (intent and emotion), so every figure of the day is known in advance.
 */
import { ConversationState, MemoryStorage, TestAdapter } from 'botbuilder';
import { Registry } from 'prom-client';
import { createMemoryEventBus, createRedisEventBus } from '../../handoff/bus/event-bus.js';
import {
  createMemoryFactsStore,
  createRedisFactsStore,
  escalationPolicy,
  handoffGate,
  HandoffService,
  parseHandoffSettings,
  type HandoffTurnState,
} from '../../handoff/service/index.js';
import { createMemoryHandoffStore, createRedisHandoffStore } from '../../handoff/store/index.js';
import type { AgentInput } from '../../handoff/types.js';
import { createMemoryTranscriptStore, createRedisTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { setRecognition } from '../../dialogs/turn-state.js';
import { createMemoryStatsStore, createRedisStatsStore, type StatsStore } from '../../infra/stats-store.js';
import {
  createMemoryTicketMoodStore,
  createRedisTicketMoodStore,
  createScorecardMetrics,
  ScorecardRecorder,
  type TicketMoodStore,
} from '../../supervision/scorecard/index.js';
import { RecordingAdapter } from '../handoff/harness.js';
import { connectTestRedis } from '../support/redis.js';

/** The configured agents; `zed` also works the queue but is not in the settings (removed, or never added). */
export const CONFIGURED = [
  { id: 'ada', name: 'Ada' },
  { id: 'ben', name: 'Ben' },
  { id: 'cy', name: 'Cy' },
] as const;
const DESK: readonly AgentInput[] = [...CONFIGURED, { id: 'zed', name: 'Zed' }].map((agent) => ({
  ...agent,
  languages: ['en'],
  skills: ['general'],
  capacity: 3,
  presence: 'available' as const,
}));

/** One customer: `say` runs a message through the handoff middleware with the given NLU reading. */
export interface DayCustomer {
  readonly conversationId: string;
  say(text: string, emotion: number, intent?: string): Promise<void>;
  ticketId(): Promise<string>;
}

export interface Day {
  readonly service: HandoffService;
  readonly recorder: ScorecardRecorder;
  readonly moods: TicketMoodStore;
  readonly stats: StatsStore;
  readonly registry: Registry;
  readonly clock: { now: number };
  /** Sets the clock to `iso` and runs the SLA ticker. */
  at(iso: string): Promise<void>;
  /** Moves the clock `seconds` on and runs the SLA ticker. */
  advance(seconds: number): Promise<void>;
  customer(conversationId: string): DayCustomer;
  cleanup(): Promise<void>;
}

/** Builds the day on `kind` stores; the first-reply SLA is 30 seconds. */
export async function createDay(kind: 'memory' | 'redis', start: string): Promise<Day> {
  const clock = { now: Date.parse(start) };
  const now = () => clock.now;
  const testRedis = kind === 'redis' ? connectTestRedis('scorecard-day') : undefined;
  const redis = testRedis?.redis;
  const keyPrefix = testRedis?.keyPrefix ?? 'baton:';
  const stats = redis ? createRedisStatsStore({ redis, keyPrefix, botId: 'day' }) : createMemoryStatsStore();
  const registry = new Registry();
  const moods = redis ? createRedisTicketMoodStore({ redis, keyPrefix }) : createMemoryTicketMoodStore({ now });
  const recorder = new ScorecardRecorder({
    stats,
    moods,
    agents: CONFIGURED.map((agent) => agent.id),
    slaSeconds: 30,
    metrics: createScorecardMetrics(registry),
  });
  const bus = redis ? createRedisEventBus({ redis: testRedis!.duplicate(), keyPrefix }) : createMemoryEventBus();
  const store = redis ? createRedisHandoffStore({ redis, keyPrefix, now }) : createMemoryHandoffStore({ now });
  const service = new HandoffService({
    store,
    facts: redis ? createRedisFactsStore({ redis, keyPrefix }) : createMemoryFactsStore(),
    transcript: redis ? createRedisTranscriptStore({ redis, keyPrefix }) : createMemoryTranscriptStore(),
    bus,
    settings: parseHandoffSettings({ sla: { firstReplySeconds: 30 } }),
    now,
    askCsat: async () => {},
    onEvent: (event) => recorder.onHandoffEvent(event),
  });
  service.registerChannel('test', new RecordingAdapter());
  for (const agent of DESK) await store.upsertAgent(agent);
  await service.start({ tickerMs: 0 });

  const conversationState = new ConversationState(new MemoryStorage());
  const middlewareOptions = {
    service,
    state: conversationState.createProperty<HandoffTurnState>('handoff'),
    now,
    onCustomerEmotion: (reading: Parameters<ScorecardRecorder['onCustomerEmotion']>[0]) => recorder.onCustomerEmotion(reading),
  };
  const gate = handoffGate(middlewareOptions);
  const policy = escalationPolicy(middlewareOptions);

  return {
    service,
    recorder,
    moods,
    stats,
    registry,
    clock,
    async at(iso) {
      clock.now = Date.parse(iso);
      await service.fireDueDeadlines();
    },
    async advance(seconds) {
      clock.now += seconds * 1000;
      await service.fireDueDeadlines();
    },
    customer(conversationId) {
      let reading = { emotion: 0, intent: 'None' };
      const adapter = new TestAdapter(async () => {});
      adapter.conversation.conversation.id = conversationId;
      adapter.conversation.user = { id: `user-${conversationId}`, name: 'Ana', role: 'user' };
      adapter.use(async (context, next) => {
        const { emotion, intent } = reading;
        const text = context.activity.text ?? '';
        setRecognition(context, {
          text,
          locale: 'en',
          intent,
          score: 0.95,
          outOfScope: false,
          alternatives: [],
          emotion: { score: emotion, negative: emotion < -0.3 },
        });
        await next();
        await conversationState.saveChanges(context);
      });
      adapter.use(gate, policy);
      return {
        conversationId,
        async say(text, emotion, intent = 'contact_human_agent') {
          reading = { emotion, intent };
          await adapter.receiveActivity({ type: 'message', text });
        },
        async ticketId() {
          const ticket = await service.openTicketFor(conversationId);
          if (!ticket) throw new Error(`${conversationId} has no open ticket`);
          return ticket.id;
        },
      };
    },
    async cleanup() {
      await service.stop();
      await bus.close();
      await testRedis?.cleanup();
    },
  };
}
