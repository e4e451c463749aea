/**
 * Small pieces every flow shares: what a flow needs from the shop, suggested-action replies, and the
 * free-text answers customers give instead of tapping a button ("yep", "好的", "不用了", "skip", "跳过").
 */
import { ActionTypes, MessageFactory, type Activity, type CardAction, type TurnContext } from '../turn-kit.js';
import type { PromptValidatorContext } from '../dialog-kit.js';
import { toLocale, type Locale } from '../locale.js';
import type { Catalogue, OrderService } from '../shop-api.js';
import { hasDataTemplates, reply } from '../templates/reply.js';
import { getLocale } from '../turn-state.js';
import type { OrderAccess } from './order-access.js';
import { endBefore } from '../../infra/text-ends.js';

/** Re-exported for the flows; the handoff gate imports it from its neutral home. */
export { isStopCommand } from '../stop-command.js';

/** What the flows need from the shop, injected once by `createShopBot`. */
export interface FlowDeps {
  readonly orders: OrderService;
  /** Who is asking, and which orders they proved to own in this conversation. */
  readonly access: OrderAccess;
  readonly catalogue: Catalogue;
  /** Time zone dates are shown in, e.g. 'Asia/Shanghai'. */
  readonly timeZone: string;
  /** Now; judges whether a delivery is late. */
  readonly clock: () => Date;
  /** Refunds above this amount (in the order's currency) go to a person; unset: the bot handles all. */
  readonly refundLimit?: number;
  /** After an order's status, offers updates when it can still move (set by the shop bot when order care is on). */
  readonly offerOrderUpdates?: (context: TurnContext, order: { readonly number: string; readonly status: string }) => Promise<void>;
}

/** The locale this turn replies in, narrowed to a supported one. */
export function localeOf(context: TurnContext): Locale {
  // A language a bot brought templates for (content.templates) is written in; others fall back to a built-in one.
  const language = getLocale(context).split('-')[0]?.toLowerCase() ?? '';
  return hasDataTemplates(language) ? language : toLocale(language);
}

/** A button: `title` is shown, `value` is sent back as the customer's message (default: the title). */
export function button(title: string, value: string = title): CardAction {
  return { type: ActionTypes.ImBack, title, value };
}

/** A message with suggested actions, so channels render buttons or numbered options. */
export function withActions(text: string, actions: readonly (string | CardAction)[]): Partial<Activity> {
  return MessageFactory.suggestedActions(
    actions.map((a) => (typeof a === 'string' ? button(a) : a)),
    text,
  );
}

/** The four things a customer usually wants, shown after a greeting or when the bot did not understand. */
export function mainMenu(locale: Locale): CardAction[] {
  return [
    button(reply(locale, 'actionTrack')),
    button(reply(locale, 'actionRefund')),
    button(reply(locale, 'actionHuman')),
    button(reply(locale, 'actionRecommend')),
  ];
}

/** A yes/no question with both answers as buttons. */
export function yesNo(locale: Locale, text: string): Partial<Activity> {
  return withActions(text, [reply(locale, 'yes'), reply(locale, 'no')]);
}

const YES =
  /^(y|yes|yeah|yep|yup|sure|ok|okay|please|please do|go ahead|confirm|correct|right|do it|是|是的|对|对的|好|好的|行|可以|确认|确定|嗯|要)[\s.!。！]*$/i;
const NO = /^(n|no|nope|nah|no thanks|don'?t|keep it|not now|否|不|不是|不要|不用|不用了|不了|算了|先不|别)[\s.!。！]*$/i;

/** Words of politeness that may close a yes or a no ("yes please", "no thanks", "好的谢谢"). */
const POLITE_ENDINGS = ['please', 'thanks', 'thank you', '谢谢', '吧', '呀', '啊'];
const isSpaceOrStop = (c: string) => /[\s.!。！]/.test(c);
const isSpaceOrComma = (c: string) => /[\s,，]/.test(c);

/**
 * `text` without a closing word of politeness and the spaces, commas and stops around it. Loops from
 * the end: the regex it replaces (`[\s,，]*(please|…)[\s.!。！]*$`) retried from every character of a
 * long run of spaces or commas, quadratic in the run.
 */
function withoutPoliteEnding(text: string): string {
  const end = endBefore(text, text.length, isSpaceOrStop);
  const word = POLITE_ENDINGS.find((polite) => text.slice(Math.max(0, end - polite.length), end).toLowerCase() === polite);
  return word === undefined ? text : text.slice(0, endBefore(text, end - word.length, isSpaceOrComma));
}

/** The customer's yes or no in either language, or undefined when it is neither. */
export function parseYesNo(text: string | undefined): boolean | undefined {
  // "yes please", "no thanks", "好的谢谢": the politeness around the answer does not change it.
  const t = withoutPoliteEnding((text ?? '').trim());
  if (YES.test(t)) return true;
  if (NO.test(t)) return false;
  return undefined;
}

/** True when the customer skips a question ("skip", "pass", "跳过", "不知道"). */
export function isSkip(text: string | undefined): boolean {
  return /^(skip|pass|next|no idea|don'?t know|-|跳过|下一个|不知道|随便|没有)[\s.!。！]*$/i.test((text ?? '').trim());
}

/** TextPrompt validator that only accepts a yes or a no; the prompt's retryPrompt asks again. */
export async function yesNoValidator(prompt: PromptValidatorContext<string>): Promise<boolean> {
  return prompt.recognized.succeeded && parseYesNo(prompt.recognized.value) !== undefined;
}

/** A waterfall's step values typed for one dialog (botbuilder types them as `object`); same object, so writes stick. */
export function stepValues<T extends object>(step: { readonly values: object }): Partial<T> {
  return step.values as Partial<T>;
}
