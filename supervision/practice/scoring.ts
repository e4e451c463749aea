/**
 * Scoring a trainee's replies the way supervisors coach live agents: time against the golden 30 seconds,
 * tone by the coach's reply review (the same `reviewAgentReply` that warns agents on live drafts), and
 * empathy: an upset customer's feeling acknowledged, above all in the first reply.
 */
import { EMPATHY_VARIANTS, pickPhrase } from '../../dialogs/empathy/phrases.js';
import { toLocale } from '../../dialogs/locale.js';
import { type ReplyReview, reviewAgentReply, reviewWarning } from '../coach/reply-review.js';
import type { PracticeLine, PracticeReply, PracticeSession, PracticeSummary, ReplyScores } from './practice-types.js';

const TONE_SCORE: Readonly<Record<ReplyReview['verdict'], number>> = { ok: 100, curt: 40, negative: 0 };
/** The first reply's empathy counts this many times in the summary: it sets the conversation's tone. */
const FIRST_REPLY_EMPATHY_WEIGHT = 2;
const WEIGHTS = { time: 0.3, tone: 0.4, empathy: 0.3 } as const;

/** 100 within the SLA, then down in a straight line to 0 at four times the SLA. */
export function timeScore(responseMs: number, slaMs: number): number {
  if (responseMs <= slaMs) return 100;
  return Math.max(0, Math.round(100 * (1 - (responseMs - slaMs) / (3 * slaMs))));
}

export interface ScoreReplyInput {
  readonly text: string;
  readonly at: number;
  readonly locale: string;
  readonly scenario: PracticeSession['scenario'];
  /** The customer lines this reply answers (delivered since the previous reply), with their delivery times. */
  readonly answers: readonly { readonly line: PracticeLine; readonly at: number }[];
  readonly first: boolean;
  readonly slaMs: number;
  /** Picks the suggested phrase, so a session reads the same suggestion on every view. */
  readonly seed: string;
  readonly afterLines: number;
}

/** Scores one reply and writes its notes. */
export function scoreReply({ text, at, locale, scenario, answers, first, slaMs, seed, afterLines }: ScoreReplyInput): PracticeReply {
  const review = reviewAgentReply({ text, locale, scenario, seed });
  const notes: string[] = [];
  const oldest = answers[0]?.at;
  const responseMs = oldest === undefined ? null : Math.max(0, at - oldest);
  const time = responseMs === null ? null : timeScore(responseMs, slaMs);
  if (responseMs !== null && time !== null && time < 100)
    notes.push(`${first ? 'First reply' : 'Reply'} after ${Math.round(responseMs / 1000)} s; aim for ${Math.round(slaMs / 1000)} s or less.`);
  const warning = reviewWarning(review);
  if (warning) notes.push(warning);
  const upset = answers.some((answer) => answer.line.upset);
  const empathy = upset ? (review.empathetic ? 100 : 0) : null;
  if (empathy === 0) {
    const suggestion = review.suggestion ?? pickPhrase(toLocale(locale), scenario, seed, EMPATHY_VARIANTS[locale] ? locale : undefined);
    notes.push(`The customer was upset and this ${first ? 'first ' : ''}reply did not acknowledge it. Open with e.g. "${suggestion}"`);
  } else if (empathy === 100) notes.push('You acknowledged how the customer felt.');
  const scores: ReplyScores = { time, tone: TONE_SCORE[review.verdict], empathy };
  return { text, at, responseMs, afterLines, verdict: review.verdict, scores, notes };
}

const mean = (values: readonly { value: number; weight: number }[]): number | null => {
  const total = values.reduce((sum, item) => sum + item.weight, 0);
  return total === 0 ? null : Math.round(values.reduce((sum, item) => sum + item.value * item.weight, 0) / total);
};

/** The session's summary: the marks averaged, the overall score and what to work on. */
export function summarise(session: Pick<PracticeSession, 'replies' | 'lines' | 'deliveredAt'>): PracticeSummary {
  const { replies } = session;
  const time = mean(replies.flatMap((reply) => (reply.scores.time === null ? [] : [{ value: reply.scores.time, weight: 1 }])));
  const tone = mean(replies.map((reply) => ({ value: reply.scores.tone, weight: 1 })));
  const empathy = mean(
    replies.flatMap((reply, index) =>
      reply.scores.empathy === null ? [] : [{ value: reply.scores.empathy, weight: index === 0 ? FIRST_REPLY_EMPATHY_WEIGHT : 1 }],
    ),
  );
  const parts = [
    ...(time === null ? [] : [{ value: time, weight: WEIGHTS.time }]),
    ...(tone === null ? [] : [{ value: tone, weight: WEIGHTS.tone }]),
    ...(empathy === null ? [] : [{ value: empathy, weight: WEIGHTS.empathy }]),
  ];
  const notes: string[] = [];
  if (replies.length === 0) notes.push('No reply was sent: the customer was left without an answer.');
  const lastReply = replies[replies.length - 1];
  if (lastReply && lastReply.afterLines < session.deliveredAt.length) notes.push("The customer's last message went unanswered.");
  if (time !== null && time < 100) notes.push('Work on speed: answer every customer message within the SLA, even if only to say you are checking.');
  if (tone !== null && tone < 100) notes.push('Some replies read as curt or negative: greet, thank, and explain what you will do.');
  if (empathy !== null && empathy < 100) notes.push('When the customer is upset, open by acknowledging the feeling before solving the problem.');
  if (parts.length > 0 && notes.length === 0) notes.push('Fast, courteous and empathetic: well done.');
  const firstTimed = replies.find((reply) => reply.responseMs !== null);
  return {
    overall: mean(parts) ?? 0,
    time,
    tone,
    empathy,
    firstReplyMs: firstTimed?.responseMs ?? null,
    replies: replies.length,
    notes,
  };
}
