/**
 * Practice mode's vocabulary: a script (one past conversation's customer lines, anonymised, with the gaps
 * between them), a session (one trainee replaying a script) and the scores of the trainee's replies. Plain
 * JSON-safe data, so the same shapes live in memory, in Redis and on the wire.
 *
 * A script never holds the source conversation's id, the customer's id or name, or absolute times: only
 * the anonymised texts, the gaps, the language, the scenario and a one-way key of the source ticket (so
 * the same conversation is not added twice).
 */
import type { EmpathyScenario } from '../../dialogs/empathy/phrases.js';
import type { EscalationReason } from '../../handoff/types.js';

/** Limits every input and store of practice mode keeps. */
export const PRACTICE_LIMITS = {
  /** Customer lines a script replays (the first ones after the escalation). */
  linesPerScript: 40,
  /** Customer lines to the bot before the handoff, shown as context when the session opens. */
  contextLines: 5,
  /** Characters of one customer line kept in a script. */
  lineCharacters: 500,
  /** Scripts in the library. */
  scripts: 200,
  /** A trainee's reply, in characters (the reply review reads no more). */
  replyCharacters: 2_000,
  /** Replies in one session; the session ends at the limit. */
  repliesPerSession: 40,
  /** Sessions kept per agent (newest), and in the supervisors' list of all sessions. */
  sessionsPerAgent: 100,
  sessionsInAll: 2_000,
  /** Recently resolved tickets offered to supervisors as practice material. */
  candidates: 100,
  /** A session left running longer than this is ended when next read. */
  sessionMs: 60 * 60_000,
} as const;

/** One customer line of a script. */
export interface PracticeLine {
  /** Anonymised customer text. */
  readonly text: string;
  /** Real milliseconds since the line before it (any author); capped when replayed. */
  readonly gapMs: number;
  /** An agent answered between the previous customer line and this one: it waits for the trainee's reply. */
  readonly afterReply: boolean;
  /** The emotion model read this line as upset. */
  readonly upset: boolean;
}

/** A past conversation made into practice material. */
export interface PracticeScript {
  readonly id: string;
  /** sha256 of the source ticket id: refuses the same conversation twice without keeping its id. */
  readonly sourceKey: string;
  readonly addedAt: number;
  /** Who added it: an agent id, or 'admin'. */
  readonly addedBy: string;
  /** The customer's language tag ('en', 'zh-CN'). */
  readonly locale: string;
  readonly scenario: EmpathyScenario;
  readonly reason: EscalationReason;
  /** What the customer told the bot before the handoff, anonymised, oldest first. */
  readonly context: readonly string[];
  readonly lines: readonly PracticeLine[];
}

/** The three marks of a reply, each 0..100; `null` where the mark does not apply. */
export interface ReplyScores {
  /** Against the first-reply SLA (the golden 30 seconds); null for a second reply to the same line. */
  readonly time: number | null;
  /** From the reply review's verdict: ok 100, curt 40, negative 0. */
  readonly tone: number;
  /** Null unless the customer was upset in the lines the reply answers. */
  readonly empathy: number | null;
}

/** One trainee reply, scored when it was sent. */
export interface PracticeReply {
  readonly text: string;
  readonly at: number;
  /** Milliseconds from the oldest customer line it answers; null when it answers none (a second message). */
  readonly responseMs: number | null;
  /** How many customer lines had been delivered when it was sent. */
  readonly afterLines: number;
  readonly verdict: 'ok' | 'curt' | 'negative';
  readonly scores: ReplyScores;
  /** What to keep or change, in English (the desks' language). */
  readonly notes: readonly string[];
}

/** How a session went, over all its replies. */
export interface PracticeSummary {
  /** Weighted mean of the marks that apply: time 30 %, tone 40 %, empathy 30 %. */
  readonly overall: number;
  readonly time: number | null;
  readonly tone: number | null;
  readonly empathy: number | null;
  readonly firstReplyMs: number | null;
  readonly replies: number;
  readonly notes: readonly string[];
}

/** Why a session ended. */
export type EndReason = 'completed' | 'ended_by_trainee' | 'reply_limit' | 'timed_out';

/** One trainee replaying one script. Narrow on `state`. */
export type PracticeSession = {
  readonly id: string;
  readonly agentId: string;
  readonly scriptId: string;
  readonly locale: string;
  readonly scenario: PracticeScript['scenario'];
  readonly context: readonly string[];
  /** A copy of the script's lines: removing a script from the library does not break a session. */
  readonly lines: readonly PracticeLine[];
  readonly startedAt: number;
  /** When each delivered line reached the trainee (its due time), in order. */
  readonly deliveredAt: readonly number[];
  readonly replies: readonly PracticeReply[];
  /** Increases on every write; updates compare it (two tabs of one trainee cannot lose a reply). */
  readonly version: number;
} & (
  | { readonly state: 'running' }
  | { readonly state: 'finished'; readonly finishedAt: number; readonly endReason: EndReason; readonly summary: PracticeSummary }
);

/** A resolved ticket a supervisor may add to the library. */
export interface PracticeCandidate {
  readonly ticketId: string;
  readonly resolvedAt: number;
}

/** `{ ok: true, value }` or why not, with a message that states the fix. */
export type PracticeResult<T, Code extends string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: Code; readonly message: string };
