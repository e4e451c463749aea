/**
 * A resolved ticket and its transcript, as the handoff store and the transcript store hold them, for the
 * practice tests: customer lines, bot and agent answers, with timestamps.
 */
import type { Activity } from '../../../dialogs/turn-kit.js';
import type { Ticket } from '../../../handoff/types.js';

/** One transcript line: who wrote it, what, and how many seconds after the start. */
export type ScriptedLine = readonly ['customer' | 'bot' | 'agent', string, number];

export const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/** Activities as the transcript logs them (customer lines from a 'user', agent lines with Baton's agent mark). */
export function transcriptOf(conversationId: string, lines: readonly ScriptedLine[], customerName = 'Ada Lovelace'): Partial<Activity>[] {
  return lines.map(([from, text, seconds], index) => ({
    type: 'message',
    id: `a${index}`,
    text,
    timestamp: new Date(T0 + seconds * 1000),
    conversation: { id: conversationId } as Activity['conversation'],
    from: from === 'customer' ? { id: 'u1', name: customerName, role: 'user' } : { id: 'bot', name: 'Shop', role: 'bot' },
    ...(from === 'agent' ? { channelData: { baton: { agentId: 'ada', agentName: 'Ada' } } } : {}),
  }));
}

/** A ticket resolved by agent 'lead', opened `openedAtSeconds` after the start. */
export function resolvedTicket(id: string, conversationId: string, openedAtSeconds: number, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id,
    conversationId,
    channel: 'web',
    customer: { id: 'u1', name: 'Ada Lovelace' },
    language: 'en',
    skill: 'general',
    reason: 'negative_emotion',
    priority: 100,
    createdAt: T0 + openedAtSeconds * 1000,
    queuedAt: T0 + openedAtSeconds * 1000,
    details: {},
    transfers: [],
    state: 'resolved',
    agentId: 'lead',
    resolvedAt: T0 + 600_000,
    ...overrides,
  } as Ticket;
}
