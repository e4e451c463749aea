/**
 * A message in a ticket's thread is the agent talking: the holder's replies go to the customer (in
 * the explicit reply mode they are kept as notes until sent, see send-to-customer.ts), `note:` or
 * `//` keeps one internal, a lone `!name` sends that canned reply in the ticket's language.
 * Anyone else who writes in the thread is told, privately, that only the holder speaks to the
 * customer. Messages from bots (this desk's own posts included) and edits are ignored, so nothing loops.
 */
import type { ActionResult } from '../../handoff/desk-api.js';
import {
  DESK_READER,
  WITHOUT_SUGGESTION,
  NOT_AN_AGENT,
  SENT_OTHERWISE,
  STILL_SENDING,
  tellPrivately,
  threadMessageKey,
  type DeskParts,
} from './desk-context.js';
import { offerToSend } from './send-to-customer.js';
import { holdIfFlagged } from './coached-replies.js';
import { onThreadFiles, type SlackEventFile } from './thread-files.js';
import { escapeSlack, parseThreadReply, plainFromSlack } from './slack-text.js';

/** The fields of a Slack `message` event the desk reads. */
export interface ThreadMessageEvent {
  readonly channel: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly user?: string;
  readonly text?: string;
  readonly subtype?: string;
  readonly bot_id?: string;
  /** Files shared with the message (`subtype: 'file_share'`). */
  readonly files?: readonly SlackEventFile[];
}

/**
 * Whether a `message` event is someone writing in a thread, the only messages the desk acts on. Bot
 * posts (ours too), edits, joins and other subtypes are not an agent writing; a file share is.
 */
export function isAgentMessage(event: {
  readonly subtype?: unknown;
  readonly files?: unknown;
  readonly bot_id?: unknown;
  readonly user?: unknown;
  readonly ts?: unknown;
  readonly thread_ts?: unknown;
}): boolean {
  const sharesFiles = event.subtype === 'file_share' && Array.isArray(event.files) && event.files.length > 0;
  return !(event.subtype && !sharesFiles) && !event.bot_id && Boolean(event.user) && Boolean(event.thread_ts) && event.thread_ts !== event.ts;
}

/** Told instead of "closed" or "only the holder" when a message run again after a restart is refused. */
export const RERUN_REFUSED =
  "Your message was cut short by a restart of the desk and the ticket changed since, so it was not sent again: it may have reached the customer before. Look for its ':headphones: … to the customer' line in the thread.";

/** Told instead of writing a note twice when a note (or, in the explicit mode, a reply kept as one) is run again. */
export const RERUN_NOTE =
  'Your message was cut short by a restart of the desk, so it was not kept as a note again: it may be kept already. Check with *Show transcript* on the card, and write it again if it is not there.';

/**
 * Handles one `message` event (message.channels / message.groups). `rerun`: the run, when a survivor runs
 * it again after its instance stopped (slack-inbox.ts): what would happen twice is not done again.
 */
