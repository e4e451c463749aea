/**
 * Banner answers in the turn: wraps the bot's logic so that a message whose intent has a live banner
 * gets the banner FIRST, in the customer's language, then the bot's usual answer or dialog. Once per
 * conversation and banner version (a customer asking twice is not told twice; a new text is told once
 * more). The wrapper sits where the bot's logic runs, after the handoff gate and the escalation policy,
 * so while a person owns the conversation, or the message escalates, no banner is given.
 */
import type { StatePropertyAccessor, TurnContext } from '../../dialogs/turn-kit.js';
import type { BotLogic } from '../../dialogs/turn-pipeline.js';
import { getLocale, getRecognition } from '../../dialogs/turn-state.js';
import { type BannerBoard, bannerText } from './banner-board.js';

export interface BannerAnswersOptions {
  readonly board: BannerBoard;
  /** Conversation state: the banner versions this conversation was given. */
  readonly seen: StatePropertyAccessor<string[]>;
  /** The language used when the banner has none in the customer's. */
  readonly defaultLocale: string;
  /** A failed banner lookup never costs the customer the usual answer; it is reported here. */
  readonly onError?: (error: unknown) => void;
}

/** Returns `logic` with banner answers in front; `logic`'s own extra members are kept. */
export function withBannerAnswers<T extends BotLogic>(logic: T, { board, seen, defaultLocale, onError }: BannerAnswersOptions): T {
  const wrapped = async (context: TurnContext): Promise<void> => {
    await giveBanner(context).catch((error: unknown) => onError?.(error));
    return logic(context);
  };

  async function giveBanner(context: TurnContext): Promise<void> {
    if (context.activity.type !== 'message') return;
    const recognition = getRecognition(context);
    if (!recognition || recognition.outOfScope || recognition.intent === 'None') return;
    const banner = await board.forIntent(recognition.intent);
    if (!banner) return;
    const given = (await seen.get(context, [])) ?? [];
    if (given.includes(banner.version)) return;
    const text = bannerText(banner, getLocale(context), defaultLocale);
    if (!text) return;
    await context.sendActivity(text);
    // A few versions are enough to remember: banners change rarely.
    await seen.set(context, [...given, banner.version].slice(-10));
  }

  return Object.assign(wrapped, logic) as T;
}
