/**
 * Catches every message the bot could not serve, as a masked `MissedMessage`:
 * - `out_of_scope`: the dialogs fell back to "I didn't quite get that" (`wasNotUnderstood`);
 * - `low_confidence`: the dialogs answered from an intent the NLU scored under `lowConfidenceBelow`;
 * - `not_understood`: this message made the handoff escalate with reason `not_understood` (the earlier
 *   unserved messages of the run were caught on their own turns);
 * - `not_helpful`: the customer said "No" to "did this help?"; the miss is the question that got the answer.
 *
 * Capture never slows or breaks a turn: the turn's reply is not held for the store, and a failing store
 * is logged, not thrown. A redelivered message (same activity id) makes the same miss id: stored once.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { TurnContext } from '../../dialogs/turn-kit.js';
import type { TurnMiddleware } from '../../dialogs/middleware/compose.js';
import { getAnsweredIntent, getCustomerLanguage, getLocale, getRecognition, wasNotUnderstood } from '../../dialogs/turn-state.js';
import { maskForRecord } from '../../handoff/privacy/index.js';
import type { Logger } from '../../infra/logger.js';
import type { ClosestIntent, MissedMessage, MissReason } from './learning-items.js';
import type { MissSettings } from './miss-settings.js';
import type { AddMissOutcome, MissStore } from './miss-store.js';

/** The longest miss text kept (after masking). */
export const MISS_TEXT_MAX = 500;

export interface MissCaptureOptions {
  readonly store: MissStore;
  readonly settings: Pick<MissSettings, 'capture' | 'lowConfidenceBelow'>;
  /** Epoch ms. */
  readonly now?: () => number;
  readonly logger?: Logger;
  /** Told what each capture came to (metrics, tests). */
  readonly onCaptured?: (reason: MissReason, outcome: AddMissOutcome) => void;
}

const ESCALATED_NOT_UNDERSTOOD = Symbol('baton.learning.escalatedNotUnderstood');

export class MissCapture {
  readonly #o: MissCaptureOptions;
  readonly #now: () => number;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: MissCaptureOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => Date.now());
  }

  /** The middleware reading each turn once it is done; install it around the dialogs (e.g. beside `measure`). */
  middleware(): TurnMiddleware {
    return async (context, next) => {
      await next();
      if (!this.#o.settings.capture || context.activity.type !== 'message') return;
      try {
        const reason = this.#reasonOf(context);
        if (reason) this.#record(context, reason, context.activity.text ?? '', closestOf(context));
      } catch (error) {
        // The customer has their answer already; a miss lost is only logged.
        this.#o.logger?.warn({ err: error }, 'learning: miss not captured');
      }
    };
  }

  /** The handoff queued the conversation; a `not_understood` escalation makes this message a miss of that reason. */
  escalated(context: TurnContext, reason: string): void {
    if (reason === 'not_understood') context.turnState.set(ESCALATED_NOT_UNDERSTOOD, true);
  }

  /** "No" to "did this help?": the question that got the answer, with the answered intent as the closest. */
  notHelpful(
    context: TurnContext,
    { intent, question }: { readonly intent: string; readonly question: { readonly text: string; readonly score: number } },
  ): void {
    if (!this.#o.settings.capture) return;
    try {
      this.#record(context, 'not_helpful', question.text, [{ intent, score: question.score }]);
    } catch (error) {
      this.#o.logger?.warn({ err: error }, 'learning: miss not captured');
    }
  }

  /** Resolves once every capture started so far is stored (or failed and was logged). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  #reasonOf(context: TurnContext): MissReason | undefined {
    if (context.turnState.get(ESCALATED_NOT_UNDERSTOOD) === true) return 'not_understood';
    const recognition = getRecognition(context);
    if (!recognition) return undefined;
    if (wasNotUnderstood(context)) return 'out_of_scope';
    const answered = getAnsweredIntent(context);
    if (answered && answered === recognition.intent && recognition.score < this.#o.settings.lowConfidenceBelow) return 'low_confidence';
    return undefined;
  }

  #record(context: TurnContext, reason: MissReason, rawText: string, closest: readonly ClosestIntent[]): void {
    const text = [...maskForRecord([...rawText.trim()].slice(0, MISS_TEXT_MAX * 2).join(''))].slice(0, MISS_TEXT_MAX).join('');
    if (!text) return;
    const { activity } = context;
    const conversationId = activity.conversation?.id ?? '';
    const channel = activity.channelId ?? 'unknown';
    const miss: MissedMessage = {
      id: missId(channel, conversationId, activity.id, reason),
      at: this.#now(),
      conversationId,
      channel,
      locale: getRecognition(context)?.locale ?? getCustomerLanguage(context) ?? getLocale(context),
      text,
      reason,
      closest: closest.slice(0, 3),
    };
    const stored = this.#o.store
      .add(miss)
      .then((outcome) => {
        this.#o.onCaptured?.(reason, outcome);
        if (outcome === 'over_daily_cap') this.#o.logger?.debug({ reason }, "learning: miss dropped, today's cap reached");
      })
      .catch((error: unknown) => this.#o.logger?.warn({ err: error, reason }, 'learning: miss not stored'))
      .finally(() => this.#inFlight.delete(stored));
    this.#inFlight.add(stored);
  }
}

/** A redelivery of the same activity gives the same id; an activity without one cannot be recognised again. */
function missId(channel: string, conversationId: string, activityId: string | undefined, reason: MissReason): string {
  if (!activityId) return `m${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  return `m${createHash('sha1').update(`${channel}\n${conversationId}\n${activityId}\n${reason}`).digest('hex').slice(0, 20)}`;
}

function closestOf(context: TurnContext): ClosestIntent[] {
  return (getRecognition(context)?.alternatives ?? [])
    .filter((alternative) => alternative.intent !== 'None')
    .slice(0, 3)
    .map(({ intent, score }) => ({ intent, score }));
}

/** Runs `first` around `second`: two middleware in one pipeline slot. */
export function chain(first: TurnMiddleware, second: TurnMiddleware): TurnMiddleware {
  return async (context, next) => first(context, () => second(context, next));
}
