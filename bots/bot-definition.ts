/**
 * What a bot brings to `createBaton`: its id and name, its NLU model, and a factory that receives the
 * engine's services and returns the bot's logic plus what its agents see. The demo shop's definition is
 * `bots/shop-assistant/app.ts`; docs/public-api.md walks through one.
 */
import type { ConversationState, TurnContext } from '../dialogs/turn-kit.js';
import type { FeedbackEvent, OrderUpdates } from '../dialogs/order-care/ports.js';
import type { CsatContext, CsatScoreHandler } from '../dialogs/flows/csat.js';
import type { LearnedAnswer } from '../dialogs/flows/faq.js';
import type { OrderNoticeOptions } from '../dialogs/shop-bot.js';
import type { OrderNotice } from '../dialogs/order-care/ports.js';
import type { BotLogic } from '../dialogs/turn-pipeline.js';
import type { CannedReply } from '../handoff/desk-api.js';
import type { Config } from '../infra/config.js';
import type { Logger } from '../infra/logger.js';
import type { Recognizer } from '../nlu-models/recognizer.js';

/** What the engine gives a bot's factory; pass the hooks on to the bot's dialogs so feedback, CSAT and learning work. */
export interface BotServices {
  /** The validated settings. */
  readonly config: Config;
  /** Where the bot keeps its dialog state; saved by the engine at the end of every turn. */
  readonly conversationState: ConversationState;
  /** The live NLU model (retrained versions replace it without a restart), e.g. for agents' suggested answers. */
  readonly recognizer: Recognizer;
  /** Answers of FAQ intents a promoted retraining learned after start. */
  readonly learnedAnswer: LearnedAnswer;
  /** Whether FAQ answers should carry "did this help?" buttons (FEEDBACK_SETTINGS). */
  readonly askHelpful: boolean;
  /** Order updates, present when order events can come (ORDER_EVENTS_SECRET is set). */
  readonly orderUpdates?: OrderUpdates;
  /** Call with "did this help?" answers and CSAT comments. */
  readonly onFeedback: (context: TurnContext, event: FeedbackEvent) => Promise<void>;
  /** Call for each customer message the bot answered itself (starts the bot-only CSAT wait). */
  readonly onBotTurn: (context: TurnContext, about: { readonly intent: string }) => Promise<void>;
  /** Call with each CSAT score the customer gave. */
  readonly onCsatScore: CsatScoreHandler;
  readonly logger: Logger;
  /** The clock in epoch ms, when the caller injected one (tests). */
  readonly now?: () => number;
}

/** What a bot's factory returns: the turn logic and, optionally, what the handoff and order care call. */
export interface BotParts {
  /** Runs after the engine's middleware (NLU, handoff gate, escalation policy) on every customer turn. */
  readonly logic: BotLogic;
  /** Asks the CSAT question after an agent resolves a conversation (and for the bot-only sample). Default: not asked. */
  readonly beginCsat?: (context: TurnContext, options?: { readonly locale?: string } & Partial<CsatContext>) => Promise<void>;
  /** Ends the active dialog when a person takes the conversation over. Default: nothing to end. */
  readonly endDialogs?: (context: TurnContext) => Promise<void>;
  /** Sends an order notice in a proactive turn; required when ORDER_EVENTS_SECRET is set. */
  readonly sendOrderNotice?: (context: TurnContext, notice: OrderNotice, options: OrderNoticeOptions) => Promise<void>;
  /** Canned replies agents insert by short name. */
  readonly cannedReplies?: readonly CannedReply[];
  /** The bot's answer to a customer's text, shown to agents as a suggestion. */
  readonly suggestAnswer?: (text: string, locale: string) => Promise<string | undefined>;
  /** The content's extra escalation phrases (`escalationPhrasesOf(content)`), added to ESCALATION_SETTINGS' own. */
  readonly escalationPhrases?: { readonly extraCrisisPhrases: readonly string[]; readonly extraHumanPhrases: readonly string[] };
  /** Intents that ask for a person (`humanIntentsOf(content)`), added to ESCALATION_SETTINGS' `humanIntents`. */
  readonly humanIntents?: readonly string[];
  /** Facts agents see beside the ticket (an order's status...), from the customer's messages. */
  readonly orderFacts?: (customerTexts: readonly string[], locale: string) => Promise<Record<string, string>>;
}

/** A bot: `createBaton({ bot })` runs it. */
export interface BotDefinition {
  /** The bot's id (BOT_ID's default when settings are given raw): key prefixes, Direct Line's bot id. */
  readonly id: string;
  /** The name customers see (BOT_NAME's default when settings are given raw). */
  readonly name?: string;
  /** The trained NLU model's folder (`npm run nlu -- train` writes it); the NLU_MODEL_DIR setting overrides it. */
  readonly modelDir: string;
  /** The intents the bot serves: the learning loop and the incident radar offer them. Default: none. */
  readonly intents?: readonly string[];
  /** Static pages served at `/` (e.g. a demo page with the web widget). Default: none. */
  readonly publicDir?: string;
  /** Builds the bot once the engine's services exist. */
  create(services: BotServices): BotParts | Promise<BotParts>;
}
