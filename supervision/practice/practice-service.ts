/**
 * Practice mode: supervisors choose past resolved conversations as practice material (anonymised when
 * added), trainees replay one with the bot playing the customer, each reply is scored, and supervisors
 * read the results. Practice never reaches a customer, a channel, the queue, a ticket or the service's
 * metrics: it only reads tickets and transcripts, and writes to its own store.
 */
import { randomUUID } from 'node:crypto';
import type { TranscriptStore } from '../../dialogs/state/transcript-store.js';
import type { HandoffStore } from '../../handoff/store/index.js';
import type { HandoffEvent } from '../../handoff/types.js';
import { buildScript, sourceKeyOf } from './build-script.js';
import type { PracticeStore } from './practice-store.js';
import { type EndReason, PRACTICE_LIMITS, type PracticeCandidate, type PracticeResult, type PracticeScript, type PracticeSession } from './practice-types.js';
import { DEFAULT_MAX_GAP_MS, deliverDue, isComplete } from './replay.js';
import { scoreReply, summarise } from './scoring.js';

export interface PracticeServiceOptions {
  readonly store: PracticeStore;
  /** Read only: resolved tickets are the source of practice material. */
  readonly tickets: Pick<HandoffStore, 'getTicket'>;
  readonly transcript: Pick<TranscriptStore, 'read'>;
  /** The first-reply SLA the time mark is measured against; 30 s by default (the golden 30 seconds). */
  readonly slaMs?: number;
  /** Longest gap between two customer lines in replay; 20 s by default. */
  readonly maxGapMs?: number;
  readonly now?: () => number;
}

/** A candidate with what a supervisor needs to choose. */
export interface CandidateView extends PracticeCandidate {
  readonly language: string;
  readonly reason: string;
  readonly inLibrary: boolean;
}

export type AddCode = 'not_found' | 'not_resolved' | 'nothing_to_practise' | 'duplicate' | 'full';
export type SessionCode = 'not_found' | 'no_scripts' | 'finished' | 'conflict';

const notFound = { ok: false, code: 'not_found', message: 'No such practice session; start a new one.' } as const;

/** The practice service; one per instance, state in the store. */
export class PracticeService {
  readonly #o: Required<Omit<PracticeServiceOptions, 'now'>> & { readonly now: () => number };

  constructor({ slaMs = 30_000, maxGapMs = DEFAULT_MAX_GAP_MS, now = Date.now, ...rest }: PracticeServiceOptions) {
    this.#o = { slaMs, maxGapMs, now, ...rest };
  }

  /** The longest gap between two customer lines in replay, in ms. */
  get maxGapMs(): number {
    return this.#o.maxGapMs;
  }

  /** Feed of the handoff's audit events: every resolved ticket becomes a candidate. */
  async onHandoffEvent(event: HandoffEvent): Promise<void> {
    if (event.type === 'resolved') await this.#o.store.addCandidate({ ticketId: event.ticketId, resolvedAt: event.at });
  }

