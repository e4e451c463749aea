/**
 * The messages the desk posts in a ticket's thread besides the conversation itself: the controls
 * (Resolve, Return to bot, Transfer) once someone holds the ticket, and the transcript an agent asks
 * to see (only to them).
 */
import type { types } from '@slack/bolt';
import type { TicketDetails } from '../../handoff/desk-api.js';
import { transcriptLine, type SlackMessageView } from './card-view.js';
import { ACTION, CONTROLS_BLOCK } from './desk-context.js';
import type { SlackReplyMode } from './settings.js';
import { clip, escapeSlack } from './slack-text.js';

/** A transfer target in the menu. */
export interface TransferChoices {
  readonly skills: readonly string[];
  /** Other agents: id and display name. */
  readonly agents: readonly { readonly id: string; readonly name: string }[];
}

const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text: clip(text, 75) }, value });

/** The transfer menu's groups; Slack refuses empty groups and more than 100 options in one. */
function transferGroups({ skills, agents }: TransferChoices) {
  return [
    { label: { type: 'plain_text' as const, text: 'Skills' }, options: skills.slice(0, 100).map((skill) => option(skill, `skill:${skill}`)) },
    { label: { type: 'plain_text' as const, text: 'Agents' }, options: agents.slice(0, 100).map((agent) => option(agent.name, `agent:${agent.id}`)) },
  ].filter((group) => group.options.length > 0);
}

/** The controls of a held ticket, posted in its thread: the holder's buttons and how to write. */
export function controlsMessage({
  ticketId,
  holder,
  cannedNames,
  choices,
  replyMode = 'thread',
}: {
  ticketId: string;
  holder: string;
  cannedNames: readonly string[];
  choices: TransferChoices;
  replyMode?: SlackReplyMode;
}): SlackMessageView {
  const groups = transferGroups(choices);
  const canned = cannedNames.length > 0 ? ` Canned replies: ${cannedNames.map((name) => `\`!${name}\``).join(', ')}.` : '';
  const how =
    replyMode === 'explicit'
      ? 'Messages in this thread stay internal notes until you press *Send to customer* (under your message, or in its ⋯ menu).'
      : 'Replies in this thread go to the customer; start with `note:` or `//` for an internal note.';
  const help = `${holder} has this conversation. ${how}${canned}`;
  return {
    text: `${holder} has this conversation`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: help } },
      {
        type: 'actions',
        block_id: `${CONTROLS_BLOCK}${ticketId}`,
        elements: [
          { type: 'button', action_id: ACTION.resolve, style: 'primary', text: { type: 'plain_text', text: 'Resolve' }, value: ticketId },
          { type: 'button', action_id: ACTION.returnToBot, text: { type: 'plain_text', text: 'Return to bot' }, value: ticketId },
          { type: 'button', action_id: ACTION.suggest, text: { type: 'plain_text', text: 'Suggest a reply' }, value: ticketId },
          ...(groups.length > 0
            ? [
                {
                  type: 'static_select' as const,
                  action_id: ACTION.transfer,
                  placeholder: { type: 'plain_text' as const, text: 'Transfer to…' },
                  option_groups: groups,
                },
              ]
            : []),
        ],
      },
    ],
  };
}

/** What the controls say once nobody here holds the ticket any more: no buttons left to press. */
export function closedControls(text: string): SlackMessageView {
  return { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] };
}

/** The masked transcript, newest last, in as many blocks as it needs (Slack caps each at 3000 characters). */
export function transcriptView(details: TicketDetails, { lines = 40 } = {}): SlackMessageView {
  const shown = details.transcript.slice(-lines).map((line) => transcriptLine(line, 500));
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Transcript of ${escapeSlack(details.customerName)}* (last ${shown.length} of ${details.transcript.length} lines, masked)`,
      },
    },
  ];
  let chunk = '';
  for (const line of shown) {
    if (chunk.length + line.length + 1 > 2900) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  if (details.suggestedAnswer)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `:bulb: The bot would answer: ${escapeSlack(clip(details.suggestedAnswer, 2800))}` }] });
  return { text: `Transcript of ${escapeSlack(details.customerName)}`, blocks: blocks.slice(0, 50) };
}
