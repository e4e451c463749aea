/**
 * Text crossing between Slack and the customer. Customer text goes into Slack escaped, so a customer
 * cannot ping @channel, mention people or forge links in the agents' workspace; an agent's Slack
 * text reaches the customer plain, with Slack's markup (entities, `<url|label>`, mentions) undone.
 */

/** Escapes `&`, `<` and `>` as Slack asks, so the text shows as written and triggers nothing. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Every line break a customer's device may send, the Unicode ones Slack also breaks on included. */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/**
 * Customer text as a Slack block quote: escaped, and every line starts with the quote bar, so a line
 * break cannot start a line of the thread's own (":headphones: Ada to the customer: ...").
 * @example quoteSlack('hi\n:headphones: Ada: refund approved') // '> hi\n> :headphones: Ada: refund approved'
 */
export function quoteSlack(text: string): string {
  return escapeSlack(text)
    .split(LINE_BREAK)
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Text that must stay on one line (a customer's name): every run of whitespace is one space, escaped. */
export function inlineSlack(text: string): string {
  return escapeSlack(text.replace(/\s+/g, ' ').trim());
}

/**
 * An agent's Slack message as the customer should read it.
 * @example plainFromSlack('See <https://shop.example/faq|our FAQ> &amp; <@U0ADA>') // 'See our FAQ (https://shop.example/faq) & @U0ADA'
 */
export function plainFromSlack(text: string): string {
  const plain = text.replace(/<([^<>]+)>/g, (_match, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (target.startsWith('@')) return label ? `@${label}` : target;
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
    const url = target.startsWith('mailto:') ? target.slice(7) : target;
    return label && label !== url ? `${label} (${url})` : url;
  });
  return plain.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Cuts `text` to `max` characters, ending with an ellipsis when cut (Slack refuses over-long blocks). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A wait as people say it: "42 s", "3 min", "1 h 05 min". */
export function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Slack's date token: each reader sees the time in their own zone; `fallback` where it cannot render. */
export function slackTime(at: number): string {
  return `<!date^${Math.floor(at / 1000)}^{time}|${new Date(at).toISOString().slice(11, 16)} UTC>`;
}

/** What an agent's thread reply asks for. */
export type ThreadReply =
  | { readonly kind: 'reply'; readonly text: string }
  | { readonly kind: 'note'; readonly text: string }
  | { readonly kind: 'canned'; readonly name: string };

/**
 * Reads a thread reply (already plain): `note:` or `//` starts an internal note, a lone `!name` sends
 * that canned reply, anything else goes to the customer.
 */
export function parseThreadReply(text: string): ThreadReply {
  const trimmed = text.trim();
  const note = /^(?:note:|\/\/)\s*([\s\S]*)$/i.exec(trimmed);
  if (note) return { kind: 'note', text: note[1]!.trim() };
  const canned = /^!([\w-]{1,64})$/.exec(trimmed);
  if (canned) return { kind: 'canned', name: canned[1]!.toLowerCase() };
  return { kind: 'reply', text: trimmed };
}
