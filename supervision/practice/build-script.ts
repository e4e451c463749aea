/**
 * Turns a resolved ticket's transcript into a practice script: the customer's lines, anonymised, with the
 * real gaps between them. The line that escalated (the customer's last one before the ticket) opens the
 * replay; what they told the bot before it is context; what they wrote after it is replayed, each line
 * marked when an agent had answered before it (it then waits for the trainee's reply).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Activity } from '../../dialogs/turn-kit.js';
import { detectScenario } from '../../dialogs/empathy/detect-scenario.js';
import { transcriptLines } from '../../handoff/service/ticket-views.js';
import type { Ticket } from '../../handoff/types.js';
import { scoreEmotion } from '../../nlu-models/emotion/score-emotion.js';
import { Anonymiser } from './anonymise.js';
import { PRACTICE_LIMITS, type PracticeLine, type PracticeScript } from './practice-types.js';

/** Longest real gap kept in a script (a day); replay caps it much lower. */
const MAX_STORED_GAP_MS = 24 * 3600_000;

/** The one-way key of a source ticket: the same conversation is refused twice, its id is not kept. */
export function sourceKeyOf(ticketId: string): string {
  return createHash('sha256').update(`practice:${ticketId}`).digest('hex').slice(0, 32);
}

export interface BuildScriptInput {
  readonly ticket: Ticket;
  readonly activities: readonly Partial<Activity>[];
  readonly addedBy: string;
  readonly now: number;
}

/** The script, or undefined when the customer wrote nothing to practise on. */
export function buildScript({ ticket, activities, addedBy, now }: BuildScriptInput): PracticeScript | undefined {
  const names = [ticket.customer.name, ...activities.filter((a) => a.from?.role === 'user').map((a) => a.from?.name)].filter(
    (name): name is string => typeof name === 'string' && name.trim().length > 1,
  );
  const anonymiser = new Anonymiser({ names: [...new Set(names)], locale: ticket.language });
  const lines = transcriptLines(activities).filter((line) => line.from !== 'note');
  const customerAt = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.from === 'customer');
  if (customerAt.length === 0) return undefined;
  // The escalating line: the customer's last one written before the ticket was opened (or their first).
  const beforeTicket = customerAt.filter(({ line }) => line.at > 0 && line.at <= ticket.createdAt);
  const opening = beforeTicket.length > 0 ? beforeTicket[beforeTicket.length - 1] : customerAt[0];
  const openingPosition = customerAt.indexOf(opening);
  const text = (raw: string) => anonymiser.text(raw.slice(0, PRACTICE_LIMITS.lineCharacters * 2)).slice(0, PRACTICE_LIMITS.lineCharacters);
  const context = customerAt
    .slice(Math.max(0, openingPosition - PRACTICE_LIMITS.contextLines), openingPosition)
    .map(({ line }) => text(line.text))
    .filter(Boolean);
  const replayed: PracticeLine[] = [];
  let previousCustomerIndex = -1;
  for (const { line, index } of customerAt.slice(openingPosition, openingPosition + PRACTICE_LIMITS.linesPerScript)) {
    const anonymised = text(line.text);
    const previousLine = index > 0 ? lines[index - 1] : undefined;
    const gapMs = previousLine && previousLine.at > 0 && line.at > 0 ? Math.min(Math.max(line.at - previousLine.at, 0), MAX_STORED_GAP_MS) : 0;
    const afterReply = previousCustomerIndex >= 0 && lines.slice(previousCustomerIndex + 1, index).some((between) => between.from === 'agent');
    previousCustomerIndex = index;
    if (!anonymised.trim()) continue;
    replayed.push({ text: anonymised, gapMs, afterReply, upset: scoreEmotion(anonymised, ticket.language).negative });
  }
  if (replayed.length === 0) return undefined;
  return {
    id: randomUUID(),
    sourceKey: sourceKeyOf(ticket.id),
    addedAt: now,
    addedBy,
    locale: ticket.language,
    scenario: detectScenario(undefined, [...context, ...replayed.map((line) => line.text)].join('\n').slice(0, 2_000)),
    reason: ticket.reason,
    context,
    lines: replayed,
  };
}
