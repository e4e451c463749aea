/**
 * Feeds the radar from the engine: a turn middleware (install it beside `measure`, after state is loaded
 * and before the NLU) counts each customer message's intent and anger (`negative`) once the turn is done,
 * each conversation at most once per signal in `REPEAT_WINDOW_MS`, with the masked text as an example; `onHandoffEvent` counts escalations by reason (`escalated:<reason>`),
 * and the escalating message becomes that reason's example. Nothing here waits on Redis: counts are
 * batched by the stats store, examples by the radar's buffer.
 */
import type { TurnContext } from '../../dialogs/turn-kit.js';
import type { TurnMiddleware } from '../../dialogs/middleware/compose.js';
import { BoundedMap } from '../../infra/bounded-map.js';
import { getLocale, getRecognition } from '../../dialogs/turn-state.js';
import type { HandoffEvent } from '../../handoff/types.js';
import { maskForRecord } from '../../handoff/privacy/index.js';
import type { Radar } from './radar.js';
import { EXAMPLE_MAX } from './types.js';

/**
 * Masks a customer's text and cuts it short: the only form in which it reaches the radar's store (and
 * Slack). Every kind, with the customer's locale, then the at-rest safety net for long digit runs (a
 * mistyped card the card detector lets pass), as every record is masked.
 */
export function maskedExample(text: string, locale: string): string {
  const masked = maskForRecord(text.slice(0, EXAMPLE_MAX * 4), { locale });
  return [...masked].slice(0, EXAMPLE_MAX).join('');
}

/**
 * A conversation counts each signal at most once in this long (on each instance): a surge is many
 * customers, and one customer repeating themselves (30 messages a minute pass the abuse limits) must
 * not reach a rule's floor alone.
 */
export const REPEAT_WINDOW_MS = 5 * 60_000;

export interface RadarTurnWatchOptions {
  readonly onError?: (error: unknown) => void;
  /** The radar's clock (tests move it). */
  readonly now?: () => number;
  /** Conversation and signal pairs remembered for `REPEAT_WINDOW_MS`; default 100,000. */
  readonly maxRemembered?: number;
}

export class RadarTurnWatch {
  readonly #radar: Radar;
  /** Conversations that escalated during a turn still running, and why (bounded: turns finish quickly). */
  readonly #escalating = new Map<string, string>();
  /** `<conversation>|<signal>` counted within the last `REPEAT_WINDOW_MS`. */
  readonly #counted: BoundedMap<string, true>;

  readonly #onError: ((error: unknown) => void) | undefined;

  constructor(radar: Radar, { onError, now = () => Date.now(), maxRemembered = 100_000 }: RadarTurnWatchOptions = {}) {
    this.#radar = radar;
    this.#onError = onError;
    this.#counted = new BoundedMap({ name: 'radar counted conversations', maxEntries: maxRemembered, ttlMs: REPEAT_WINDOW_MS, now });
  }

  /** The middleware. It never fails the turn: counting is best effort. */
  middleware(): TurnMiddleware {
    return async (context: TurnContext, next) => {
      await next();
      if (context.activity.type !== 'message') return;
      try {
        this.#record(context);
      } catch (error) {
        this.#onError?.(error);
      }
    };
  }

  #record(context: TurnContext): void {
    const conversationId = context.activity.conversation?.id ?? '';
    const reason = this.#escalating.get(conversationId);
    this.#escalating.delete(conversationId);
    const recognition = getRecognition(context);
    const text = context.activity.text ?? '';
    if (!recognition || !text.trim()) return;
    const locale = recognition.locale || getLocale(context);
    const signals = [`intent:${recognition.intent}`, ...(recognition.emotion.negative ? ['negative'] : [])].filter((signal) =>
      this.#firstFrom(conversationId, signal),
    );
    // Masking costs more than the rest of the turn's counting: only for an example that will be kept.
    if (signals.length === 0 && !reason) return;
    const example = { text: maskedExample(text, locale), locale };
    this.#radar.count(signals, example);
    if (reason) this.#radar.example(`escalated:${reason}`, example);
  }

  /** True the first time in `REPEAT_WINDOW_MS` that `conversationId` brings `signal`. */
  #firstFrom(conversationId: string, signal: string): boolean {
    const key = `${conversationId}|${signal}`;
    if (this.#counted.has(key)) return false;
    this.#counted.set(key, true);
    return true;
  }

  /** Counts escalations (once per escalation across instances: the handoff calls it where it happened). */
  onHandoffEvent(event: HandoffEvent): void {
    if (event.type !== 'escalated') return;
    this.#radar.count([`escalated:${event.reason}`]);
    if (this.#escalating.size >= 10_000) this.#escalating.clear();
    this.#escalating.set(event.conversationId, event.reason);
  }
}
