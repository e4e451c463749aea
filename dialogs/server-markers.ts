/**
 * Baton's own marks on activities, which mean "the server said this": `channelData.baton` on a message
 * names the agent who wrote it, and event names under `baton.` (e.g. `baton.note`, an agent's internal
 * note) are Baton's records. Only the server may write them. A customer's client sends whatever it
 * likes, so every edge whose client controls the activity (Direct Line, Bot Framework's /api/messages)
 * refuses them, and the transcript step strips them from what it logs for any channel, so an agent
 * never reads a customer's words as a colleague's line or note.
 */
import type { Activity } from './turn-kit.js';

/** The `channelData` key of the agent mark. */
export const AGENT_MARK_KEY = 'baton';
/** Event names Baton keeps for itself. */
export const RESERVED_EVENT_PREFIX = 'baton.';

// botbuilder's own event names: a turn carrying them is one the server started (an agent's reply through
// continueConversation), whose failure goes back to its caller instead of an apology to the customer.
const BOTBUILDER_EVENTS = new Set(['continueconversation', 'createconversation']);

/** An event name only the server may use: Baton's `baton.…` and botbuilder's proactive turn names. */
export function isReservedEventName(name: unknown): boolean {
  if (typeof name !== 'string') return false;
  const lower = name.toLowerCase();
  return lower.startsWith(RESERVED_EVENT_PREFIX) || BOTBUILDER_EVENTS.has(lower);
}

/**
 * Which server-only mark an inbound activity carries, as a field path to name in an error, or
 * undefined when it carries none.
 * @example serverMarkerIn({ type: 'event', name: 'baton.note' }) // 'name'
 */
export function serverMarkerIn(activity: {
  readonly name?: unknown;
  readonly channelData?: unknown;
  readonly attachments?: unknown;
}): ServerMarkerField | undefined {
  if (isReservedEventName(activity.name)) return 'name';
  const data = activity.channelData;
  if (typeof data === 'object' && data !== null && Object.hasOwn(data, AGENT_MARK_KEY)) return 'channelData.baton';
  // A stored file is named on an attachment only by the server (dialogs/media.ts): a client would
  // otherwise point at a file it never sent.
  if (Array.isArray(activity.attachments)) {
    for (const attachment of activity.attachments) {
      const content = (attachment as { content?: unknown } | null)?.content;
      if (typeof content === 'object' && content !== null && Object.hasOwn(content, AGENT_MARK_KEY)) return 'attachments.content.baton';
    }
  }
  return undefined;
}

/** A field that carries a server-only mark. */
export type ServerMarkerField = 'name' | 'channelData.baton' | 'attachments.content.baton';

/** The message an edge answers when it refuses an activity for `field`. */
export function serverMarkerMessage(field: ServerMarkerField): string {
  if (field === 'name')
    return `Event names starting with "${RESERVED_EVENT_PREFIX}", and ContinueConversation and CreateConversation, are the server's own; name the event something else.`;
  if (field === 'attachments.content.baton')
    return `An attachment's content.${AGENT_MARK_KEY} is set by the Baton server only; send files with POST /conversations/{id}/upload.`;
  return `channelData.${AGENT_MARK_KEY} is set by the Baton server only; send the activity without it.`;
}

/**
 * An inbound activity as the transcript keeps it: the agent mark removed, the sender a user, and
 * undefined for a reserved event (it is not logged at all). The activity the turn runs is not changed.
 */
export function inboundForTranscript(activity: Partial<Activity>): Partial<Activity> | undefined {
  if (isReservedEventName(activity.name)) return undefined;
  const copy: Partial<Activity> = { ...activity, from: { ...(activity.from ?? { id: 'user', name: '' }), role: 'user' } };
  const data = activity.channelData as Record<string, unknown> | undefined;
  if (typeof data === 'object' && data !== null && Object.hasOwn(data, AGENT_MARK_KEY)) {
    const { [AGENT_MARK_KEY]: _dropped, ...rest } = data;
    copy.channelData = rest;
  }
  return copy;
}