  /** Recently resolved tickets still on file, newest first. */
  async candidates(limit: number = PRACTICE_LIMITS.candidates): Promise<CandidateView[]> {
    const [candidates, scripts] = await Promise.all([this.#o.store.listCandidates(limit), this.#o.store.listScripts()]);
    const inLibrary = new Set(scripts.map((script) => script.sourceKey));
    const views: CandidateView[] = [];
    for (const candidate of candidates) {
      const ticket = await this.#o.tickets.getTicket(candidate.ticketId);
      if (ticket?.state !== 'resolved') continue;
      views.push({ ...candidate, language: ticket.language, reason: ticket.reason, inLibrary: inLibrary.has(sourceKeyOf(ticket.id)) });
    }
    return views;
  }

  /** Anonymises a resolved ticket's conversation into the library. */
  async addToLibrary(ticketId: string, addedBy: string): Promise<PracticeResult<PracticeScript, AddCode>> {
    const ticket = await this.#o.tickets.getTicket(ticketId);
    if (!ticket) return { ok: false, code: 'not_found', message: 'No such ticket; it may have been erased. Pick one from the candidates.' };
    if (ticket.state !== 'resolved') return { ok: false, code: 'not_resolved', message: 'Only resolved conversations can become practice; resolve it first.' };
    const activities = await this.#o.transcript.read(ticket.conversationId, 400);
    const script = buildScript({ ticket, activities, addedBy, now: this.#o.now() });
    if (!script)
      return { ok: false, code: 'nothing_to_practise', message: "The customer's messages are gone (transcript expired or erased); pick another conversation." };
    const outcome = await this.#o.store.addScript(script, PRACTICE_LIMITS.scripts);
    if (outcome === 'duplicate') return { ok: false, code: 'duplicate', message: 'This conversation is already in the practice library.' };
    if (outcome === 'full')
      return { ok: false, code: 'full', message: `The library holds ${PRACTICE_LIMITS.scripts} conversations; remove some before adding more.` };
    return { ok: true, value: script };
  }

  listScripts(): Promise<PracticeScript[]> {
    return this.#o.store.listScripts();
  }

  removeScript(id: string): Promise<boolean> {
    return this.#o.store.deleteScript(id);
  }

  /**
   * Erase: removes the scripts made from these tickets (found by their one-way source key). Anonymisation has
   * known gaps (a name in running text, a town), so what a customer wrote leaves practice with them.
   * Resolves how many scripts were removed.
   */
  async eraseTickets(ticketIds: readonly string[]): Promise<number> {
    if (ticketIds.length === 0) return 0;
    const keys = new Set(ticketIds.map(sourceKeyOf));
    let removed = 0;
    for (const script of await this.#o.store.listScripts()) if (keys.has(script.sourceKey) && (await this.#o.store.deleteScript(script.id))) removed++;
    return removed;
  }

  /** Starts a session on `scriptId`, or on the newest script the agent has not practised yet. */
  async start(agentId: string, scriptId?: string): Promise<PracticeResult<PracticeSession, SessionCode>> {
    let script: PracticeScript | undefined;
    if (scriptId) {
      script = await this.#o.store.readScript(scriptId);
      if (!script) return { ok: false, code: 'not_found', message: 'That practice conversation was removed; pick another.' };
    } else {
      const [scripts, mine] = await Promise.all([
        this.#o.store.listScripts(),
        this.#o.store.listSessions({ agentId, limit: PRACTICE_LIMITS.sessionsPerAgent }),
      ]);
      const practised = new Set(mine.map((session) => session.scriptId));
      script = scripts.find((candidate) => !practised.has(candidate.id)) ?? scripts[0];
      if (!script) return { ok: false, code: 'no_scripts', message: 'The practice library is empty; ask a supervisor to choose conversations.' };
    }
    const session: PracticeSession = deliverDue(
      {
        id: randomUUID(),
        agentId,
        scriptId: script.id,
        locale: script.locale,
        scenario: script.scenario,
        context: script.context,
        lines: script.lines,
        startedAt: this.#o.now(),
        deliveredAt: [],
        replies: [],
        version: 1,
        state: 'running',
      },
      this.#o.now(),
      this.#o.maxGapMs,
    );
    await this.#o.store.createSession(session);
    return { ok: true, value: session };
  }

  /** The session as of now: due lines delivered, a session past its time ended. */
  async read(sessionId: string): Promise<PracticeSession | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.#o.store.readSession(sessionId);
      if (!stored || stored.state === 'finished') return stored;
      const now = this.#o.now();
      const next = now - stored.startedAt > PRACTICE_LIMITS.sessionMs ? this.#finish(stored, now, 'timed_out') : deliverDue(stored, now, this.#o.maxGapMs);
      if (next === stored) return stored;
      if (await this.#o.store.updateSession({ ...next, version: stored.version + 1 }, stored.version)) return { ...next, version: stored.version + 1 };
    }
    return this.#o.store.readSession(sessionId);
  }

  /** Scores the trainee's reply; the session ends once the last customer line is answered. */
  async reply(sessionId: string, agentId: string, text: string): Promise<PracticeResult<PracticeSession, SessionCode>> {
    return this.#change(sessionId, agentId, (session, now) => {
      const previous = session.replies[session.replies.length - 1];
      // The lines delivered since the previous reply are the ones this reply answers.
      const answers = session.deliveredAt.map((at, index) => ({ at, line: session.lines[index] })).slice(previous?.afterLines ?? 0);
      const reply = scoreReply({
        text: text.slice(0, PRACTICE_LIMITS.replyCharacters),
        at: now,
        locale: session.locale,
        scenario: session.scenario,
        answers,
        first: session.replies.length === 0,
        slaMs: this.#o.slaMs,
        seed: session.id,
        afterLines: session.deliveredAt.length,
      });
      const next = { ...session, replies: [...session.replies, reply] };
      if (isComplete(next)) return this.#finish(next, now, 'completed');
      if (next.replies.length >= PRACTICE_LIMITS.repliesPerSession) return this.#finish(next, now, 'reply_limit');
      return next;
    });
  }

  /** The trainee ends the session early (or after the customer went quiet). */
  async end(sessionId: string, agentId: string): Promise<PracticeResult<PracticeSession, SessionCode>> {
    return this.#change(sessionId, agentId, (session, now) => this.#finish(session, now, 'ended_by_trainee'));
  }

  /** Sessions newest first, for the supervisors' view (one agent's or everyone's). */
  review(options: { readonly agentId?: string; readonly limit?: number }): Promise<PracticeSession[]> {
    return this.#o.store.listSessions({ limit: Math.min(options.limit ?? 50, 200), ...(options.agentId ? { agentId: options.agentId } : {}) });
  }

  async #change(
    sessionId: string,
    agentId: string,
    apply: (session: PracticeSession & { state: 'running' }, now: number) => PracticeSession,
  ): Promise<PracticeResult<PracticeSession, SessionCode>> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const session = await this.read(sessionId);
      if (!session || session.agentId !== agentId) return notFound;
      if (session.state === 'finished') return { ok: false, code: 'finished', message: 'This practice session has ended; start a new one.' };
      const changed = { ...apply(session, this.#o.now()), version: session.version + 1 };
      if (await this.#o.store.updateSession(changed, session.version)) return { ok: true, value: changed };
    }
    return { ok: false, code: 'conflict', message: 'The session changed in another tab; reload it and try again.' };
  }

  #finish(session: PracticeSession, now: number, endReason: EndReason): PracticeSession {
    const { id, agentId, scriptId, locale, scenario, context, lines, startedAt, deliveredAt, replies, version } = session;
    return {
      id,
      agentId,
      scriptId,
      locale,
      scenario,
      context,
      lines,
      startedAt,
      deliveredAt,
      replies,
      version,
      state: 'finished',
      finishedAt: now,
      endReason,
      summary: summarise(session),
    };
  }
}
