/**
 * Rendering shared by every WhatsApp transport (the Cloud API here, whatsapp-web.js later): suggested
 * actions as options, numbered-option text and the pick of an option by its number, the few words
 * the adapter itself writes, and splitting long texts. Nothing here calls a platform.
 */
import type { Activity, CardAction } from '../../dialogs/turn-kit.js';
import { APOLOGY } from '../kit/apology.js';

/** An option offered to the customer: `title` is shown, `value` comes back as their message. */
export interface OfferedOption {
  title: string;
  value: string;
}

/** The words the adapter writes itself, per locale. */
export interface WhatsAppTexts {
  /** Body of an interactive message whose activity had no text. */
  choose: string;
  /** Label of the button that opens an interactive list (at most 20 characters). */
  listButton: string;
  /** Line under a numbered list. */
  numberedHint: string;
  /** Answer to a location, contact card or other message the bot cannot read (media too, when no media store is set). */
  unsupported: string;
  /** Answer to a sticker. */
  sticker: string;
  /** Sent when a turn failed and nothing upstream apologised. */
  failed: string;
  /** Answer to a text over `FIELD_LIMITS.text` (adapters/field-limits.ts); `{limit}` is the limit. */
  tooLong: string;
}

/** English and Chinese, as the dialogs. */
export const WHATSAPP_TEXTS: Readonly<Record<'en' | 'zh', WhatsAppTexts>> = {
  en: {
    choose: 'Please choose:',
    listButton: 'Options',
    numberedHint: 'Reply with the number of your choice.',
    unsupported: 'Sorry, I can only read text messages for now. Please type your question and I will help.',
    sticker: 'Thanks for the sticker! I cannot read stickers, though: please type your question, or send a photo or a file.',
    failed: APOLOGY.en,
    tooLong: 'Sorry, that message is too long for me to read (the limit is {limit} characters). Could you send it in shorter parts?',
  },
  zh: {
    choose: '请选择：',
    listButton: '选项',
    numberedHint: '请回复选项前的数字。',
    unsupported: '抱歉，我目前只能看懂文字消息。请用文字描述您的问题，我来帮您。',
    sticker: '谢谢您的表情！不过我看不懂表情贴图，请用文字描述您的问题，或者发送照片、文件。',
    failed: APOLOGY.zh ?? APOLOGY.en,
    tooLong: '抱歉，这条消息太长了，我无法读取（上限为 {limit} 个字符）。请分成几条较短的消息发送。',
  },
};

/**
 * The texts for an outgoing activity: its locale when set, else Chinese when the text is written in
 * Chinese (the dialogs do not always stamp a locale on replies), else `fallback`.
 */
export function textsFor(locale: string | undefined, text: string | undefined, fallback = 'en'): WhatsAppTexts {
  const base = locale?.slice(0, 2).toLowerCase() ?? (/\p{Script=Han}/u.test(text ?? '') ? 'zh' : fallback.slice(0, 2));
  return base === 'zh' ? WHATSAPP_TEXTS.zh : WHATSAPP_TEXTS.en;
}

/** The selectable options of an activity's suggested actions; link actions are not options (see `linkLines`). */
export function optionsOf(activity: Partial<Activity>): OfferedOption[] {
  const actions = activity.suggestedActions?.actions ?? [];
  return actions.filter((action) => !isLink(action)).map((action) => ({ title: action.title || valueOf(action), value: valueOf(action) }));
}

/** Link actions (open a URL, call) as text lines, since WhatsApp shows them only as text. */
export function linkLines(activity: Partial<Activity>): string[] {
  return (activity.suggestedActions?.actions ?? []).filter(isLink).map((action) => `${action.title}: ${String(action.value)}`);
}

function isLink(action: CardAction): boolean {
  return action.type === 'openUrl' || action.type === 'call' || action.type === 'downloadFile';
}

/** What tapping the action sends back: a string value, else the messageBack text, else the title. */
function valueOf(action: CardAction): string {
  if (typeof action.value === 'string' && action.value.trim()) return action.value;
  return action.text || action.displayText || action.title;
}

/** `text`, then the options as "1. title" lines and the hint, for transports without buttons. */
export function numberedText(text: string, options: readonly OfferedOption[], texts: WhatsAppTexts): string {
  const lines = options.map((option, index) => `${index + 1}. ${option.title}`);
  return [text.trim(), lines.join('\n'), texts.numberedHint].filter(Boolean).join('\n\n');
}

/**
 * The option a customer picked by answering with its number ("2", "2.", "#2", full-width "２"), or
 * undefined when the message is not a number of one of `options`.
 */
export function pickNumbered(text: string, options: readonly OfferedOption[]): OfferedOption | undefined {
  const number = optionNumber(text);
  return number === undefined ? undefined : options[number - 1];
}

/** The number in a message that is only a number ("2", "#2", "２。"), so stores are read only for those. */
export function optionNumber(text: string): number | undefined {
  // Trimmed first: with spaces on both sides of the stop (`\s*[.)。]?\s*$`), a regex splits a run of
  // spaces between the two every possible way, quadratic in the run.
  const match = /^#?(\d{1,2})\s*[.)。]?$/.exec(text.normalize('NFKC').trim());
  return match ? Number(match[1]) : undefined;
}

/** Length in characters as WhatsApp counts them (code points, so an emoji or a CJK character is one). */
export function charLength(text: string): number {
  return [...text].length;
}

/** Cuts `text` to `max` characters, ending with '…' when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Splits a long text into pieces of at most `max` characters, at a line break, else a space, when one
 * is near the end, so no message is refused for its length.
 */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = [...text];
  while (rest.length > max) {
    const window = rest.slice(0, max).join('');
    // A line break in the last two thirds beats a space in the last third; past those, a hard cut
    // keeps pieces from being tiny.
    const lineBreak = window.lastIndexOf('\n');
    const space = window.lastIndexOf(' ');
    const cut = lineBreak > window.length / 3 ? lineBreak : space > (window.length * 2) / 3 ? space : -1;
    const at = cut > 0 ? [...window.slice(0, cut)].length : max;
    pieces.push(rest.slice(0, at).join('').trimEnd());
    rest = rest.slice(at);
    while (rest[0] === '\n' || rest[0] === ' ') rest = rest.slice(1);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest.join(''));
  return pieces;
}
