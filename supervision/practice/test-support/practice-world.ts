/**
 * A small world for practice tests: the real memory handoff store and transcript store on a clock the
 * test moves, one resolved conversation in them, and the practice service over a practice store.
 */
import type { Activity } from '../../../dialogs/turn-kit.js';
import { createMemoryTranscriptStore } from '../../../dialogs/state/transcript-store.js';
import { createMemoryHandoffStore } from '../../../handoff/store/index.js';
import { createMemoryPracticeStore } from '../memory-practice-store.js';
import type { PracticeStore } from '../practice-store.js';
import { PracticeService } from '../practice-service.js';
import { type ScriptedLine, T0, transcriptOf } from './conversation.js';

export interface PracticeWorld {
  readonly service: PracticeService;
  readonly clock: { now: number };
  /** Escalates, claims and resolves a conversation with these lines; the ticket opens after line `openAfter`. */
  resolveConversation(conversationId: string, lines: readonly ScriptedLine[], openAfter: number, language?: string): Promise<string>;
}

/** Builds the world; `store` defaults to a memory practice store. */
export async function practiceWorld({ store, maxGapMs }: { store?: PracticeStore; maxGapMs?: number } = {}): Promise<PracticeWorld> {
  const clock = { now: T0 };
  const now = () => clock.now;
  const tickets = createMemoryHandoffStore({ now });
  const transcript = createMemoryTranscriptStore({ now });
  await tickets.upsertAgent({ id: 'lead', name: 'Lead', languages: ['en', 'zh'], skills: ['general'], capacity: 5, presence: 'available' });
  const service = new PracticeService({ store: store ?? createMemoryPracticeStore({ now }), tickets, transcript, now, ...(maxGapMs ? { maxGapMs } : {}) });
  return {
    service,
    clock,
    async resolveConversation(conversationId, lines, openAfter, language = 'en') {
      const activities = transcriptOf(conversationId, lines);
      for (const activity of activities.slice(0, openAfter + 1)) await transcript.logActivity(activity as Activity);
      clock.now = T0 + lines[openAfter][2] * 1000 + 500;
      const { ticket } = await tickets.openTicket({
        conversationId,
        channel: 'web',
        customer: { id: 'u1', name: 'Ada Lovelace' },
        language,
        reason: 'negative_emotion',
        priority: 100,
      });
      await tickets.claim(ticket.id, 'lead');
      for (const activity of activities.slice(openAfter + 1)) await transcript.logActivity(activity as Activity);
      clock.now = T0 + 3_600_000;
      const resolved = await tickets.resolve(ticket.id, 'lead');
      if (!resolved.ok) throw new Error(`resolve failed: ${resolved.code}`);
      await service.onHandoffEvent({ type: 'resolved', ticketId: ticket.id, conversationId, at: clock.now, agentId: 'lead', handleMs: 1 });
      return ticket.id;
    },
  };
}
