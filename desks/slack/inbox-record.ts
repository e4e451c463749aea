/**
 * What the Slack desk's durable inbox records of a request (slack-inbox.ts): only what a run again
 * needs, bounded and without credentials, since it is kept at rest until the work is done.
 * - `token` (Slack's verification token, a credential) is dropped;
 * - a clicked message (`message`, the card with the customer's name, recent lines and order facts in
 *   its blocks) keeps only what the listeners read: its ts, thread_ts, text, user and bot_id;
 * - an event keeps its message fields and its files' ids, names, sizes and URLs (no blocks, previews);
 * - a message's text is cut one past Slack's own limit (40,000 characters of Slack's encoded text, with
 *   `&amp;` and `<@U…>`), every other string one past the longest text a turn reads, so a run again
 *   reads the same text the first run read.
 * The time it was accepted is added (`RECORDED_AT`), so a run again can tell how late it is.
 */
import { MAX_RECORDED_STRING } from '../../adapters/kit/delivery-journal.js';
import { slackThreadKey } from './inbox-keys.js';
import { isAgentMessage } from './thread-replies.js';

/** Slack's limit on a message's `text` (chat.postMessage truncates there; events carry no more). */
export const SLACK_MAX_TEXT = 40_000;

/** The field of a recorded body holding when it was accepted (ms); never read from a fresh request. */
export const RECORDED_AT = 'baton_recorded_at';

type Body = Readonly<Record<string, unknown>>;

export const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** `source` with only the `keys` it has. */
const pick = (source: Body, keys: readonly string[]): Body => Object.fromEntries(keys.filter((key) => key in source).map((key) => [key, source[key]]));

const MESSAGE_FIELDS = ['ts', 'thread_ts', 'text', 'user', 'bot_id'];
const EVENT_FIELDS = ['type', 'subtype', 'channel', 'channel_type', 'user', 'text', 'ts', 'thread_ts', 'event_ts', 'bot_id', 'files'];
const FILE_FIELDS = ['id', 'name', 'size', 'mode', 'url_private', 'url_private_download'];

/** The body as recorded: see the file comment. */
function recorded(body: Body): Body {
  const { token: _token, message, event, ...rest } = body;
  const kept: Record<string, unknown> = { ...rest };
  if (isObject(message)) kept.message = pick(message, MESSAGE_FIELDS);
  if (isObject(event)) {
    const fields = pick(event, EVENT_FIELDS);
    kept.event = Array.isArray(fields.files) ? { ...fields, files: fields.files.map((file) => (isObject(file) ? pick(file, FILE_FIELDS) : {})) } : fields;
  }
  return kept;
}

function threadOf(body: Body): string {
  if (body.type === 'event_callback' && isObject(body.event)) {
    const { channel, thread_ts, ts } = body.event;
    return slackThreadKey(String(channel), String(text(thread_ts) ?? ts));
  }
  const channel = isObject(body.channel) ? text(body.channel.id) : text(body.channel_id);
  const message = isObject(body.message) ? body.message : {};
  const container = isObject(body.container) ? body.container : {};
  // The card itself (Claim), a message in its thread (controls, drafts, the shortcut): either way its card's ts.
  const threadTs = text(message.thread_ts) ?? text(container.thread_ts) ?? text(message.ts) ?? text(container.message_ts);
  return channel && threadTs ? slackThreadKey(channel, threadTs) : `user/${text(body.user_id) ?? (isObject(body.user) ? text(body.user.id) : '')}`;
}

/**
 * What the inbox records for a Slack request body accepted at `now` (ms), or undefined for one that
 * causes no work (an event the desk ignores: a bot's post, an edit, a message outside a thread) or
 * carries no id to claim it by: bolt handles those as before, unrecorded.
 */
export function slackDelivery(body: Body, now = Date.now()): { id: string; conversationId: string; payload: string } | undefined {
  let id: string | undefined;
  if (body.type === 'event_callback') {
    if (!isObject(body.event) || body.event.type !== 'message' || !isAgentMessage(body.event)) return undefined;
    id = text(body.event_id);
  } else {
    id = text(body.trigger_id) && `trigger:${String(body.trigger_id)}`;
  }
  if (!id) return undefined;
  const payload = JSON.stringify({ ...recorded(body), [RECORDED_AT]: now }, (key, item: unknown) => {
    const limit = key === 'text' ? SLACK_MAX_TEXT + 1 : MAX_RECORDED_STRING;
    return typeof item === 'string' && item.length > limit ? item.slice(0, limit) : item;
  });
  return { id, conversationId: threadOf(body), payload };
}

/** Who made a request and where, for a word only they see (in the thread when there is one). */
export function requester(body: Body): { channel: string; user: string; threadTs?: string } | undefined {
  let channel: string | undefined;
  let user: string | undefined;
  let threadTs: string | undefined;
  if (isObject(body.event)) {
    channel = text(body.event.channel);
    user = text(body.event.user);
    threadTs = text(body.event.thread_ts);
  } else {
    channel = isObject(body.channel) ? text(body.channel.id) : text(body.channel_id);
    user = isObject(body.user) ? text(body.user.id) : text(body.user_id);
    const message = isObject(body.message) ? body.message : {};
    const container = isObject(body.container) ? body.container : {};
    threadTs = text(message.thread_ts) ?? text(container.thread_ts);
  }
  return channel && user ? { channel, user, ...(threadTs ? { threadTs } : {}) } : undefined;
}

/** What the agent did, in words, for that word: "Your message", "Your click on *Resolve*", "Your `/baton away`". */
export function requestLabel(body: Body): string {
  if (body.type === 'event_callback') return 'Your message in this thread';
  if (typeof body.command === 'string') {
    const verb = (typeof body.text === 'string' ? body.text.trim().split(/\s+/)[0] : '') || 'help';
    return `Your \`${body.command} ${verb.slice(0, 20).replace(/[`<>&*_~]/g, '')}\``;
  }
  const [action] = Array.isArray(body.actions) ? body.actions : [];
  const label = isObject(action) && isObject(action.text) ? text(action.text.text) : undefined;
  if (label) return `Your click on *${label.slice(0, 40).replace(/[`<>&*_~]/g, '')}*`;
  return body.type === 'message_action' ? 'Your *Send to customer*' : 'Your click';
}
