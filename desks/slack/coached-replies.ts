/**
 * The agents' coach in Slack (docs/agents-coach.md). The holder's reply in a ticket's thread is
 * reviewed before it goes out: a polite one is relayed at once, as always; a flagged one is held
 * (held-drafts.ts, so any instance can act on the click) and only its author sees, privately, the
 * warning and "Send as written", "Add the phrase and send", "Discard". "Suggest a reply" in the
 * thread's controls shows the clicker, privately, the suggested reply with "Send".
 *
 * Edge cases: a redelivered message (same channel and ts) is held and warned about once; a second
 * click finds the draft taken and sends nothing; a draft whose ticket was resolved, returned or
 * transferred meanwhile is refused by the handoff and discarded with a word to the agent; a draft the
 * customer's channel refused is held again so the agent can retry.
 */
import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { CoachOutcome, ReplyCoach } from '../../handoff/coach-api.js';
import { maskSensitive } from '../../handoff/privacy/index.js';
import {
  ACTION,
  NOT_AN_AGENT,
  SENT_OTHERWISE,
  showPrivately,
  STILL_SENDING,
  tellPrivately,
  threadMessageKey,
  type DeskParts,
  type Recipient as DeskRecipient,
} from './desk-context.js';
import type { HeldDraft, HeldDraftStore } from './held-drafts.js';
import { clip, escapeSlack } from './slack-text.js';
import { rerunAttempt } from './slack-inbox.js';

/** Where a private answer goes: the coach always speaks in the ticket's thread. */
type Recipient = DeskRecipient & { readonly threadTs: string };

/** Draft ids are built here from Slack ids and ticket ids; anything longer in a click is not ours. */
const MAX_DRAFT_ID = 300;

const button = (actionId: string, text: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text },
  value,
  ...(style ? { style } : {}),
});

/** The phrase first: with a space in English, none after Chinese punctuation. */
export function withPhrase(phrase: string, text: string): string {
  return /[\u3000-\u303f\uff00-\uffef]$/.test(phrase) ? `${phrase}${text}` : `${phrase} ${text}`;
}

/**
 * Reviews the holder's reply. `held`: flagged and now held, the agent warned; `waiting`: the same message
 * is already held (a redelivery, or the shortcut on a held message). Either way the caller must not send
 * it. Undefined when it may go out now (polite; no ticket the agent holds: the send then refuses as before;
 * or flagged but Slack would not show the warning, so the agent could never decide on it).
 *
 * `rerun`: the message is run again after a restart. Its first run may have held it, so the held draft is
 * looked for before the coach is asked (the coach may judge otherwise this time): still held, it waits
 * for the agent's click and the agent is told so; discarded by the agent since, it is not sent either.
 * Not held and flagged, it is not held again (its draft may have been sent since): the agent is told to
 * check. Either way `held` is answered.
 * A flagged draft is sent under its message's key, as the message itself is: whichever goes first, the
 * customer gets it once.
 */
