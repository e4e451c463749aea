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
    if (id && type && type !== 'event' && !(await store.firstSeen(channelId, `${context.activity.conversation?.id ?? ''}:${id}`, ttlSeconds))) {
      onDuplicate?.(channelId, id);
      return;
    }
    await next();
  };
}
