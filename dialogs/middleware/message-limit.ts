/**
 * The per-conversation message limit, in one place for every channel: a customer message over the
 * budget is kept (the transcript step before this one already stored it, so an agent reading the
 * ticket sees it) but goes no further: no NLU, no relay to the agent's thread, no dialog. The customer
 * hears one polite notice per window, in their language; later messages of the window get silence.
 *
 * Platforms' webhooks are still acknowledged 200 by the channels (a 429 would only make Telegram or
 * WhatsApp deliver the message again). Direct Line refuses over-limit posts at its HTTP edge with a
 * 429 (adapters/web/abuse-limits.ts, same budget and key), so its turns are not counted twice here.
 */
import { ActivityTypes } from '../turn-kit.js';
import type { RateLimiter } from '../../infra/rate-limit.js';
import { toLocale, type LocalizedText } from '../locale.js';
import { getLocale } from '../turn-state.js';
import type { TurnMiddleware } from './compose.js';

/** The key a conversation's messages are counted under, on every channel and at the Direct Line edge. */
export const conversationKey = (channelId: string, conversationId: string): string => `${channelId}:${conversationId}`;

/** What a customer over the limit is told, once per window. */
export const TOO_FAST: LocalizedText = {
  en: "You're sending messages faster than we can read them; please wait a minute. Everything you wrote is kept.",
  zh: '您发送消息的速度太快了，我们来不及阅读，请稍等一分钟。您写的内容都已保存。',
};

export interface MessageLimitOptions {
  /** Messages per conversation (`AbuseLimits.messagesPerConversation`). */
  readonly messages: RateLimiter;
  /** At most one notice per window (`AbuseLimits.messageNotices`). */
  readonly notices: RateLimiter;
  /** Channels that count at their own edge (Direct Line: 'directline'). */
  readonly countedAtEdge?: readonly string[];
  /** Called for each message held back, e.g. to log it. */
  readonly onLimited?: (key: string) => void;
}

/** Stops customer messages over the conversation's budget before the NLU runs. */
export function messageLimit({ messages, notices, countedAtEdge = ['directline'], onLimited }: MessageLimitOptions): TurnMiddleware {
  return async function messageLimitMiddleware(context, next) {
    const { activity } = context;
    const conversationId = activity.conversation?.id;
    if (activity.type !== ActivityTypes.Message || !conversationId || countedAtEdge.includes(activity.channelId)) return next();
    const key = conversationKey(activity.channelId, conversationId);
    if ((await messages.consume(key)).allowed) return next();
    onLimited?.(key);
    if ((await notices.consume(key)).allowed) await context.sendActivity(TOO_FAST[toLocale(getLocale(context))]);
  };
}