export async function holdIfFlagged(
  parts: DeskParts,
  {
    ticketId,
    agentId,
    text,
    messageTs,
    to,
    rerun = false,
  }: { ticketId: string; agentId: string; text: string; messageTs: string; to: Recipient; rerun?: boolean },
): Promise<'held' | 'waiting' | undefined> {
  if (!parts.coach) return undefined;
  const { coach, drafts } = parts.coach;
  const id = `${to.channel}-${messageTs}`;
  if (rerun && (await drafts.read(id))) {
    await tellPrivately(parts, to, RERUN_HELD);
    return 'held';
  }
  // Its first run held it and the agent discarded it since: not sent, whatever the coach says now.
  if (rerun && (await drafts.wasDiscarded(id))) {
    await tellPrivately(parts, to, RERUN_DISCARDED);
    return 'held';
  }
  const review = await coach.review(ticketId, agentId, text);
  if (!review) return undefined;
  if (!review.flagged) {
    coach.count('slack', 'reviewed');
    return undefined;
  }
  if (rerun) {
    await tellPrivately(parts, to, RERUN_FLAGGED);
    return 'held';
  }
  const draft: HeldDraft = {
    kind: 'flagged',
    id,
    ticketId,
    agentId,
    slackUser: to.user,
    channel: to.channel,
    threadTs: to.threadTs,
    text: maskSensitive(text),
    phrase: review.phrase,
    key: threadMessageKey(to.channel, messageTs),
  };
  if (!(await drafts.hold(draft))) return 'waiting';
  // Counted once the hold is ours: a redelivery of the same message finds it held and is not counted again.
  coach.count('slack', 'reviewed');
  const warning = review.warning ?? 'The coach flagged this reply.';
  const note = `:warning: *Not sent yet.* ${escapeSlack(warning)}`;
  const shown = await showPrivately(
    parts,
    to,
    {
      text: `Not sent yet: ${warning}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `${note}\n> ${escapeSlack(clip(text.replace(/\s+/g, ' '), 300))}` } },
        {
          type: 'actions',
          elements: [
            button(ACTION.draftAsWritten, 'Send as written', draft.id),
            button(ACTION.draftWithPhrase, 'Add the phrase and send', draft.id, 'primary'),
            button(ACTION.draftDiscard, 'Discard', draft.id, 'danger'),
          ],
        },
      ],
    },
    { ticketId },
  );
  // A warning nobody saw has no button to click: the reply would wait unseen and expire. The coach
  // only advises, so it goes out as written (the caller sends it) instead of being lost in silence.
  if (!shown) {
    await drafts.take(draft.id);
    return undefined;
  }
  coach.count('slack', 'flagged');
  return 'held';
}

/** Told when a flagged reply is run again after a restart: its first run held it, and the agent may have decided since. */
export const RERUN_FLAGGED =
  "Your message was cut short by a restart of the desk; the coach had flagged it, so it was not held again: you may have sent or discarded it already. Look for its ':headphones: … to the customer' line in the thread, and write it again if it is not there.";

/** Told when a message run again after a restart finds its draft still held by the coach: the first run held it. */
export const RERUN_HELD =
  'Your message was cut short by a restart of the desk; the coach still holds it for you, so it was not sent: use *Send as written*, *Add the phrase and send* or *Discard* under its warning. If you see no warning, write the reply again.';

/** Told when a message run again after a restart finds that the agent discarded its held draft since: the first run held it. */
export const RERUN_DISCARDED =
  "Your message was cut short by a restart of the desk; you had discarded it under the coach's warning, so it was not sent. Write the reply again if you want it to go out.";

/** Told when a click on a held draft is run again after a restart and finds the draft gone: the first run took it and may have died before sending. */
export const RERUN_DRAFT =
  "This click was cut short by a restart of the desk: the draft may not have gone out. Look for its ':headphones: … to the customer' line in the thread, and write the reply again if it is not there.";

/** What the agent is told when they try to send a message that already waits for their decision. */
export const DRAFT_WAITING = 'This message is held by the coach: use *Send as written*, *Add the phrase and send* or *Discard* under its warning.';

/** Shows `to` the suggested reply for the ticket, privately, with "Send". */
async function offerSuggestion(parts: DeskParts, coach: ReplyCoach, drafts: HeldDraftStore, ticketId: string, to: Recipient): Promise<void> {
  const agentId = await parts.agents.actor(to.user);
  if (!agentId) return tellPrivately(parts, to, NOT_AN_AGENT);
  const result = await coach.suggestReply(ticketId, agentId);
  if (!result.ok)
    return tellPrivately(
      parts,
      to,
      result.code === 'not_found'
        ? 'This ticket no longer exists (it may have been erased).'
        : `You asked for many suggestions in a minute; try again in ${result.retryAfterSeconds} s.`,
    );
  const suggestion = result.reply;
  const draft: HeldDraft = {
    kind: 'suggestion',
    id: `s-${ticketId}-${randomUUID().slice(0, 8)}`,
    ticketId,
    agentId,
    slackUser: to.user,
    channel: to.channel,
    threadTs: to.threadTs,
    text: maskSensitive(suggestion.text),
  };
  await drafts.hold(draft);
  await showPrivately(
    parts,
    to,
    {
      text: `Suggested reply (${suggestion.locale}): ${suggestion.text}`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `:bulb: *Suggested reply* (${escapeSlack(suggestion.locale)}):\n> ${escapeSlack(clip(suggestion.text, 2800))}` },
        },
        { type: 'actions', elements: [button(ACTION.draftAsWritten, 'Send', draft.id, 'primary'), button(ACTION.draftDiscard, 'Discard', draft.id)] },
      ],
    },
    { ticketId },
  );
}

type Decision = 'as_written' | 'with_phrase' | 'discard';

/** Acts on one click on a held draft's button. */
async function decide(
  parts: DeskParts,
  drafts: HeldDraftStore,
  coach: ReplyCoach,
  decision: Decision,
  { body, id, respond, rerun }: { body: BlockAction; id: string; respond: RespondFn; rerun: boolean },
) {
  const say = (text: string) =>
    respond({ replace_original: true, text }).catch((error: unknown) => parts.log?.warn({ err: error }, 'slack desk: could not update a held draft'));
  if (!id || id.length > MAX_DRAFT_ID) return;
  const held = await drafts.read(id);
  // Run again after a restart: the first run took the draft, and may have died before it was sent.
  if (!held && rerun) return say(RERUN_DRAFT);
  if (!held) return say('This draft was already sent or discarded, or it expired; nothing more was sent.');
  if (held.slackUser !== body.user.id) {
    const to = { channel: held.channel, user: body.user.id, threadTs: held.threadTs };
    return tellPrivately(parts, to, 'Only the agent who wrote this draft can send or discard it.');
  }
  // Taken once: a second click (or the same click on another instance) finds nothing. A discard is
  // remembered, so the message run again after a restart does not send what the agent threw away.
  const draft = decision === 'discard' ? await drafts.discard(id) : await drafts.take(id);
  if (!draft && rerun) return say(RERUN_DRAFT);
  if (!draft) return say('This draft was already sent or discarded; nothing more was sent.');
  if (decision === 'discard') {
    if (draft.kind === 'flagged') coach.count('slack', 'discarded');
    return say('Discarded: nothing was sent to the customer.');
  }
  const text = decision === 'with_phrase' && draft.phrase ? withPhrase(draft.phrase, draft.text) : draft.text;
  // Not marked as our own: the desk's ":headphones: ... to the customer" line in the thread confirms it.
  // Keyed: the same draft sent again (a click run again, a retry after delivery_failed) sends once, and a
  // flagged draft and its message sent otherwise (run again, the shortcut) are one send.
  const result = await parts.service.reply(draft.ticketId, draft.agentId, text, { key: draft.key ?? `slack-draft:${draft.id}` });
  if (result.ok) {
    const outcome: CoachOutcome = draft.kind === 'suggestion' ? 'suggestion_used' : decision === 'with_phrase' ? 'phrase_used' : 'sent_anyway';
    coach.count('slack', outcome);
    return say(decision === 'with_phrase' ? `Sent to the customer with the phrase: ${text}` : 'Sent to the customer.');
  }
  if (result.code === 'delivery_failed') {
    await drafts.hold(draft);
    return tellPrivately(parts, { channel: draft.channel, user: draft.slackUser, threadTs: draft.threadTs }, `Not sent: ${result.message}`);
  }
  if (result.code === 'in_progress') return tellPrivately(parts, { channel: draft.channel, user: draft.slackUser, threadTs: draft.threadTs }, STILL_SENDING);
  if (result.code === 'key_reused') return say(SENT_OTHERWISE);
  if (result.code === 'not_holder' || result.code === 'not_found')
    return say('Not sent: this ticket is no longer yours (it was resolved, returned or transferred meanwhile). The draft was discarded.');
  return say(`Not sent: ${result.message}`);
}

/** Registers the coach's buttons. Without a coach the desk renders none of them but "Suggest a reply", which then says so. */
export function registerCoachActions(app: App, parts: DeskParts): void {
  const on = (actionId: string, decision: Decision) =>
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, context }) => {
      await ack();
      const click = { body, id: action.value ?? '', respond, rerun: Boolean(rerunAttempt(context)) };
      if (parts.coach) await decide(parts, parts.coach.drafts, parts.coach.coach, decision, click);
    });
  on(ACTION.draftAsWritten, 'as_written');
  on(ACTION.draftWithPhrase, 'with_phrase');
  on(ACTION.draftDiscard, 'discard');

  app.action<BlockAction<ButtonAction>>(ACTION.suggest, async ({ ack, body, action }) => {
    await ack();
    const channel = body.channel?.id;
    const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? body.message?.ts;
    const ticketId = action.value;
    if (!channel || !threadTs || !ticketId) return;
    const to = { channel, user: body.user.id, threadTs };
    if (!parts.coach) return tellPrivately(parts, to, "The agents' coach is not set up on this desk, so there is no suggested reply.");
    await offerSuggestion(parts, parts.coach.coach, parts.coach.drafts, ticketId, to);
  });
}
