/**
 * The coach the desks ask (handoff/coach-api.ts): it reads the ticket's conversation (the customer's
 * language, market and latest messages, the emotion trend) from the handoff's stores, reviews a draft
 * with `reviewAgentReply`, and builds the suggested reply from the shop's FAQ answer and order facts.
 * Reads only; nothing here changes a ticket.
 */
import type { Activity } from '../../dialogs/turn-kit.js';
import { detectScenario } from '../../dialogs/empathy/detect-scenario.js';
import { type EmpathyScenario, pickPhrase } from '../../dialogs/empathy/phrases.js';
import { toLocale } from '../../dialogs/locale.js';
import type { TranscriptStore } from '../../dialogs/state/transcript-store.js';
import type { CoachDesk, CoachOutcome, DraftReview, ReplyCoach, SuggestionResult } from '../../handoff/coach-api.js';
import type { RateLimiter } from '../../infra/rate-limit.js';
import { maskText } from '../../handoff/privacy/index.js';
import type { FactsStore } from '../../handoff/service/facts-store.js';
import type { HandoffStore } from '../../handoff/store/handoff-store.js';
import type { Ticket } from '../../handoff/types.js';
import { REVIEWED_CHARACTERS, reviewAgentReply, reviewWarning } from './reply-review.js';
import { suggestedReply } from './suggested-reply.js';

/** Transcript entries read per review: enough for the customer's latest messages. */
const TRANSCRIPT_ENTRIES = 40;
/** The customer's latest messages that decide the scenario. */
const SCENARIO_MESSAGES = 5;
/** An emotion score at or below this in the latest turn means the customer is upset. */
const UPSET_SCORE = -0.3;

export interface DeskCoachOptions {
  readonly store: Pick<HandoffStore, 'getTicket'>;
  readonly facts: Pick<FactsStore, 'read'>;
  readonly transcript: Pick<TranscriptStore, 'read'>;
  /** The bot's FAQ answer to a customer message (the shop's `suggestAnswer`). */
  readonly suggestAnswer?: (text: string, locale: string) => Promise<string | undefined>;
  /** Order facts found in what the customer wrote (the shop's `orderFacts`). */
  readonly orderFacts?: (customerTexts: readonly string[], locale: string) => Promise<Record<string, string>>;
  /** Suggested replies per agent (each runs the NLU); unlimited without it. */
  readonly suggestionLimit?: RateLimiter;
  /** Receives each counted outcome (metrics); must not throw. */
  readonly onCount?: (desk: CoachDesk, outcome: CoachOutcome) => void;
}

/** What the coach reads of a conversation. */
interface Reading {
  readonly ticket: Ticket;
  /** The customer's language tag, market first ('zh-TW'), for phrases. */
  readonly locale: string;
  readonly market?: string;
  /** The conversation's reply locale, for the bot's answers. */
  readonly replyLocale: string;
  readonly customerTexts: readonly string[];
  readonly scenario: EmpathyScenario;
  readonly upset: boolean;
}

/** The desks' coach over the handoff's stores. */
export class DeskCoach implements ReplyCoach {
  readonly #o: DeskCoachOptions;

  constructor(options: DeskCoachOptions) {
    this.#o = options;
  }

  async review(ticketId: string, agentId: string, text: string): Promise<DraftReview | undefined> {
    const reading = await this.#read(ticketId);
    if (reading?.ticket.state !== 'assigned' || reading.ticket.agentId !== agentId) return undefined;
    const { locale, scenario, market } = reading;
    const review = reviewAgentReply({ text, locale, scenario, seed: ticketId });
    const warning = reviewWarning(review);
    return {
      flagged: review.verdict !== 'ok',
      verdict: review.verdict,
      reasons: review.reasons,
      ...(warning ? { warning } : {}),
      phrase: review.suggestion ?? pickPhrase(toLocale(locale), scenario, ticketId, market),
      locale,
      scenario,
    };
  }

  async suggestReply(ticketId: string, agentId: string): Promise<SuggestionResult> {
    const decision = await this.#o.suggestionLimit?.consume(agentId);
    if (decision && !decision.allowed) return { ok: false, code: 'rate_limited', retryAfterSeconds: decision.retryAfterSeconds };
    const reading = await this.#read(ticketId);
    if (!reading) return { ok: false, code: 'not_found' };
    const { customerTexts, replyLocale } = reading;
    const last = customerTexts.at(-1);
    const [answer, facts] = await Promise.all([
      last ? this.#o.suggestAnswer?.(last, replyLocale).catch(() => undefined) : undefined,
      this.#o.orderFacts?.(customerTexts, replyLocale).catch(() => ({})),
    ]);
    // As agents see them on the ticket: masked.
    const orderFacts = Object.fromEntries(Object.entries(facts ?? {}).map(([key, value]) => [key, maskText(String(value))]));
    const built = suggestedReply({
      locale: reading.locale,
      ...(reading.market ? { market: reading.market } : {}),
      ...(answer ? { answer } : {}),
      orderFacts,
      upset: reading.upset,
      scenario: reading.scenario,
      seed: ticketId,
    });
    return { ok: true, reply: { text: built.text, locale: reading.locale, from: built.from } };
  }

  count(desk: CoachDesk, outcome: CoachOutcome): void {
    try {
      this.#o.onCount?.(desk, outcome);
    } catch {
      // Counting must never stop a reply.
    }
  }

  async #read(ticketId: string): Promise<Reading | undefined> {
    const ticket = await this.#o.store.getTicket(ticketId);
    if (!ticket) return undefined;
    const [facts, activities] = await Promise.all([
      this.#o.facts.read(ticket.conversationId),
      this.#o.transcript.read(ticket.conversationId, TRANSCRIPT_ENTRIES),
    ]);
    const customerTexts = activities.filter(isCustomerMessage).map((activity) => activity.text ?? '');
    const recent = customerTexts.slice(-SCENARIO_MESSAGES).join('\n').slice(-REVIEWED_CHARACTERS);
    const replyLocale = facts?.locale ?? ticket.language;
    const latestEmotion = facts?.emotionTrend.at(-1) ?? 0;
    return {
      ticket,
      locale: facts?.market ?? facts?.locale ?? ticket.language,
      ...(facts?.market ? { market: facts.market } : {}),
      replyLocale,
      customerTexts,
      scenario: detectScenario(facts?.lastIntent, recent),
      upset: ticket.reason === 'crisis' || ticket.reason === 'negative_emotion' || latestEmotion <= UPSET_SCORE,
    };
  }
}

function isCustomerMessage(activity: Partial<Activity>): boolean {
  return activity.type === 'message' && activity.from?.role === 'user' && typeof activity.text === 'string' && activity.text.length > 0;
}
