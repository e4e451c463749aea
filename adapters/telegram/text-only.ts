/**
 * The answer to a sticker, a location, a poll or any other message without text or a file to take in
 * (photos, voice notes, videos and documents are stored and handed to the engine when media are set
 * up). It is given by the channel's logic, after the pipeline's middleware, rather than by the adapter: the message is then in the transcript,
 * a conversation a human owns relays it to the agent (the handoff gate stops the turn before this
 * logic runs), and the language is the conversation's, not only the Telegram app's.
 */
import type { TurnContext } from '../../dialogs/turn-kit.js';
import { getLocale } from '../../dialogs/turn-state.js';
import type { BotLogic } from '../channel.js';
import { telegramDataOf } from './payload-types.js';

/** Replies per locale, with 'en' as the fallback. */
export type LocalizedReplies = Readonly<Record<string, string>> & { readonly en: string };

/** The default "text only" answers. */
export const TEXT_ONLY_REPLIES: LocalizedReplies = {
  en: 'Sorry, I cannot read that kind of message. Please type your question, for example "where is my order?".',
  zh: '抱歉，我看不懂这类消息。请直接输入您的问题，例如“我的订单在哪里？”',
};

/** Said when a button is pressed whose long value has expired (see `callback-data.ts`). */
export const EXPIRED_BUTTON_REPLIES: LocalizedReplies = {
  en: 'This button has expired. Please type your answer instead.',
  zh: '这个按钮已失效，请直接输入您的回答。',
};

/** The reply of `replies` for `locale` ('zh-hans' → 'zh'), else English. */
export function localized(replies: LocalizedReplies, locale: string | undefined): string {
  return replies[(locale ?? 'en').slice(0, 2).toLowerCase()] ?? replies.en;
}

/**
 * Wraps the bot's logic: a Telegram message without text gets `replies` in the turn's language;
 * everything else goes to `logic` unchanged.
 * @example adapter.processUpdate(update, answerTextOnly(pipeline.logic));
 */
export function answerTextOnly(logic: BotLogic, replies: LocalizedReplies = TEXT_ONLY_REPLIES): BotLogic {
  return async function telegramLogic(context: TurnContext): Promise<void> {
    if (context.activity.type === 'message' && telegramDataOf(context.activity)?.media) {
      await context.sendActivity(localized(replies, getLocale(context)));
      return;
    }
    await logic(context);
  };
}
