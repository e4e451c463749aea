/**
 * The coach's reading of an agent's reply before it goes out: is it curt or negative, does it acknowledge
 * how the customer feels, and which empathy phrase (in the customer's language, for the conversation's
 * scenario) would open it better. Used by the desks (a warning on a draft) and by practice mode (the
 * trainee's score), so both judge a reply the same way.
 *
 * The emotion model alone misses most curt service replies ("No.", "Read the FAQ.", "不知道" score 0), so
 * the review adds what service coaching looks for: dismissive phrases, a bare reply with no courtesy at
 * all, and shouting. Every check is one pass of a plain alternation over at most `REVIEWED_CHARACTERS`.
 */
import { detectScenario } from '../../dialogs/empathy/detect-scenario.js';
import { EMPATHY_VARIANTS, type EmpathyScenario, pickPhrase } from '../../dialogs/empathy/phrases.js';
import { toLocale } from '../../dialogs/locale.js';
import type { EmotionReading } from '../../nlu-models/recognizer.js';
import { scoreEmotion } from '../../nlu-models/emotion/score-emotion.js';

/** Agents' replies are bounded by the desks; the review reads no more than this of one. */
export const REVIEWED_CHARACTERS = 2_000;

/** Why a reply was flagged. */
export type ReviewReason = 'negative_tone' | 'dismissive' | 'bare' | 'shouting';

/** What the coach makes of one reply. */
export interface ReplyReview {
  /** `ok` goes out without a word; `curt` and `negative` get a warning (the agent may still send). */
  readonly verdict: 'ok' | 'curt' | 'negative';
  readonly reasons: readonly ReviewReason[];
  /** The emotion model's reading of the reply itself. */
  readonly emotion: EmotionReading;
  /** Greets, thanks, asks politely or apologises. */
  readonly courteous: boolean;
  /** Acknowledges the customer's feeling ("I understand", "sorry for the wait", "理解您的心情"). */
  readonly empathetic: boolean;
  readonly scenario: EmpathyScenario;
  /** An empathy phrase in the customer's language to open the reply with; set whenever the verdict is not ok. */
  readonly suggestion?: string;
}

export interface ReviewInput {
  /** The agent's draft. */
  readonly text: string;
  /** The customer's language tag ('en', 'zh', 'en-GB', 'zh-TW'): the suggestion is written in it. */
  readonly locale: string;
  /** The conversation's scenario; default: detected from `customerText`, else generic. */
  readonly scenario?: EmpathyScenario;
  /** The customer's latest message(s), for the scenario when none is given. */
  readonly customerText?: string;
  /** Picks among a scenario's phrasings, so the same ticket gets the same suggestion (e.g. the ticket id). */
  readonly seed?: string;
}

// "whatever" brushes off only on its own ("Ok, whatever."); "whatever you need" is an offer.
const DISMISSIVE_EN =
  /\b(not my (problem|job|fault|department)|nothing (i|we) can do|(read|check) the (faq|website|terms|policy|page)|i (already|just) (told|said)|as i (said|told you)|calm down|you should have|whatever(?=\s*(?:[.!?,;]|$))|deal with it|(that'?s|it'?s) (just )?(the|our) policy|not our fault|figure it out|no idea|i don'?t know|can'?t help( you)?|stop (asking|messaging|writing)|like everyone else|your problem|too bad)\b/i;
const DISMISSIVE_ZH =
  /不知道|没办法|沒辦法|自己看|你自己|我已经说过|我已經說過|说过了|說過了|不归我管|不歸我管|随便|隨便|爱买不买|愛買不買|等着吧|等著吧|别问了|別問了|不关我|不關我|跟我没关系|跟我沒關係|规定就是规定|看不懂吗|听不懂|聽不懂|没空|沒空|蠢|别烦|別煩|烦不烦|煩不煩|无语|無語/;

const COURTESY_EN = /\b(please|thanks?|thank you|sorry|apologi[sz]e|apologies|hi|hello|dear|happy to|glad to|appreciate|welcome|understand)\b/i;
const COURTESY_ZH = /您|请|請|谢谢|謝謝|感谢|感謝|抱歉|不好意思|理解|麻烦|麻煩|亲|親|欢迎|歡迎/;

