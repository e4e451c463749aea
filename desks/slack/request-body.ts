/**
 * Reading a Slack request body where bolt's types do not reach: a body the request guard has not
 * accepted yet, one the inbox records or runs again, one the app's error handler is given. One reading
 * of where a request was made and by whom, for the inbox's thread key and for a word only its author
 * sees (a click, a thread message, `/baton`, the message shortcut alike).
 */
import { isObject } from '../../adapters/field-limits.js';
import type { Recipient } from './desk-context.js';

type Body = Readonly<Record<string, unknown>>;

/** A JSON object (not null, not an array): the channels' own check (adapters/field-limits.ts). */
export { isObject };

/** What `parseJson` answers for text that is not JSON. */
export const NOT_JSON: unique symbol = Symbol('not JSON');

/** `text` parsed as JSON, or `NOT_JSON` (never throws): a body Slack or the inbox handed over may be anything. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** `value` when it is a non-empty string. */
export const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** Where a request was made: its channel, its author, the thread it is in and the message it is (or was clicked on). */
export interface RequestPlace {
  readonly channel?: string;
  readonly user?: string;
  readonly threadTs?: string;
  readonly messageTs?: string;
}

/** Where `body` (an event callback, an interaction or a slash command) was made; what it does not say is left out. */
export function placeOf(body: Body): RequestPlace {
  if (isObject(body.event)) {
    const { channel, user, thread_ts, ts } = body.event;
    return { channel: nonEmpty(channel), user: nonEmpty(user), threadTs: nonEmpty(thread_ts), messageTs: nonEmpty(ts) };
  }
  const message = isObject(body.message) ? body.message : {};
  // A click on an ephemeral message (a held draft's button) carries no message, only its container.
  const container = isObject(body.container) ? body.container : {};
  return {
    channel: isObject(body.channel) ? nonEmpty(body.channel.id) : nonEmpty(body.channel_id),
    user: isObject(body.user) ? nonEmpty(body.user.id) : nonEmpty(body.user_id),
    threadTs: nonEmpty(message.thread_ts) ?? nonEmpty(container.thread_ts),
    messageTs: nonEmpty(message.ts) ?? nonEmpty(container.message_ts),
  };
}

/** Who made a request and where, for a word only they see (in the thread when there is one); undefined when the body does not say. */
export function requester(body: unknown): Recipient | undefined {
  if (!isObject(body)) return undefined;
  const { channel, user, threadTs } = placeOf(body);
  return channel && user ? { channel, user, ...(threadTs ? { threadTs } : {}) } : undefined;
}

/** What the agent did, in words, for that word: "Your message in this thread", "Your click on *Resolve*", "Your `/baton away`". */
export function requestLabel(body: unknown): string {
  if (!isObject(body)) return 'Your last action';
  if (body.type === 'event_callback') return 'Your message in this thread';
  if (typeof body.command === 'string') {
    const verb = (typeof body.text === 'string' ? body.text.trim().split(/\s+/)[0] : '') || 'help';
    return `Your \`${body.command} ${verb.slice(0, 20).replace(/[`<>&*_~]/g, '')}\``;
  }
  const [action] = Array.isArray(body.actions) ? body.actions : [];
  const label = isObject(action) && isObject(action.text) ? nonEmpty(action.text.text) : undefined;
  if (label) return `Your click on *${label.slice(0, 40).replace(/[`<>&*_~]/g, '')}*`;
  return body.type === 'message_action' ? 'Your *Send to customer*' : 'Your click';
}
