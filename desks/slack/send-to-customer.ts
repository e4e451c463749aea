/**
 * The explicit reply mode (`SLACK_REPLY_MODE=explicit`): the holder's plain message in a ticket's
 * thread is kept as an internal note, and reaches the customer only when the holder says so, with the
 * "Send to customer" button the desk shows them under it (only they see it), or with the "Send to
 * customer" message shortcut in the message's ⋯ menu. Slash commands cannot be used in threads (Slack
 * refuses them there), so `/baton send` could not tell which ticket is meant; a shortcut on the
 * message itself can. What was sent shows in the thread as the desk's ":headphones: ... to the
 * customer" line, written by the server from what the customer really got.
 */
import type { App, BlockAction, ButtonAction, MessageShortcut } from '@slack/bolt';
import {
  ACTION,
  NOT_AN_AGENT,
  SEND_SHORTCUT,
  SENT_OTHERWISE,
  showPrivately,
  STILL_SENDING,
  tellPrivately,
  threadMessageKey,
  type DeskParts,
  type Recipient,
} from './desk-context.js';
import { clip, escapeSlack, parseThreadReply, plainFromSlack } from './slack-text.js';
import { DRAFT_WAITING, holdIfFlagged } from './coached-replies.js';

/** Slack's limit for a button's `value`; the ticket id, the message's ts and two line breaks go in front of the text. */
const MAX_BUTTON_VALUE = 2000;

/**
 * Tells the holder their message was kept as a note, with the button that sends it. A text too long
 * for a button's value is left to the message shortcut. The button's value is `<ticket>\n<message ts>\n<text>`:
 * the message's ts keys the send, as the shortcut's does, so the button and the shortcut used on the same
 * message send it once.
 */
export async function offerToSend(parts: DeskParts, to: Recipient & { threadTs: string }, ticketId: string, text: string, messageTs: string): Promise<void> {
  const value = `${ticketId}\n${messageTs}\n${text}`;
  const fits = value.length <= MAX_BUTTON_VALUE;
  const note = `Kept as an internal note: the customer sees it only when you send it.${fits ? '' : " It is too long for a button: use *Send to customer* in the message's ⋯ menu."}`;
  const button = {
    type: 'button' as const,
    action_id: ACTION.send,
    style: 'primary' as const,
    text: { type: 'plain_text' as const, text: 'Send to customer' },
    value,
  };
  await showPrivately(
    parts,
    to,
    {
      text: note,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `${note}\n> ${escapeSlack(clip(text.replace(/\s+/g, ' '), 300))}` } },
        ...(fits ? [{ type: 'actions' as const, elements: [button] }] : []),
      ],
    },
    { ticketId },
  );
}

/**
 * Sends `text` to the ticket's customer as `slackUser`; a refusal is told to them only. `key`: the
 * idempotency key, when the message sent has an identity of its own (the shortcut's message).
 */
async function send(parts: DeskParts, to: Recipient, ticketId: string, text: string, key?: string): Promise<boolean> {
  const agentId = await parts.agents.actor(to.user);
  if (!agentId) {
    await tellPrivately(parts, to, NOT_AN_AGENT);
    return false;
  }
  // Not marked as our own: the desk's ":headphones: ... to the customer" line is the confirmation.
  const result = await parts.service.reply(ticketId, agentId, text, key === undefined ? {} : { key });
  if (!result.ok)
    await tellPrivately(
      parts,
      to,
      result.code === 'in_progress' ? STILL_SENDING : result.code === 'key_reused' ? SENT_OTHERWISE : `Not sent: ${result.message}`,
    );
  return result.ok;
}

const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;

/** A button's value: `<ticket>\n<message ts>\n<text>`, or `<ticket>\n<text>` from an older offer. */
function parseOffer(value: string): { ticketId: string; messageTs?: string; text: string } | undefined {
  const split = value.indexOf('\n');
  if (split < 1) return undefined;
  const ticketId = value.slice(0, split);
  const rest = value.slice(split + 1);
  const second = rest.indexOf('\n');
  const messageTs = second > 0 ? rest.slice(0, second) : '';
  return SLACK_TS.test(messageTs) ? { ticketId, messageTs, text: rest.slice(second + 1) } : { ticketId, text: rest };
}

/** Registers the button and the message shortcut. */
export function registerSendToCustomer(app: App, parts: DeskParts): void {
  app.action<BlockAction<ButtonAction>>(ACTION.send, async ({ ack, body, action, respond }) => {
    await ack();
    const channel = body.channel?.id;
    const offer = parseOffer(action.value ?? '');
    if (!channel || !offer) return;
    const { thread_ts: threadTs, message_ts: offerTs } = (body.container as { thread_ts?: string; message_ts?: string } | undefined) ?? {};
    const to = { channel, user: body.user.id, ...(threadTs ? { threadTs } : {}) };
    // The message offered names the send (the shortcut on it uses the same key): two presses of its button,
    // even at once, or a press and the shortcut, send once. An offer made before the value carried the
    // message's ts is keyed by itself (an ephemeral message of its own).
    const sourceTs = offer.messageTs ?? (typeof offerTs === 'string' && offerTs ? offerTs : undefined);
    const key = sourceTs ? threadMessageKey(channel, sourceTs) : undefined;
    const sent = await send(parts, to, offer.ticketId, offer.text, key);
    // The button goes away once used, so a second press cannot send the message twice.
    if (sent)
      await respond({ replace_original: true, text: 'Sent to the customer.' }).catch((error: unknown) =>
        parts.log?.warn({ err: error }, 'slack desk: could not update the draft'),
      );
  });

  app.shortcut<MessageShortcut>(SEND_SHORTCUT, async ({ ack, shortcut }) => {
    await ack();
    const { message, channel, user } = shortcut;
    const threadTs = message.thread_ts as string | undefined;
    const to = { channel: channel.id, user: user.id, ...(threadTs ? { threadTs } : {}) };
    const ticketId = threadTs && threadTs !== message.ts ? await parts.cards.ticketOfThread(channel.id, threadTs) : undefined;
    if (!ticketId) return tellPrivately(parts, to, "Send to customer works on a message in a ticket's thread.");
    if (parts.settings.replyMode !== 'explicit')
      return tellPrivately(parts, to, 'On this desk your replies in the thread already go to the customer; nothing was sent again.');
    if (message.bot_id || message.user !== user.id) return tellPrivately(parts, to, 'Only your own messages can be sent to the customer this way.');
    const reply = parseThreadReply(plainFromSlack(message.text ?? ''));
    if (reply.kind !== 'reply' || !reply.text)
      return tellPrivately(parts, to, 'That message is a note or a command, so nothing was sent. Write the reply itself and send that.');
    // The coach reads it first, as it reads a reply written in the thread (coached-replies.ts).
    const agentId = await parts.agents.actor(user.id);
    const held =
      agentId && threadTs ? await holdIfFlagged(parts, { ticketId, agentId, text: reply.text, messageTs: message.ts, to: { ...to, threadTs } }) : undefined;
    if (held === 'waiting') return tellPrivately(parts, to, DRAFT_WAITING);
    if (held) return;
    await send(parts, to, ticketId, reply.text, threadMessageKey(channel.id, message.ts));
  });
}
