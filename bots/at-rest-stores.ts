/**
 * The choke points of "nothing sensitive at rest" (README, "Privacy"): each store kind that keeps what
 * people wrote is wrapped once here, so memory and Redis stores, and every channel, go through the
 * same masking before a write.
 *
 * - transcripts (read only by desks): every kind masked, as agents see it (`maskForRecord`);
 * - the Direct Line log (what the customer's own widget replays, and how the bot's replies reach it)
 *   and conversation state (what a dialog carries to the next turn): sensitive numbers masked, since
 *   an address or e-mail there is still needed (`maskSensitive`).
 * - the durable inbox (acknowledged webhook deliveries and Slack desk requests until their work ends):
 *   sensitive numbers masked in every string but the ids a run again needs, so a survivor's run sees
 *   them as state does (an agent's reply run again by a survivor goes out with them masked).
 *
 * The transcript wrapper also records the customer's conversations, for an erase by customer.
 */
import type { Activity, Storage, StoreItems } from '../dialogs/turn-kit.js';
import type { ActivityLog, AppendOptions } from '../adapters/web/index.js';
import type { DeliveryJournal } from '../adapters/kit/delivery-journal.js';
import { TELEGRAM_CHANNEL_ID } from '../adapters/telegram/payload-types.js';
import { isSlackInboxChannel } from '../desks/slack/inbox-keys.js';
import type { CustomerIndex } from '../dialogs/state/customer-index.js';
import type { TranscriptStore } from '../dialogs/state/transcript-store.js';
import { maskActivity, maskForRecord, maskSensitive, maskStrings } from '../handoff/privacy/index.js';

/** A transcript whose activities are masked before they are written; customers' messages are indexed. */
export function maskedTranscript<T extends TranscriptStore>(store: T, customers?: CustomerIndex): T {
  const logActivity = async (activity: Activity) => {
    const { channelId, from, conversation, type } = activity;
    // Messages only: a channel's own conversationUpdate speaks for a placeholder user ('user').
    const indexed = customers && type === 'message' && from?.role === 'user' && from.id && channelId && conversation?.id;
    // Both writes leave together (one round trip to Redis); each failure still reaches the caller.
    await Promise.all([store.logActivity(maskActivity(activity, maskForRecord)), indexed ? customers.add(channelId, from.id, conversation.id) : undefined]);
  };
  // The store's other methods (read, delete, flush) are its own: only writes change.
  return Object.assign(Object.create(store) as T, { logActivity });
}

/** A Direct Line log whose appended activities (the customer's echo, the bot's replies) are masked. */
export function maskedActivityLog(log: ActivityLog): ActivityLog {
  return Object.assign(Object.create(log) as ActivityLog, {
    append: (conversationId: string, activity: Partial<Activity>, options?: AppendOptions) =>
      log.append(conversationId, maskActivity(activity, maskSensitive), options),
  });
}

const stateKeep = new Set(['eTag']);

/** Conversation state whose every written string has its sensitive numbers masked. */
export function maskedStorage(storage: Storage): Storage {
  return {
    read: (keys) => storage.read(keys),
    write: (changes: StoreItems) => storage.write(maskStrings(changes, maskSensitive, stateKeep)),
    delete: (keys) => storage.delete(keys),
  };
}

// Ids a recorded Telegram update or WhatsApp message points with (a wamid, a media id of 16 digits, the
// customer's wa_id, Telegram's file ids): masked, the turn run again could not answer or fetch the file.
const journalKeep = new Set(['id', 'from', 'wa_id', 'file_id', 'file_unique_id', 'timestamp']);
// Telegram's `from` is a User, not an id: its own `id` is kept, its names are masked as any string.
const telegramJournalKeep = new Set([...journalKeep].filter((key) => key !== 'from'));

// What a Slack request run again points with: message and thread ts, channels, users, the trigger and the
// response_url (its path is digits), the files' URLs, and the buttons' values (ticket and draft ids; the
// one that also carries a draft's text is masked after its first line, below).
const slackJournalKeep = new Set([
  'ts',
  'thread_ts',
  'event_ts',
  'message_ts',
  'action_ts',
  'event_time',
  'event_id',
  'trigger_id',
  'response_url',
  'channel',
  'channel_id',
  'user',
  'user_id',
  'id',
  'team',
  'team_id',
  'api_app_id',
  'enterprise_id',
  'authorizations',
  'container',
  'action_id',
  'block_id',
  'callback_id',
  'value',
  'url_private',
  'url_private_download',
]);

/** A Slack request body with sensitive numbers masked but in its ids (a button's value: only its id line is kept). */
function maskSlackRequest(body: unknown): unknown {
  const masked = maskStrings(body, maskSensitive, slackJournalKeep) as { actions?: unknown };
  if (!Array.isArray(masked.actions)) return masked;
  const actions = masked.actions.map((action: unknown) => {
    const value = (action as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || !value.includes('\n')) return action;
    // "Send to customer" carries `<ticket id>\n<the draft>`: the id stays, the draft is masked as any text.
    const split = value.indexOf('\n');
    return { ...(action as object), value: `${value.slice(0, split)}\n${maskSensitive(value.slice(split + 1))}` };
  });
  return { ...masked, actions };
}

/** Masks a recorded payload (JSON) as its channel needs. */
function maskPayload(channel: string, payload: string): string {
  const parsed: unknown = JSON.parse(payload);
  if (isSlackInboxChannel(channel)) return JSON.stringify(maskSlackRequest(parsed));
  return JSON.stringify(maskStrings(parsed, maskSensitive, channel === TELEGRAM_CHANNEL_ID ? telegramJournalKeep : journalKeep));
}

/** A delivery journal whose recorded payloads (JSON) have their sensitive numbers masked before the write. */
export function maskedJournal(journal: DeliveryJournal): DeliveryJournal {
  return {
    accept: (channel, delivery, lease, markSeconds) =>
      journal.accept(channel, { ...delivery, payload: maskPayload(channel, delivery.payload) }, lease, markSeconds),
    renew: (channel, ids, lease) => journal.renew(channel, ids, lease),
    complete: (channel, id) => journal.complete(channel, id),
    withdraw: (channel, id) => journal.withdraw(channel, id),
    takeLapsed: (channel, lease, limit, maxAttempts) => journal.takeLapsed(channel, lease, limit, maxAttempts),
    eraseConversation: (channel, conversationId) => journal.eraseConversation(channel, conversationId),
  };
}
