/**
 * The handoff's two places in the turn pipeline (dialogs/pipeline.ts):
 *
 * - `handoffGate`: while a ticket is open the bot stays silent; the customer's message goes to the
 *   agents (the transcript already holds it) and the customer hears their place while queued.
 * - `escalationPolicy`: runs the policy on each customer message; when it escalates, the customer is
 *   answered at once (empathy when upset, place and expected wait) and the dialogs do not run. A
 *   dialog can also ask for a person (`requestHuman`); that is checked after the dialogs answered.
 *
 * Conversations without a ticket cost no store read: the open ticket id is remembered in the
 * conversation state at escalation, and the gate asks the store only when one is remembered.
 */
import { ActivityTypes, TurnContext, type StatePropertyAccessor } from '../../dialogs/turn-kit.js';
import { openWithEmpathy } from '../../dialogs/empathy/acknowledge.js';
import { StoreFullError } from '../../infra/bounded-map.js';
import { isStoreUnavailable } from '../../infra/errors.js';
import { handoffMessages } from '../customer-messages.js';
import { isStopCommand } from '../../dialogs/stop-command.js';
import type { TurnMiddleware } from '../../dialogs/middleware/compose.js';
import { LOCALES, toLocale } from '../../dialogs/locale.js';
import { turnMedia } from '../../dialogs/media.js';
import { customerTimeZone } from '../customer-time-zone.js';
import { getCustomerLanguage, getHumanRequest, getMarket, getLocale, getRecognition, isUnservedLanguage, wasNotUnderstood } from '../../dialogs/turn-state.js';
import type { Translator } from '../../infra/translator.js';
import { unservedLanguageEscalation } from '../policy/unserved-language.js';
import { inCustomerLanguage } from './desk-translation.js';
import type { Recognition } from '../../nlu-models/recognizer.js';
import {
  BUILT_IN_RULES,
  decideEscalation,
  defaultEscalationSettings,
  type EscalationRule,
  type EscalationSettings,
  type TurnSummary,
} from '../policy/index.js';
import { maskSensitive } from '../privacy/index.js';
import { EMOTION_TREND_LENGTH, type ConversationFacts, type StoredReference } from './facts-store.js';
import { ESCALATION_LIMITED, type EscalationLimit } from './escalation-limits.js';
import type { HandoffService } from './handoff-service.js';

/** What the handoff keeps in the conversation state (saved by the pipeline's persist-state step). */
export interface HandoffTurnState {
  /** The open ticket, if the conversation was escalated and not yet seen closed. */
  readonly ticketId?: string;
  /** The latest customer turns, oldest first, for the policy's trends. */
  readonly history: readonly TurnSummary[];
}

const HISTORY_LENGTH = 10;

export interface HandoffMiddlewareOptions {
  readonly service: HandoffService;
  /** A ConversationState property for `HandoffTurnState`. */
  readonly state: StatePropertyAccessor<HandoffTurnState>;
  readonly settings?: EscalationSettings;
  /** The escalation rules, in order (handoff/policy/rules.ts). Default: the built-in ones. */
  readonly rules?: readonly EscalationRule[];
  /** A rule threw and was skipped (the turn goes on); log it here. Default: ignored. */
  readonly onRuleError?: (rule: string, error: unknown) => void;
  /** Whether the customer is a VIP (their tickets rise in the queue). Default: nobody is. */
  readonly isVip?: (context: TurnContext) => boolean | Promise<boolean>;
  /** Called when the conversation is queued, e.g. to end the bot's active dialog; `reason` is the escalation's. */
  readonly onEscalated?: (context: TurnContext, about: { readonly reason: string }) => Promise<void>;
  /** Escalations per client and conversation (escalation-limits.ts); unlimited when absent. */
  readonly limit?: EscalationLimit;
  readonly now?: () => number;
  /** The languages the bot answers in itself; a message in another goes to a person. Default: the dialogs' locales. */
  readonly servedLanguages?: readonly string[];
  /** Tells customers who write in another language that a person will answer, in their language (docs/cross-border.md). */
  readonly translator?: Translator;
  /** Hears the customer's emotion around a handoff (the agents' scorecard, docs/agent-scorecard.md); must not throw. */
  readonly onCustomerEmotion?: (reading: CustomerEmotionReading) => void;
}

/**
 * The customer's emotion scores (-1 upset .. 1 happy) around a ticket: at `escalation`, the latest
 * turns' scores up to and including the one that escalated, oldest first; during the `handoff`, the
 * score of one message written while the ticket was open.
 */
export interface CustomerEmotionReading {
  readonly ticketId: string;
  readonly phase: 'escalation' | 'handoff';
  readonly scores: readonly number[];
  readonly at: number;
}

/**
 * The longest customer name a ticket stores. Channels cut names at the edge already
 * (adapters/field-limits.ts); this keeps a channel that forgot from storing a name every queue read,
 * card sync and SLA tick would mask again.
 */