export async function onThreadMessage(parts: DeskParts, event: ThreadMessageEvent, rerun?: number): Promise<void> {
  if (!isAgentMessage(event) || !event.user || !event.thread_ts) return;
  const sharesFiles = event.subtype === 'file_share';
  const ticketId = await parts.cards.ticketOfThread(event.channel, event.thread_ts);
  if (!ticketId) return;
  const to = { channel: event.channel, user: event.user, threadTs: event.thread_ts };
  const agentId = await parts.agents.actor(event.user);
  if (!agentId) return tellPrivately(parts, to, NOT_AN_AGENT);

  const reply = parseThreadReply(plainFromSlack(event.text ?? ''));
  const { service, thread } = parts;
  if (sharesFiles) {
    // A file with `note:` stays in Slack like any note; otherwise the holder's file goes to the customer.
    if (reply.kind === 'note') return;
    if (!parts.media) return tellPrivately(parts, to, 'This desk has no media store, so files stay in Slack. Describe the file in words instead.');
    if (parts.settings.replyMode === 'explicit')
      return tellPrivately(parts, to, 'On this desk files stay in Slack as notes; send files to the customer from the agent console.');
    const held = await service.details(ticketId, DESK_READER, WITHOUT_SUGGESTION);
    if (held?.state !== 'assigned' || held.agentId !== agentId)
      return tellPrivately(parts, to, 'Only the agent holding this ticket can send files to the customer. Your file stayed in Slack.');
    return onThreadFiles(parts, parts.media, {
      ticketId,
      agentId,
      files: event.files!,
      caption: reply.kind === 'reply' ? reply.text : '',
      messageTs: event.ts,
      to,
    });
  }
  // The message's own identity is the reply's idempotency key: the same event run again (Slack's retry, a
  // re-run after a crash) answers as the first did and sends the customer nothing twice.
  const once = { key: threadMessageKey(event.channel, event.ts) };
  let result: ActionResult;
  if (reply.kind === 'canned') {
    const details = await service.details(ticketId, DESK_READER, WITHOUT_SUGGESTION);
    const replies = await service.cannedReplies(details?.market ?? details?.language);
    const canned = replies.find((candidate) => candidate.name === reply.name);
    if (!canned) {
      const names = replies.map((candidate) => `\`!${candidate.name}\``).join(', ') || 'none are set up';
      return tellPrivately(parts, to, `There is no canned reply \`${reply.name}\` in ${details?.language ?? 'this language'}. Known: ${names}.`);
    }
    result = await thread.reply(ticketId, agentId, canned.text, once);
    // The agent typed a short name; the thread shows what the customer actually got (once).
    if (result.ok && !result.repeated)
      await parts.client.chat.postMessage({
        channel: event.channel,
        thread_ts: event.thread_ts,
        text: `:zap: Sent \`${reply.name}\`: ${escapeSlack(canned.text)}`,
      });
  } else if (!reply.text) {
    return tellPrivately(parts, to, 'That message was empty after its prefix, so nothing was sent or noted.');
  } else if (rerun && (reply.kind === 'note' || parts.settings.replyMode === 'explicit')) {
    // A note has no key: the first run may have written it already.
    return tellPrivately(parts, to, RERUN_NOTE);
  } else if (reply.kind === 'reply' && parts.settings.replyMode === 'explicit') {
    result = await thread.note(ticketId, agentId, reply.text);
    // Kept as a note either way; a flagged one is offered with the coach's warning and buttons instead.
    if (result.ok) {
      if (await holdIfFlagged(parts, { ticketId, agentId, text: reply.text, messageTs: event.ts, to })) return;
      return offerToSend(parts, to, ticketId, reply.text, event.ts);
    }
  } else {
    // The coach reads the holder's reply first; a flagged one waits for the agent's decision (coached-replies.ts).
    if (reply.kind === 'reply' && (await holdIfFlagged(parts, { ticketId, agentId, text: reply.text, messageTs: event.ts, to, rerun: Boolean(rerun) }))) return;
    result = reply.kind === 'note' ? await thread.note(ticketId, agentId, reply.text) : await thread.reply(ticketId, agentId, reply.text, once);
  }
  if (result.ok) return;
  // Another run of this same message still sends it after the wait: it may have died, so say so here.
  if (result.code === 'in_progress') return tellPrivately(parts, to, STILL_SENDING);
  // Its held draft went out in other words (the coach's phrase) under the same key: not sent twice.
  if (result.code === 'key_reused') return tellPrivately(parts, to, SENT_OTHERWISE);
  // Refused on a run again: the ticket moved on since the first run, which may have sent it.
  if (rerun && (result.code === 'not_holder' || result.code === 'not_found')) return tellPrivately(parts, to, RERUN_REFUSED);
  if (result.code === 'not_holder') {
    const details = await service.details(ticketId, DESK_READER, WITHOUT_SUGGESTION);
    if (details?.state === 'assigned') {
      return tellPrivately(
        parts,
        to,
        `Only ${await parts.agents.label(details.agentId)}, who holds this ticket, speaks to the customer here. Your message stayed in Slack.`,
      );
    }
    return tellPrivately(
      parts,
      to,
      details?.state === 'queued'
        ? 'Nobody holds this ticket yet, so your message stayed in Slack. Claim it on the card first to write to the customer.'
        : `This ticket is closed (${details?.state ?? 'erased'}), so your message stayed in Slack.`,
    );
  }
  return tellPrivately(parts, to, `Not sent: ${result.message}`);
}
