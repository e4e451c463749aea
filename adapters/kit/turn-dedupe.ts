/**
 * Deduplication as a turn middleware, for a channel whose platform id can only be trusted once the
 * adapter has checked the request (Bot Framework: the token is checked inside `process`, so the id is
 * claimed after it). Drops an activity whose platform id was already processed, so the customer gets one
 * answer; a turn that throws releases its id, so the platform's retry runs it again. Channels that
 * acknowledge first claim at their webhook instead (`claimDelivery`); each message is claimed once.
 */
import type { TurnMiddleware } from '../../dialogs/middleware/compose.js';
import { turnFailed } from '../../dialogs/turn-state.js';
import { claimDelivery, type DedupeStore, releaseDelivery } from '../../infra/dedupe-store.js';

export interface DedupeOptions {
  readonly store: DedupeStore;
  /** How long an id is remembered. Platforms retry for minutes to hours; default one day. */
  readonly ttlSeconds?: number;
  /** Called for every dropped duplicate. */
  readonly onDuplicate?: (channelId: string, id: string) => void;
}

/** The middleware; install it on the adapter before the pipeline's. */
export function turnDedupe({ store, ttlSeconds = 24 * 3600, onDuplicate }: DedupeOptions): TurnMiddleware {
  return async function dedupeMiddleware(context, next) {
    const { id, channelId, type } = context.activity;
    // Only inbound customer traffic is deduplicated; proactive turns (continueConversation) have no platform id.
    if (!id || !type || type === 'event') return next();
    const key = `${context.activity.conversation?.id ?? ''}:${id}`;
    if (!(await claimDelivery(store, channelId, key, ttlSeconds))) {
      onDuplicate?.(channelId, id);
      return;
    }
    try {
      await next();
    } catch (error) {
      // The turn failed: let the platform's redelivery run it again instead of dropping the message.
      await releaseDelivery(store, channelId, key);
      throw error;
    }
    // The engine's error boundary answered a failure without rethrowing: the same, a redelivery runs again.
    if (turnFailed(context)) await releaseDelivery(store, channelId, key);
  };
}