export const STORED_NAME_MAX = 128;
const storedName = (name: string) => name.slice(0, STORED_NAME_MAX);

/** The facts of the conversation as of this turn. */
function factsOf(context: TurnContext, recognition: Recognition | undefined, trend: readonly number[], now: number): ConversationFacts {
  const { activity } = context;
  const reference = TurnContext.getConversationReference(activity) as StoredReference;
  // A display name is the client's to choose: nothing sensitive in it is kept (README, "Privacy").
  if (reference.user?.name) Object.assign(reference, { user: { ...reference.user, name: maskSensitive(storedName(reference.user.name)) } });
  // Reported by the client, else inferred from the number's country or the language tag (customer-time-zone.ts).
  const zone = customerTimeZone({
    channelId: activity.channelId,
    conversationId: activity.conversation.id,
    reportedTimeZone: activity.localTimezone,
    ...(activity.locale ? { locale: activity.locale } : {}),
  });
  return {
    conversationId: activity.conversation.id,
    reference,
    ...(activity.from?.name ? { customerName: maskSensitive(storedName(activity.from.name)) } : {}),
    ...(zone ? { timeZone: zone.timeZone, timeZoneSource: zone.source } : {}),
    ...(getMarket(context) ? { market: getMarket(context) } : {}),
    locale: getLocale(context),
    ...(getCustomerLanguage(context) && getCustomerLanguage(context) !== getLocale(context) ? { language: getCustomerLanguage(context) } : {}),
    ...(recognition ? { lastIntent: recognition.intent } : {}),
    emotionTrend: trend.slice(-EMOTION_TREND_LENGTH),

    updatedAt: now,
  };
}

const trendOf = (history: readonly TurnSummary[]) => history.map((turn) => turn.emotionScore);

/** While a person owns the conversation, relays the customer's messages and keeps the bot silent. */
export function handoffGate({ service, state, now = () => Date.now(), onCustomerEmotion }: HandoffMiddlewareOptions): TurnMiddleware {
  return async function handoffGateMiddleware(context, next) {
    const { type } = context.activity;
    const relevant = type === ActivityTypes.Message || type === ActivityTypes.EndOfConversation || type === ActivityTypes.ConversationUpdate;
    const current = relevant ? await state.get(context, { history: [] }) : undefined;
    if (!current?.ticketId) return next();
    const ticket = await service.openTicketFor(context.activity.conversation.id);
    if (!ticket) {
      // The person is done: the bot starts afresh, so turns said to the agent do not count as "not understood".
      await state.set(context, { history: [] });
      return next();
    }
    const leaving = type === ActivityTypes.EndOfConversation || (context.activity.membersRemoved ?? []).some((m) => m.id === context.activity.from?.id);
    if (leaving) {
      await service.customerLeft(ticket);
      return;
    }
    if (type !== ActivityTypes.Message) return;
    const text = (context.activity.text ?? '').trim();
    const recognition = getRecognition(context);
    const history = recognition ? remember(current.history, recognition, now()) : current.history;
    const facts = factsOf(context, recognition, trendOf(history), now());
    const attachments = turnMedia(context);
    const outcome = await service.customerMessage(ticket, { facts, text, withdraw: isStopCommand(text), ...(attachments.length > 0 ? { attachments } : {}) });
    // A customer who left the queue closed the ticket: nothing more to read for it.
    if (recognition && !outcome.released) onCustomerEmotion?.({ ticketId: ticket.id, phase: 'handoff', scores: [recognition.emotion.score], at: now() });
    await state.set(context, outcome.released ? { history: [] } : { ticketId: ticket.id, history });
    if (outcome.reply) await context.sendActivity(outcome.reply);
  };
}

