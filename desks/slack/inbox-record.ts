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
import { isObject, nonEmpty, placeOf } from './request-body.js';

/** Slack's limit on a message's `text` (chat.postMessage truncates there; events carry no more). */
export const SLACK_MAX_TEXT = 40_000;

/** The field of a recorded body holding when it was accepted (ms); never read from a fresh request. */
export const RECORDED_AT = 'baton_recorded_at';

type Body = Readonly<Record<string, unknown>>;

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

/** The thread a request belongs to (the card's, for a click on the card itself), or its author's, for `/baton`. */
function threadOf(body: Body): string {
  const { channel, user, threadTs, messageTs } = placeOf(body);
  const ts = threadTs ?? messageTs;
  return channel && ts ? slackThreadKey(channel, ts) : `user/${user ?? ''}`;
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
    id = nonEmpty(body.event_id);
  } else {
    id = nonEmpty(body.trigger_id) && `trigger:${String(body.trigger_id)}`;
  }
  if (!id) return undefined;
  const payload = JSON.stringify({ ...recorded(body), [RECORDED_AT]: now }, (key, item: unknown) => {
    const limit = key === 'text' ? SLACK_MAX_TEXT + 1 : MAX_RECORDED_STRING;
    return typeof item === 'string' && item.length > limit ? item.slice(0, limit) : item;
  });
  return { id, conversationId: threadOf(body), payload };
}
