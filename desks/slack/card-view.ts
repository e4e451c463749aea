/**
 * The ticket card as Slack shows it (Block Kit): who the customer is and where they are, why the bot
 * called a person (with the numbers), how they feel, what they want, their order, their last
 * messages, and where the ticket stands. Everything shown is already masked by the handoff, and
 * escaped here, so nothing a customer wrote can mention or link in Slack.
 */
import type { types } from '@slack/bolt';
import type { EscalationReasonName, TicketDetails, TranscriptLine } from '../../handoff/desk-api.js';
import { ACTION } from './desk-context.js';
import { clip, duration, escapeSlack, slackTime } from './slack-text.js';

/** A message's text (notifications, screen readers) and its blocks. */
export interface SlackMessageView {
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}

const REASONS: Readonly<Record<EscalationReasonName, { emoji: string; label: string }>> = {
  crisis: { emoji: ':rotating_light:', label: 'Crisis' },
  negative_emotion: { emoji: ':rage:', label: 'Upset customer' },
  requested_human: { emoji: ':raising_hand:', label: 'Asked for a person' },
  not_understood: { emoji: ':grey_question:', label: 'The bot did not understand' },
  dialog: { emoji: ':arrows_counterclockwise:', label: 'Handed over by a dialog' },
};

const SPEAKERS: Readonly<Record<TranscriptLine['from'], string>> = { customer: 'Customer', bot: 'Bot', agent: 'Agent', note: 'Note', system: 'System' };

/** The reason as a label, e.g. "Asked for a person". */
export const reasonLabel = (reason: EscalationReasonName): string => REASONS[reason]?.label ?? reason;

/** "-0.10 → -0.62 → -0.85 (falling)": the last five scores and where they head. */
export function emotionTrend(scores: readonly number[]): string | undefined {
  if (scores.length === 0) return undefined;
  const last = scores.slice(-5);
  const change = last.at(-1)! - last[0]!;
  const heading = last.length < 2 ? '' : change < -0.2 ? ' (falling)' : change > 0.2 ? ' (rising)' : ' (steady)';
  return `${last.map((score) => score.toFixed(2)).join(' → ')}${heading}`;
}

/** One transcript line for Slack, e.g. "*Customer:* where is my order?". */
export const transcriptLine = (line: TranscriptLine, max = 300): string =>
  `*${SPEAKERS[line.from]}:* ${escapeSlack(clip(line.text.replace(/\s+/g, ' '), max))}`;

/** Where the ticket stands, in one line. */
function statusLine(details: TicketDetails, holder: string, now: number): string {
  switch (details.state) {
    case 'queued':
      return `${details.callback ? ':telephone_receiver: *Callback*: nobody could take it, the customer left a message · ' : ''}:hourglass_flowing_sand: Waiting ${duration(now - details.queuedAt)} (since ${slackTime(details.queuedAt)})${details.position ? ` · #${details.position} in the ${escapeSlack(details.skill)} queue` : ''}`;
    case 'assigned':
      return `:headphones: ${holder} has this conversation`;
    case 'resolved':
      return `:white_check_mark: Resolved by ${holder} · ${details.csat === undefined ? "waiting for the customer's rating" : `CSAT ${details.csat}/5`}`;
    case 'returned':
      return ':leftwards_arrow_with_hook: Back with the bot';
    case 'abandoned':
      return ':door: The customer left the queue';
  }
}

export interface CardInput {
  readonly details: TicketDetails;
  /** The holder as Slack shows them (a mention, or a console agent's name). */
  readonly holder: string;
  /** What happened so far, oldest first. */
  readonly history: readonly string[];
  readonly now: number;
}

/** The card of a ticket in its current state. */
export function ticketCard({ details, holder, history, now }: CardInput): SlackMessageView {
  const reason = REASONS[details.reason] ?? { emoji: ':bell:', label: details.reason };
  const name = escapeSlack(clip(details.customerName, 80));
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${clip(value, 1900)}` });
  const trend = emotionTrend(details.emotionTrend);
  const order = Object.entries(details.orderFacts)
    .map(([key, value]) => `${key}: ${value}`)
    .join(' · ');
  const fields = [
    field('Channel', escapeSlack(details.channel)),
    field('Language', escapeSlack(details.language)),
    ...(details.customerLocalTime
      ? [
          field(
            "Customer's time",
            escapeSlack(
              `${details.customerLocalTime}${details.customerTimeZone ? ` (${details.customerTimeZone}${INFERRED[details.customerTimeZoneSource ?? 'reported'] ?? ''})` : ''}`,
            ),
          ),
        ]
      : []),
    field('Reason', escapeSlack(details.reasonDetail)),
    field('Priority', `${details.priority}${details.vip ? ' · VIP' : ''}`),
    ...(trend ? [field('Emotion trend', trend)] : []),
    ...(details.lastIntent ? [field('Intent', escapeSlack(details.lastIntent))] : []),
    ...(order ? [field('Order', escapeSlack(order))] : []),
    // Slack allows ten fields: the routing rule shares the skill's.
    field('Skill', escapeSlack(details.routedBy ? `${details.skill} (rule: ${details.routedBy})` : details.skill)),
  ];
  const recent = details.transcript.filter((line) => line.from === 'customer' || line.from === 'bot' || line.from === 'agent').slice(-5);
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `${reason.emoji} *${name}*${details.vip ? ' :star: VIP' : ''} · ${reason.label}` } },
    { type: 'section', fields },
    ...(recent.length > 0
      ? [
          {
            type: 'section' as const,
            text: { type: 'mrkdwn' as const, text: clip(`*Last messages*\n${recent.map((line) => `> ${transcriptLine(line)}`).join('\n')}`, 2900) },
          },
        ]
      : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: statusLine(details, holder, now) }] },
    ...(history.length > 0 ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: clip(history.join('\n'), 2900) }] }] : []),
    {
      type: 'actions',
      elements: [
        ...(details.state === 'queued'
          ? [
              {
                type: 'button' as const,
                action_id: ACTION.claim,
                text: { type: 'plain_text' as const, text: 'Claim' },
                style: 'primary' as const,
                value: details.id,
              },
            ]
          : []),
        { type: 'button', action_id: ACTION.transcript, text: { type: 'plain_text', text: 'Show transcript' }, value: details.id },
      ],
    },
  ];
  // The text is mrkdwn too (notifications show it): escaped like the blocks.
  return { text: `${name}: ${reason.label} (${details.state})`, blocks };
}

/** Said beside an inferred zone, so an agent does not take a guess for the customer's word. */
const INFERRED: Readonly<Record<string, string>> = { phone: ', from the phone number', language: ', from the language' };
