/**
 * What the Slack desk's pieces share: the handoff they act on, the card store, the agent directory,
 * Slack's Web API client, and the action ids of the buttons they render and answer.
 */
import type { types, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { AgentDesk, DeskEventSource, EventOrigin, TicketSummary } from '../../handoff/desk-api.js';
import type { SlackCardStore } from './card-store.js';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import type { MediaKit } from '../../adapters/media-intake.js';
import type { SlackSettings } from './settings.js';
import type { SlackAgents } from './slack-agents.js';
import type { ReplyCoach } from '../../handoff/coach-api.js';
import type { HeldDraftStore } from './held-drafts.js';

/**
 * What the desk needs of the handoff: the agent API, and the events this instance caused
 * (`subscribeOrigin`: each event reaches one instance, so Slack gets each post once).
 */
export interface SlackDeskService extends AgentDesk, DeskEventSource {
  /** Every queued ticket, most urgent first, whoever may take it (the channel digest lists them). */
  waitingTickets(): Promise<readonly TicketSummary[]>;
}

/** Slack's Web API client (bolt's, pointed at `SLACK_API_URL` when set). */
export type SlackClient = webApi.WebClient;

/** The pieces every Slack handler uses. */
export interface DeskParts {
  readonly service: SlackDeskService;
  readonly settings: SlackSettings;
  readonly cards: SlackCardStore;
  readonly agents: SlackAgents;
  readonly client: SlackClient;
  /**
   * `service` acting as `threadOrigin`: replies, notes and files an agent wrote in a ticket's thread
   * go through it, so their events are not relayed back into the thread that already shows them.
   */
  readonly thread: SlackDeskService;
  /** This instance's thread origin (`{ desk: 'slack', actor: 'thread@<instance>' }`), which the relay subscribes as. */
  readonly threadOrigin: EventOrigin;
  /** Tags the files the desk uploads (by Slack file id), on every instance, so their share events are skipped. */
  readonly ownFiles: DedupeStore;
  /** Stored files both ways; without it files are named in the thread, not uploaded, and agents' files are not sent. */
  readonly media?: MediaKit;
  readonly now: () => number;
  readonly log?: Logger;
  /** The agents' coach and the drafts it holds (coached-replies.ts); without them replies go out unreviewed. */
  readonly coach?: { readonly coach: ReplyCoach; readonly drafts: HeldDraftStore };
}

/** The desk's slash command (also in the app manifests). */
export const SLASH_COMMAND = '/baton';

/** The `action_id`s of the desk's buttons and menus. */
export const ACTION = {
  claim: 'baton_claim',
  transcript: 'baton_transcript',
  resolve: 'baton_resolve',
  returnToBot: 'baton_return',
  transfer: 'baton_transfer',
  /** The "Send to customer" button under a draft (explicit reply mode). */
  send: 'baton_send',
  /** The coach's buttons under a held draft or a suggested reply (coached-replies.ts). */
  draftAsWritten: 'baton_draft_send',
  draftWithPhrase: 'baton_draft_phrase',
  draftDiscard: 'baton_draft_discard',
  /** "Suggest a reply" in the thread's controls. */
  suggest: 'baton_suggest',
} as const;

/** The `callback_id` of the "Send to customer" message shortcut (also in the app manifests). */
export const SEND_SHORTCUT = 'baton_send_message';

/** Who reads a ticket when the desk itself draws it (any agent may read any ticket; actions need the holder). */
export const DESK_READER = 'slack-desk';

/** For the desk's own reads of a ticket: none shows the suggested answer, and computing it runs the NLU. */
export const WITHOUT_SUGGESTION = { suggestion: false } as const;

/**
 * For the card's reads (every ticket change): no suggestion, and only the newest lines built (the card
 * shows five; the rest is room for notes and system lines, and for the files sent before the ticket).
 */
export const CARD_READ = { suggestion: false, lines: 30 } as const;

/** The `block_id` prefix of the controls' actions block; the ticket id follows. */
export const CONTROLS_BLOCK = 'baton_controls:';

/** What Slack calls the holder of a ticket, or anyone else: a mention for Slack users, a name otherwise. */
export type AgentLabel = (agentId: string | undefined) => Promise<string>;

/** Where a word only one user sees goes: their channel, and the thread when there is one. */
export interface Recipient {
  readonly channel: string;
  readonly user: string;
  readonly threadTs?: string;
}

/** A message for one user: its text, and blocks (the text is then their fallback, in notifications). */
export interface PrivateMessage {
  readonly text: string;
  readonly blocks?: readonly types.KnownBlock[];
}

/**
 * Shows one user a message only they see (chat.postEphemeral), in a thread when given. False when Slack
 * refused it or could not be reached: logged (with `about`, e.g. the ticket id), never thrown, since
 * what it shows has already happened or been refused.
 */
export async function showPrivately(
  parts: Pick<DeskParts, 'client' | 'log'>,
  to: Recipient,
  { text, blocks }: PrivateMessage,
  about: Readonly<Record<string, unknown>> = {},
): Promise<boolean> {
  try {
    await parts.client.chat.postEphemeral({
      channel: to.channel,
      user: to.user,
      text,
      ...(blocks ? { blocks: [...blocks] } : {}),
      ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
    });
    return true;
  } catch (error) {
    parts.log?.warn({ err: error, channel: to.channel, ...about }, 'slack desk: a message for one agent could not be shown');
    return false;
  }
}

/** Tells one user something only they see, in a thread when given (`showPrivately` with text alone). */
export async function tellPrivately(parts: Pick<DeskParts, 'client' | 'log'>, to: Recipient, text: string): Promise<void> {
  await showPrivately(parts, to, { text });
}

/** The refusal an agent sees when they are neither in a desk channel nor in the agent user group. */
export const NOT_AN_AGENT = "Only members of the support desk channel (or of the agents' user group) can work on tickets. Ask an admin to add you.";

/**
 * The idempotency key of a reply written as a Slack message (`SendOptions.key`): its channel and ts, which
 * name it in Slack, so the same message handled again (Slack's retry, a re-run) sends the customer nothing twice.
 */
export function threadMessageKey(channel: string, ts: string): string {
  return `slack:${channel}:${ts}`;
}

/**
 * Told privately when another run of the same message still sends it after the wait (`in_progress`):
 * that run may have died, so the agent is told rather than left with silence.
 */
export const STILL_SENDING =
  "This message is still being sent by an earlier attempt. If no ':headphones: … to the customer' line appears in the thread within a minute, send it again.";

/**
 * Told when a message's send is refused `key_reused`: the same message (its key) already reached the
 * customer in other words, e.g. its held draft sent with the coach's phrase; it is not sent twice.
 */
export const SENT_OTHERWISE =
  "This message already went to the customer in other words (its draft, sent from the coach's warning), so it was not sent again. Look for its ':headphones: … to the customer' line in the thread.";