const EMPATHY_EN =
  /\b(sorry|apologi[sz]e|apologies|i understand|i can understand|i hear you|frustrat\w*|thank you for your patience|thanks for your patience|appreciate your patience|i know how)\b/i;
const EMPATHY_ZH = /抱歉|理解|不好意思|让您久等|讓您久等|辛苦|着急|著急|给您带来|給您帶來|体谅|體諒/;

// The model's `negative` mark is tuned to catch upset customers early, so plain facts in an agent's
// reply ("Your parcel left the warehouse today." -0.20, "您的包裹今天已经从仓库发出。" -0.56) would cross
// it; rude or hostile replies score -0.9 and below. A draft is negative only when clearly so.
const NEGATIVE_DRAFT_SCORE = -0.7;

// A reply this short with no courtesy at all reads as curt ("No.", "Wait.", "明天发货"). Three English words
// are about five Chinese characters: "我们正在处理。" (six, "We are handling it.") is a status, not curt.
const BARE_WORDS_EN = 3;
const BARE_CHARACTERS_ZH = 5;

function isShouting(text: string): boolean {
  let letters = 0;
  let upper = 0;
  for (const ch of text) {
    if (ch >= 'a' && ch <= 'z') letters++;
    else if (ch >= 'A' && ch <= 'Z') {
      letters++;
      upper++;
    }
  }
  return (letters >= 8 && upper / letters >= 0.7) || /[!！]{2,}/.test(text);
}

function isBare(text: string, zh: boolean): boolean {
  if (zh) return text.replace(/[\s\p{P}\p{S}]/gu, '').length <= BARE_CHARACTERS_ZH;
  return text.split(/\s+/).filter((word) => /\p{L}|\p{N}/u.test(word)).length <= BARE_WORDS_EN;
}

/**
 * Reviews one reply.
 *
 * @example reviewAgentReply({ text: 'Read the FAQ.', locale: 'en' }).verdict // 'curt'
 */
export function reviewAgentReply({ text: draft, locale, scenario, customerText, seed = '' }: ReviewInput): ReplyReview {
  const text = draft.slice(0, REVIEWED_CHARACTERS).trim();
  const base = toLocale(locale);
  // The draft's own script decides the checks: an agent may answer a zh-TW customer in English.
  const zh = /\p{Script=Han}/u.test(text) || (base === 'zh' && !/[a-z]{3}/i.test(text));
  const emotion = scoreEmotion(text, zh ? 'zh' : 'en');
  const courteous = (zh ? COURTESY_ZH : COURTESY_EN).test(text) || COURTESY_EN.test(text);
  const empathetic = (zh ? EMPATHY_ZH : EMPATHY_EN).test(text) || EMPATHY_EN.test(text);
  const reasons: ReviewReason[] = [];
  // Naming the customer's feeling ("I understand how frustrating this is") reads negative to the model; it is empathy.
  if (emotion.score <= NEGATIVE_DRAFT_SCORE && !empathetic) reasons.push('negative_tone');
  if (DISMISSIVE_EN.test(text) || DISMISSIVE_ZH.test(text)) reasons.push('dismissive');
  if (!courteous && isBare(text, zh)) reasons.push('bare');
  if (isShouting(text)) reasons.push('shouting');
  const verdict = reasons.length === 0 ? 'ok' : reasons.includes('negative_tone') ? 'negative' : 'curt';
  const chosen = scenario ?? detectScenario(undefined, (customerText ?? '').slice(0, REVIEWED_CHARACTERS));
  const market = EMPATHY_VARIANTS[locale] ? locale : undefined;
  return {
    verdict,
    reasons,
    emotion,
    courteous,
    empathetic,
    scenario: chosen,
    ...(verdict === 'ok' ? {} : { suggestion: pickPhrase(base, chosen, seed, market) }),
  };
}

/** The warning an agent reads beside a flagged draft, in English (the desks' language). */
export function reviewWarning(review: ReplyReview): string | undefined {
  if (review.verdict === 'ok') return undefined;
  const why: Record<ReviewReason, string> = {
    negative_tone: 'reads as negative',
    dismissive: 'sounds dismissive',
    bare: 'is very short, with no greeting, thanks or apology',
    shouting: 'reads as shouting',
  };
  const reasons = review.reasons.map((reason) => why[reason]).join(' and ');
  return `This reply ${reasons}. Consider opening with: "${review.suggestion}"`;
}
