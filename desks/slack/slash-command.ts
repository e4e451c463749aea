/**
 * `/baton`: the agent's own view and switches. `queue` (what is waiting for you), `next` (take the
 * best ticket for your languages and skills), `mine` (what you hold), `away` / `back` (presence),
 * `canned` (the canned replies' short names), `help`. Answers are ephemeral, through the command's
 * response_url, after the command was acknowledged.
 */
import type { App } from '@slack/bolt';
import type { TicketSummary } from '../../handoff/desk-api.js';
import { reasonLabel } from './card-view.js';
import { NOT_AN_AGENT, SLASH_COMMAND, type DeskParts } from './desk-context.js';
import { duration, escapeSlack } from './slack-text.js';
import { rerunAttempt } from './slack-inbox.js';

const HELP = [
  '*/baton queue* tickets waiting for your languages and skills, best first',
  "*/baton next* take the best of them (its card's thread becomes your conversation)",
  '*/baton mine* the tickets you hold',
  '*/baton away* stop getting new tickets · */baton back* take them again',
  "*/baton canned* the canned replies (type `!name` in a ticket's thread to send one)",
  "In a ticket's thread: your replies go to the customer; `note:` or `//` keeps a note internal.",
].join('\n');

/** Said instead of taking a second ticket when `/baton next` is run again after its instance stopped. */
export const RERUN_NEXT =
  'Your `/baton next` was cut short by a restart of the desk, so it was not run again: it may already have given you a ticket. See `/baton mine`, and run `/baton next` again if nothing new is there.';

/** Said instead of switching presence when `/baton away` or `back` is run again after its instance stopped. */
export const RERUN_PRESENCE =
  'Your `/baton away` or `/baton back` was cut short by a restart of the desk, so it was not run again: you may have switched since. Run the one you want now.';

/** Registers `/baton` (or `command`) on the bolt app. */
export function registerSlashCommand(app: App, parts: DeskParts, { command = SLASH_COMMAND } = {}): void {
  const { service, cards, now } = parts;

  /** One ticket as a line, with where its card is. */
  const line = async (ticket: TicketSummary, index: number) => {
    const card = await cards.read(ticket.id);
    const where = card ? ` · <#${card.channel}>` : '';
    return `${index + 1}. *${escapeSlack(ticket.customerName)}*${ticket.vip ? ' :star:' : ''} · ${reasonLabel(ticket.reason)} · ${escapeSlack(ticket.language)} · ${escapeSlack(ticket.channel)} · waiting ${duration(now() - ticket.queuedAt)}${where}`;
  };
  const list = async (tickets: readonly TicketSummary[], empty: string) =>
    tickets.length === 0
      ? empty
      : (await Promise.all(tickets.slice(0, 15).map(line))).join('\n') + (tickets.length > 15 ? `\n…and ${tickets.length - 15} more` : '');

  app.command(command, async ({ ack, command: body, respond, context }) => {
    await ack();
    const reply = async (text: string) => void (await respond({ response_type: 'ephemeral', text }));
    const agentId = await parts.agents.actor(body.user_id);
    if (!agentId) return reply(NOT_AN_AGENT);
    const verb = body.text.trim().split(/\s+/)[0]?.toLowerCase() || 'help';
    switch (verb) {
      case 'queue': {
        const { queued } = await service.queue(agentId);
        return reply(`*Waiting for you (${queued.length})*\n${await list(queued, 'Nobody is waiting in your languages and skills.')}`);
      }
      case 'mine': {
        const { mine } = await service.queue(agentId);
        return reply(`*Your tickets (${mine.length})*\n${await list(mine, 'You hold no tickets.')}`);
      }
      case 'next': {
        // Run again after its instance stopped (slack-inbox.ts): the first run may have taken a ticket already.
        if (rerunAttempt(context)) return reply(RERUN_NEXT);
        const result = await service.claimNext(agentId);
        if (!result.ok) return reply(result.message);
        const card = await cards.read(result.ticket.id);
        return reply(
          `You have *${escapeSlack(result.ticket.customerName)}* now (${reasonLabel(result.ticket.reason)}).${card ? ` Write to them in the thread under their card in <#${card.channel}>.` : ''}`,
        );
      }
      case 'away':
      case 'back': {
        // Run again later, it could undo a switch made since (`back` after `away`): the agent runs it again.
        if (rerunAttempt(context)) return reply(RERUN_PRESENCE);
        const profile = await service.setPresence(agentId, verb === 'away' ? 'away' : 'available');
        if (!profile) return reply('You have no agent profile yet; ask an admin.');
        return reply(
          verb === 'away'
            ? 'You are away: no new tickets come to you. `/baton back` when you return.'
            : `You are available again (${profile.activeTickets}/${profile.capacity} tickets).`,
        );
      }
      case 'canned': {
        const replies = await service.cannedReplies();
        const byName = new Map<string, string[]>();
        for (const canned of replies) byName.set(canned.name, [...(byName.get(canned.name) ?? []), canned.locale]);
        const lines = [...byName].map(([name, locales]) => `\`!${name}\` (${locales.join(', ')})`);
        return reply(lines.length > 0 ? `*Canned replies*\n${lines.join('\n')}` : 'No canned replies are set up.');
      }
      default:
        return reply(`${verb === 'help' ? '' : `I don't know \`${escapeSlack(verb)}\`.\n`}${HELP}`);
    }
  });
}
