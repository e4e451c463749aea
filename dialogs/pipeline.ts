/**
 * The turn pipeline of the design, in order:
 *   error boundary → transcript → persist state → measure → language → message limit → NLU → handoff gate →
 *   typing → escalation policy → the bot's logic (dialogs).
 * Each channel installs `pipeline.middleware` on its adapter and runs `pipeline.logic`. Deliveries are
 * deduplicated once, by the channel that received them (adapters/kit/), not here.
 */
import type { BotState, StatePropertyAccessor, TranscriptLogger } from './turn-kit.js';
import type { BotLogic, TurnPipeline } from './turn-pipeline.js';
import type { Logger } from '../infra/logger.js';
import type { Translator } from '../infra/translator.js';
import type { MarketTag } from './market.js';
import type { Recognizer } from '../nlu-models/recognizer.js';
import { guarded, passThrough, type TurnMiddleware } from './middleware/compose.js';
import { errorBoundary } from './middleware/error-boundary.js';
import { persistState } from './middleware/persist-state.js';
import { transcriptLogging } from './middleware/transcript.js';
import { showTyping } from './middleware/typing.js';
import { language, understand } from './middleware/understand.js';

export interface TurnPipelineOptions {
  readonly recognizer: Recognizer;
  /** Conversation (and user) state saved at the end of every turn. */
  readonly states: readonly BotState[];
  /** Where the conversation's language is remembered. */
  readonly conversationLocale: StatePropertyAccessor<string>;
  readonly transcript: TranscriptLogger;
  /** The bot's dialogs. */
  readonly logic: BotLogic;
  /**
   * When a human owns the conversation, relays the message to the agent and does not call `next()`.
   * Pass-through until a handoff module is installed.
   */
  readonly handoffGate?: TurnMiddleware;
  /** Decides whether to escalate; when it does, it answers the customer and does not call `next()`. */
  readonly escalationPolicy?: TurnMiddleware;
  /** Holds back messages over the conversation's budget (dialogs/middleware/message-limit.ts). Pass-through by default. */
  readonly messageLimit?: TurnMiddleware;
  /** Measures each turn (dialogs/middleware/measure.ts); runs after state is loaded. Pass-through by default. */
  readonly measureTurn?: TurnMiddleware;
  readonly defaultLocale?: string;
  readonly logger?: Logger;
  /** The markets the bot writes for (`MARKETS`, dialogs/market.ts): their phrasing where a channel says the customer is there. */
  readonly markets?: readonly MarketTag[];
  /** Reads messages in languages without a model through a translation (docs/cross-border.md). None by default. */
  readonly translator?: Translator;
}

/** Builds the shared turn pipeline every channel runs. */
export function createTurnPipeline({
  recognizer,
  states,
  conversationLocale,
  transcript,
  logic,
  handoffGate = passThrough,
  escalationPolicy = passThrough,
  measureTurn = passThrough,
  messageLimit = passThrough,
  defaultLocale,
  logger,
  translator,
  markets = [],
}: TurnPipelineOptions): TurnPipeline {
  const middleware = [
    guarded('error-boundary', errorBoundary({ logger })),
    guarded('transcript', transcriptLogging({ logger: transcript, onError: (error) => logger?.warn({ err: error }, 'transcript write failed') })),
    guarded('persist-state', persistState({ states })),
    guarded('measure', measureTurn),
    guarded('language', language({ recognizer, conversationLocale, defaultLocale, markets })),
    guarded('message-limit', messageLimit),
    guarded('nlu', understand({ recognizer, ...(translator ? { translator } : {}) })),
    guarded('handoff-gate', handoffGate),
    // After the gate: while a person holds the conversation the bot shows no "typing…".
    guarded('typing', showTyping()),
    guarded('escalation-policy', escalationPolicy),
  ];
  return { middleware, logic };
}