/** Decides, per customer message, whether a person should take over, and queues the conversation when so. */
export function escalationPolicy({
  service,
  state,
  settings = defaultEscalationSettings,
  rules = BUILT_IN_RULES,
  onRuleError,
  isVip = () => false,
  onEscalated,
  limit,
  now = () => Date.now(),
  servedLanguages = LOCALES,
  translator,
  onCustomerEmotion,
}: HandoffMiddlewareOptions): TurnMiddleware {
  async function escalate(
    context: TurnContext,
    decision: Extract<ReturnType<typeof decideEscalation>, { escalate: true }> | ReturnType<typeof unservedLanguageEscalation>,
    history: readonly TurnSummary[],
    vip: boolean,
  ) {
    // Over the client's or the conversation's budget: no new ticket, whatever the wording (crisis too).
    if (limit && !(await limit(context)).allowed) {
      await context.sendActivity(ESCALATION_LIMITED[toLocale(getLocale(context))]);
      return;
    }
    const recognition = getRecognition(context);
    const facts = factsOf(context, recognition, trendOf(history), now());
    const { activity } = context;
    let escalated: Awaited<ReturnType<HandoffService['escalate']>>;
    try {
      escalated = await service.escalate({
        facts,
        customer: { id: activity.from?.id ?? 'unknown', ...(activity.from?.name ? { name: maskSensitive(storedName(activity.from.name)) } : {}) },
        decision,
        vip,
      });
    } catch (error) {
      // The queue's store is down (Redis restarting): queue nothing, say so, and let the customer ask
      // again rather than promise a person who will never see the ticket. So too when the memory queue
      // is full of open tickets (StoreFullError: none is dropped for a new one). Other failures go up.
      if (!isStoreUnavailable(error) && !(error instanceof StoreFullError)) throw error;
      openWithEmpathy(context, `${activity.conversation.id}:queue-unavailable`);
      await context.sendActivity(handoffMessages(getLocale(context)).queueUnavailable);
      return;
    }
    const { ticket, notice } = escalated;
    await state.set(context, { ticketId: ticket.id, history });
    if (escalated.created) onCustomerEmotion?.({ ticketId: ticket.id, phase: 'escalation', scores: trendOf(history), at: now() });
    await onEscalated?.(context, { reason: decision.reason });
    // Empathy first: an upset customer hears the feeling acknowledged before the queue position.
    openWithEmpathy(context, `${activity.conversation.id}:escalated:${ticket.id}`);
    await context.sendActivity(facts.language ? await inCustomerLanguage(translator, notice, facts.language) : notice);
  }

  const ruleOptions = { rules, ...(onRuleError ? { onRuleError } : {}) };

  return async function escalationPolicyMiddleware(context, next) {
    const recognition = getRecognition(context);
    if (context.activity.type !== ActivityTypes.Message) return next();
    if (!recognition) {
      // No text to judge (a photo, a file): only a dialog's request for a person counts.
      await next();
      const request = getHumanRequest(context);
      if (!request) return;
      const current = await state.get(context, { history: [] });
      const vip = (await isVip(context)) === true;
      const decision = decideEscalation(
        { recognition: wordless(getLocale(context)), history: current.history, customer: { vip }, dialogRequest: request },
        settings,
        ruleOptions,
      );
      if (decision.escalate) await escalate(context, decision, current.history, vip);
      return;
    }
    const current = await state.get(context, { history: [] });
    const vip = (await isVip(context)) === true;
    const customer = { vip };
    // Before the dialogs run, nobody knows whether this message is an answer to a pending question (an
    // order number, an address): "not understood" waits for them, every other reason is decided now.
    const understood = asUnderstood(recognition, settings);
    const early = decideEscalation({ recognition: understood, history: current.history, customer }, settings, ruleOptions);
    if (early.escalate) {
      const history = remember(current.history, recognition, now());
      await state.set(context, { ...current, history });
      return escalate(context, early, history, vip);
    }
    const unserved = getCustomerLanguage(context);
    if (unserved && isUnservedLanguage(context, servedLanguages)) {
      // The bot would answer this as out of scope: a person who reads it (or reads it translated) will.
      const history = remember(current.history, recognition, now());
      await state.set(context, { ...current, history });
      const decision = unservedLanguageEscalation({ language: unserved, served: servedLanguages, vip, signals: early.signals }, settings);
      return escalate(context, decision, history, vip);
    }
    await next();
    const outcome = wasNotUnderstood(context) ? { ...recognition, outOfScope: true } : understood;
    const history = remember(current.history, outcome, now());
    await state.set(context, { ...current, history });
    const request = getHumanRequest(context);
    const late = decideEscalation(
      { recognition: outcome, history: current.history, customer, ...(request ? { dialogRequest: request } : {}) },
      settings,
      ruleOptions,
    );
    if (late.escalate) await escalate(context, late, history, vip);
  };
}

/** What the policy reads for a message without words: understood, neutral, nothing to escalate by itself. */
function wordless(locale: string): Recognition {
  return { text: '', locale, intent: 'None', score: 1, outOfScope: false, alternatives: [], emotion: { score: 0, negative: false } };
}

/** The recognition as the policy should count it when the bot did understand the turn. */
function asUnderstood(recognition: Recognition, settings: EscalationSettings): Recognition {
  const floor = settings.notUnderstood.lowConfidenceBelow;
  return { ...recognition, outOfScope: false, score: Math.max(recognition.score, floor) };
}

/** Adds this message to the remembered turns, keeping the latest `HISTORY_LENGTH`. */
function remember(history: readonly TurnSummary[], recognition: Recognition, at: number): TurnSummary[] {
  const turn: TurnSummary = {
    intent: recognition.intent,
    score: recognition.score,
    outOfScope: recognition.outOfScope,
    emotionScore: recognition.emotion.score,
    at,
  };
  return [...history, turn].slice(-HISTORY_LENGTH);
}
