/**
 * Outgoing Activities as Cloud API message bodies. Suggested actions become reply buttons (up to 3,
 * titles up to 20 characters), else an interactive list (up to 10), else a numbered text list whose
 * options the adapter keeps in the `OptionStore`. Button and row ids carry the option's value, so a tap
 * maps back to it without any stored state (`optionValueFromId`).
 */
import type { Activity } from '../../dialogs/turn-kit.js';
import type { ListRow, OutgoingContent, ReplyButton } from './payload-types.js';
import { charLength, linkLines, numberedText, optionsOf, splitText, textsFor, truncate, type OfferedOption, type WhatsAppTexts } from './suggested-actions.js';
import type { WhatsAppTemplate } from './window-and-status.js';

/** Cloud API limits, in characters (Meta refuses a message over any of them). */
export const CLOUD_API_LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listRows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
} as const;

/** An activity rendered for the Cloud API. */
export interface RenderedActivity {
  /** The messages to send, in order; empty when the activity has nothing to show. */
  contents: OutgoingContent[];
  /** Set when the options went out as a numbered text list: the adapter stores them for the customer's answer. */
  numberedOptions?: OfferedOption[];
}

/**
 * Renders a message activity: its text (split at 4096 characters), link actions and attachment URLs
 * as text, and its suggested actions as buttons, a list or numbered text.
 * @param fallbackLocale the locale of the adapter's own words when the activity gives no clue.
 */
export function renderActivity(activity: Partial<Activity>, fallbackLocale = 'en'): RenderedActivity {
  const extras = [
    ...linkLines(activity),
    ...(activity.attachments ?? []).flatMap((attachment) =>
      attachment.contentUrl ? [attachment.name ? `${attachment.name}: ${attachment.contentUrl}` : attachment.contentUrl] : [],
    ),
  ];
  const text = [activity.text?.trim() ?? '', ...extras].filter(Boolean).join('\n');
  const options = optionsOf(activity);
  const texts = textsFor(activity.locale, text, fallbackLocale);
  if (options.length === 0) return { contents: text ? splitText(text, CLOUD_API_LIMITS.textBody).map(textContent) : [] };

  const interactive = interactiveFor(options, texts);
  if (!interactive) {
    return { contents: splitText(numberedText(text, options, texts), CLOUD_API_LIMITS.textBody).map(textContent), numberedOptions: options };
  }
  // An interactive body holds 1024 characters: a longer text goes first as plain messages.
  const fits = text !== '' && charLength(text) <= CLOUD_API_LIMITS.interactiveBody;
  const leading = text && !fits ? splitText(text, CLOUD_API_LIMITS.textBody).map(textContent) : [];
  return { contents: [...leading, interactive(fits ? text : texts.choose)] };
}

/** A plain text message; link previews off, as bot answers rarely want a card under them. */
export function textContent(body: string): OutgoingContent {
  return { type: 'text', text: { body, preview_url: false } };
}

/** A template message (the only kind allowed outside the 24-hour window). */
export function templateContent(template: WhatsAppTemplate): OutgoingContent {
  const parameters = (template.parameters ?? []).map((text) => ({ type: 'text' as const, text: text.slice(0, TEMPLATE_PARAMETER_MAX) }));
  return {
    type: 'template',
    template: { name: template.name, language: { code: template.language }, ...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}) },
  };
}

/** Meta refuses longer body parameters; a parameter is cut, never the send. */
const TEMPLATE_PARAMETER_MAX = 1024;

/**
 * The template an outgoing activity asks for outside the 24-hour window instead of the channel's
 * default one: `channelData.whatsappTemplate`, set by Baton's own proactive notices (order updates),
 * never read from a customer. Undefined when the activity names none or names it badly.
 */
export function activityTemplate(activity: { channelData?: unknown }): WhatsAppTemplate | undefined {
  const data = activity.channelData as { whatsappTemplate?: Partial<WhatsAppTemplate> } | undefined;
  const template = data?.whatsappTemplate;
  if (!template || typeof template.name !== 'string' || typeof template.language !== 'string') return undefined;
  const parameters = Array.isArray(template.parameters) ? template.parameters.filter((p): p is string => typeof p === 'string').slice(0, 10) : [];
  return { name: template.name, language: template.language, ...(parameters.length > 0 ? { parameters } : {}) };
}

/** The id of option `index`: the index keeps ids unique, the value comes back on a tap. */
export function optionId(index: number, option: OfferedOption): string {
  return `${index}:${option.value}`;
}

/** The option value carried in a button or row id made by `optionId`, else undefined (an id made elsewhere). */
export function optionValueFromId(id: string): string | undefined {
  const match = /^\d{1,2}:([\s\S]+)$/.exec(id);
  return match?.[1];
}

/** A builder of the interactive message for `options`, or undefined when only numbered text can show them. */
function interactiveFor(options: readonly OfferedOption[], texts: WhatsAppTexts): ((body: string) => OutgoingContent) | undefined {
  const L = CLOUD_API_LIMITS;
  const ids = options.map((option, index) => optionId(index, option));
  const titles = options.map((option) => charLength(option.title));
  if (options.length <= L.buttons && titles.every((n) => n <= L.buttonTitle) && ids.every((id) => charLength(id) <= L.buttonId)) {
    const buttons: ReplyButton[] = options.map((option, index) => ({ type: 'reply', reply: { id: ids[index], title: option.title } }));
    return (body) => ({ type: 'interactive', interactive: { type: 'button', body: { text: body }, action: { buttons } } });
  }
  if (options.length <= L.listRows && titles.every((n) => n <= L.rowDescription) && ids.every((id) => charLength(id) <= L.rowId)) {
    // A title too long for a row is cut, and shown whole in the row's description underneath.
    const rows: ListRow[] = options.map((option, index) =>
      charLength(option.title) <= L.rowTitle
        ? { id: ids[index], title: option.title }
        : { id: ids[index], title: truncate(option.title, L.rowTitle), description: option.title },
    );
    return (body) => ({ type: 'interactive', interactive: { type: 'list', body: { text: body }, action: { button: texts.listButton, sections: [{ rows }] } } });
  }
  return undefined;
}
