/**
 * The engine boundary: anything a later middleware or dialog throws is wrapped once into a
 * BatonError, logged with the conversation id, and the customer gets a short apology in their
 * language instead of silence. The turn is then over; the channel answers its platform normally.
 * A proactive turn (an agent's reply, a queue update) is the exception: its caller waits to learn
 * whether the message went out, so the error goes on to it (the agent is told to try again, instead
 * of being told a reply was sent that never was).
 */
import { ActivityEventNames, ActivityTypes, type TurnContext } from '../turn-kit.js';
import { BatonError } from '../../infra/errors.js';
import { withLogFields } from '../../infra/log-context.js';
import type { Logger } from '../../infra/logger.js';
import { getLocale, markTurnFailed } from '../turn-state.js';
import type { TurnMiddleware } from './compose.js';

const APOLOGY: Record<string, string> = {
  en: 'Sorry, something went wrong on our side. Please try again in a moment.',
  zh: '抱歉，我们这边出了点问题，请稍后再试。',
};

export interface ErrorBoundaryOptions {
  readonly logger?: Logger;
  /** Called with every wrapped error, e.g. to count it. */
  readonly onError?: (error: BatonError, context: TurnContext) => void;
}

/** Catches, wraps, logs and apologizes. */
export function errorBoundary({ logger, onError }: ErrorBoundaryOptions = {}): TurnMiddleware {
  return async function errorBoundaryMiddleware(context, next) {
    const ids = { conversationId: context.activity.conversation?.id ?? '', channel: context.activity.channelId ?? '' };
    try {
      // Every log line of the rest of the turn carries the conversation and channel.
      await withLogFields(ids, next);
    } catch (thrown) {
      const error = BatonError.wrap(thrown);
      markTurnFailed(context);
      onError?.(error, context);
      logger?.error({ err: error, code: error.code, conversationId: context.activity.conversation?.id, channel: context.activity.channelId }, 'turn failed');
      if (context.activity.type === ActivityTypes.Event && context.activity.name === ActivityEventNames.ContinueConversation) throw thrown;
      if (context.activity.type === 'message') {
        await context.sendActivity(APOLOGY[getLocale(context)] ?? APOLOGY.en).catch((sendError: unknown) => {
          logger?.error({ err: sendError }, 'could not send the apology either');
        });
      }
    }
  };
}
