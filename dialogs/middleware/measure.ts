/**
 * Measures every turn for the supervisors' numbers: messages in and out per channel, the time to the
 * bot's first reply, conversations started, intents and emotion. It reports to a `TurnObserver` (the
 * telemetry of infra/), so the engine stays free of any metrics library.
 */
import type { StatePropertyAccessor } from '../turn-kit.js';
import type { Recognition } from '../../nlu-models/recognizer.js';
import { getRecognition, wasNotUnderstood } from '../turn-state.js';
import type { TurnMiddleware } from './compose.js';

/** What the measure middleware reports. Every method is synchronous and must not throw. */
export interface TurnObserver {
  /** A customer message arrived on `channel`. */
  messageIn(channel: string): void;
  /** Messages sent to customers on `channel` (bot replies and proactive messages alike). */
  messagesOut(channel: string, count: number): void;
  /** Seconds from a customer message to the first message answering it. */
  replied(channel: string, seconds: number): void;
  /** A conversation's first customer message. */
  conversationStarted(channel: string): void;
  /** The NLU's reading of a customer message; `outOfScope` is true only when the bot did not understand it (`markNotUnderstood`). */
  understood(recognition: Recognition): void;
}

export interface MeasureOptions {
  readonly observer: TurnObserver;
  /** A ConversationState property marking conversations already counted. */
  readonly started: StatePropertyAccessor<boolean>;
  /** A monotonic clock in milliseconds. Default `performance.now`. */
  readonly now?: () => number;
}

/** The measuring middleware; install it after state is loaded and before the NLU. */
export function measure({ observer, started, now = () => performance.now() }: MeasureOptions): TurnMiddleware {
  return async function measureMiddleware(context, next) {
    const { type, channelId } = context.activity;
    const customerMessage = type === 'message';
    const receivedAt = now();
    let answered = false;
    context.onSendActivities(async (_context, activities, send) => {
      const responses = await send();
      const messages = activities.filter((activity) => activity.type === 'message').length;
      if (messages > 0) {
        observer.messagesOut(channelId, messages);
        if (customerMessage && !answered) {
          answered = true;
          observer.replied(channelId, (now() - receivedAt) / 1000);
        }
      }
      return responses;
    });
    if (!customerMessage) return next();
    observer.messageIn(channelId);
    if (!(await started.get(context))) {
      await started.set(context, true);
      observer.conversationStarted(channelId);
    }
    await next();
    const recognition = getRecognition(context);
    // Out of scope is what the bot failed to understand (the dialogs say so), not what the NLU alone
    // scored low: an order number or a SPIN answer is the answer to the bot's own question.
    if (recognition) observer.understood({ ...recognition, outOfScope: wasNotUnderstood(context) });
  };
}
