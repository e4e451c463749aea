/**
 * Drops an activity whose platform id was already processed (a webhook retry, a redelivery), so the
 * customer gets one answer. Channels whose ids repeat legitimately can skip it by leaving `id` empty.
 */
import type { DedupeStore } from '../state/dedupe-store.js';
import type { TurnMiddleware } from './compose.js';

export interface DedupeOptions {
  readonly store: DedupeStore;
  /** How long an id is remembered. Platforms retry for minutes to hours; default one day. */
  readonly ttlSeconds?: number;
  /** Called for every dropped duplicate. */
  readonly onDuplicate?: (channelId: string, id: string) => void;
}

export function dedupe({ store, ttlSeconds = 24 * 3600, onDuplicate }: DedupeOptions): TurnMiddleware {
  return async function dedupeMiddleware(context, next) {
    const { id, channelId, type } = context.activity;
    // Only inbound customer traffic is deduplicated; proactive turns (continueConversation) have no platform id.
    if (!id || !type || type === 'event') return next();
    const key = `${context.activity.conversation?.id ?? ''}:${id}`;
    if (!(await store.firstSeen(channelId, key, ttlSeconds))) {
      onDuplicate?.(channelId, id);
      return;
    }
    try {
      await next();
    } catch (error) {
      // The turn failed: let the platform's redelivery run it again instead of dropping the message.
      await store.forget(channelId, key);
      throw error;
    }
  };
}
