/**
 * The emotion scorer: lexicon units combined with negation, intensity, contrast ("good but slow"), sarcasm,
 * long waits, shouting, "!!!" and emoji, plus the log-odds of a model trained on the team's labelled
 * messages and large review and tweet corpora (`emotion-model.ts`). The lexicon carries what the team
 * knows; the model, what tens of thousands of customers wrote.
 */
import type { EmotionReading } from '../recognizer.js';
import { EMOJI_LEXICON, EN_SARCASM } from './lexicon-en.js';
import { ZH_SARCASM } from './lexicon-zh.js';
import { chineseUnits, englishUnits, type Unit, withoutTitles } from './lexicon-units.js';
import { closingPraise, isDemand, patternWeight } from './patterns.js';
import { loadEmotionModels, type EmotionModel } from './emotion-model.js';

/**
 * Score at or below which a message counts as negative when a language has no trained model (the lexicon
 * alone); a trained model brings its own threshold, chosen by cross-validation on the team's messages.
 */
export const NEGATIVE_THRESHOLDS: Readonly<Record<string, number>> = { en: -0.1, zh: -0.1 };

// Loaded on first use: the scorer is a plain function, and most callers never score emotion.
let models: Map<string, EmotionModel> | undefined;

// How many units after a negator it still applies to ("not very happy", "不太满意").
const NEGATION_REACH = 3;

// What went before "but" / "就是" still counts, a little: "good but slow" is a complaint, "slow but good" is not.
const BEFORE_CONTRAST = 0.4;
const AFTER_CONTRAST = 1.3;

/** The lexicon's reading of a message's units: its total, and whether a word of upset in it was negated ("not angry", "没有生气"). */
interface Combined {
  readonly total: number;
  readonly denial: boolean;
}

function combine(units: readonly Unit[], zh: boolean, sarcastic: boolean): Combined {
  let total = 0;
  let negation = 0;
  let intensity = 1;
  let emphasis = 1;
  let denial = false;
  // Praise in a message that also complains, next to a sarcasm cue, is sarcasm: it counts against.
  const ironic = sarcastic && units.some((u) => u.kind === 'word' && u.weight <= -1);
  for (const unit of units) {
    if (unit.kind === 'contrast') {
      total *= BEFORE_CONTRAST;
      emphasis = AFTER_CONTRAST;
      negation = 0;
      intensity = 1;
    } else if (unit.kind === 'break') {
      negation = 0;
      intensity = 1;
    } else if (unit.kind === 'negator') {
      negation = NEGATION_REACH;
    } else if (unit.kind === 'intensifier') {
      intensity *= unit.factor;
    } else if (unit.kind === 'other') {
      if (!zh) negation = Math.max(0, negation - 1);
    } else {
      let w = unit.weight * intensity * (unit.shout ? 1.5 : 1);
      // "not happy" is clearly negative; "not bad" only mildly positive.
      if (negation > 0) {
        denial ||= unit.anger || unit.upset;
        w = w > 0 ? -w * 0.9 : -w * 0.3;
      }
      if (ironic && w > 0) w = -w * 0.5;
      total += w * emphasis;
      negation = 0;
      intensity = 1;
    }
  }
  return { total, denial };
}

function emojiWeight(text: string): number {
  let total = 0;
  for (const [emoji, weight] of Object.entries(EMOJI_LEXICON)) {
    total += weight * Math.min(3, text.split(emoji).length - 1);
  }
  return total;
}

function shouting(text: string): boolean {
  const words = text.match(/\p{L}{3,}/gu) ?? [];
  const caps = words.filter((w) => w === w.toUpperCase() && w !== w.toLowerCase());
  return caps.length >= 2 && caps.length >= words.length * 0.5;
}

/**
 * The lexicon's total for one message, before the model and the squashing to -1..1 (about -3 per strong
 * complaint word). Exported for training, which fits the model's weight against it.
 */
export function lexiconTotal(text: string, locale: string): number {
  const zh = locale.startsWith('zh');
  const lower = text.toLowerCase();
  const cue = [...(zh ? ZH_SARCASM : EN_SARCASM)].some((c) => (zh ? lower.includes(c) : new RegExp(`\\b${c}\\b`).test(lower)));
  const sarcastic = cue || closingPraise(text, zh);
  const patterns = patternWeight(zh ? withoutTitles(text) : text, zh);
  let total = combine(zh ? chineseUnits(text) : englishUnits(text), zh, sarcastic).total + emojiWeight(text) + patterns;
  // Shouting and piled-up punctuation amplify what is already negative; on their own they hint at anger
  // (shouting always, "!!!" in a demand or question: "Just got the job offer!!" is joy).
  const marks = (text.match(/[!！]{2,}|[?？]{2,}|[!！][?？]|[?？][!！]/g) ?? []).length;
  if (shouting(text)) total = total < 0 ? total * 1.4 : total - 1;
  if (marks > 0) total = total < 0 ? total * 1.3 : isDemand(text, zh) ? total - 0.6 : total;
  return total;
}

/**
 * Loads the shipped emotion models now rather than on the first message, so a missing model stops the
 * bot at start (NluInputError saying how to train it) instead of failing a customer's turn.
 */
export function loadShippedEmotionModels(): void {
  models ??= loadEmotionModels();
}

/** Log-odds a question or a short answer without a complaint cue needs before the model's doubt counts (see `modelLogOdds`). */
const QUESTION_DOUBT = 2;
const QUESTION = { zh: /(?:[吗吧呢么][？?。.]?|[？?])\s*$/u, en: /\?\s*$/u };
/**
 * Most units (a Chinese character, or a run of Latin letters or digits) in a short Chinese answer. Chinese
 * only: the English model does not misread short answers, and short English follow-ups ("Still nothing.")
 * are complaints it must keep (complaint F1 0.878 without the rule in English, 0.869 with it).
 */
const SHORT_ANSWER = 6;
/**
 * A polite request for a person ("请让你们经理来一下", "Please put me through to a human agent"): a word of
 * politeness and a person asked for. Reviews name a manager mostly to complain, so the model alone reads the
 * request as anger; an angry request ("叫你们经理出来！", "get me your manager NOW") has a complaint cue or
 * no politeness and keeps the model's full say.
 */
const POLITE_PERSON_REQUEST = {
  // 请 inside 申请 (applied for) is no politeness; a modal is polite only as a request ("Could I", "Would you",
  // "I would like"), not in a complaint ("could not", "said it would arrive", "in May").
  zh: { polite: /(?<!申)请|麻烦|劳驾|能否|能不能|可以|谢谢|多谢|感谢|辛苦|有劳|您(?!好)/u, person: /经理|主管|人工|客服|负责人|领导|店长|真人|工作人员/u },
  en: {
    polite: /\b(?:please|pls|(?:could|may|would)\s+(?:i|we|you|someone|somebody|it\s+be)|would like|thanks|thank you|if possible|if that's okay)\b/i,
    person: /\b(?:manager|supervisor|human|person|agent|someone|staff|team leader|rep)\b/i,
  },
};

/** At most SHORT_ANSWER units: Chinese characters one each, runs of letters or digits one each (linear, stops early). */
function isShortAnswer(text: string): boolean {
  let units = 0;
  for (const _ of text.matchAll(/\p{Script=Han}|[\p{L}\p{N}]+/gu)) if (++units > SHORT_ANSWER) return false;
  return units > 0;
}

/**
 * True when `text` holds a word in which the writer says they are angry or fed up (`ZH_ANGER`, `EN_ANGER`:
 * "我要气疯了", "受够了", "I'm livid"), negated or not: `modelLogOdds` reads it only beside a negative total.
 */
export function statesAnger(text: string, locale: string): boolean {
  const units = locale.startsWith('zh') ? chineseUnits(text) : englishUnits(text);
  return units.some((u) => u.kind === 'word' && u.anger);
}

/**
 * True when the lexicon reads a word of upset or anger of `text` under negation (`EN_UPSET`, `ZH_UPSET`, the
 * anger words), a denial ("I'm not angry", "not complaining", "我没有生气", "不是投诉"): `modelLogOdds` reads it
 * only beside a total not below 0.
 */
export function deniesUpset(text: string, locale: string): boolean {
  const zh = locale.startsWith('zh');
  return combine(zh ? chineseUnits(text) : englishUnits(text), zh, false).denial;
}

/**
 * The model's log-odds as the scorer uses them. Stated anger ("我要气疯了，快点给我转客服人员！！") is not lifted:
 * when the lexicon's total is negative and holds an anger word (`statesAnger`), a model that reads the message
 * as calm says nothing (0), and the lexicon's reading stands. The Chinese model learned that a demand for
 * 客服 or 人工 is calm, weighs that at 4 lexicon units a log-odd, and lifted the message above from -5.2 to
 * neutral; a calm request for a person holds no anger word and is doubted as before. Denied upset is not pulled
 * down either: when the total is not below 0 and the lexicon reads a word of upset under negation (`deniesUpset`),
 * a model that reads the message as upset says nothing: it reads the word, not the negation, and scored "I'm not
 * angry, just asking when it ships" -0.95 and "不是投诉，就想问问" -1. A question or a short Chinese answer ("破壁机，灰色", "陈杰")
 * with no complaint cue (the lexicon's total not below 0) keeps only what exceeds QUESTION_DOUBT: the model
 * learned from reviews and tweets, where nobody asks "这双鞋有黑色的吗？" or answers the bot's questions, and
 * it took shop questions about colours and sizes, and bare product names and "不是", for the complaints
 * reviews make about them (10 % of calm Chinese shop questions flagged; 0.4 % with the doubt, complaint F1
 * unchanged). A polite request for a person (POLITE_PERSON_REQUEST) is doubted the same way: with the
 * retrained models, calm Chinese requests of the check set scored negative fall from 5 % to 1.7 %, angry
 * ones unchanged, team figures within a row (docs/nlu-emotion-person-requests.md).
 */
export function modelLogOdds(text: string, locale: string, total: number, logOdds: number): number {
  if (total < 0 && logOdds < 0 && statesAnger(text, locale)) return 0;
  if (total >= 0 && logOdds > 0 && deniesUpset(text, locale)) return 0;
  if (total < 0 || logOdds <= 0) return logOdds;
  const trimmed = text.trim();
  const zh = locale.startsWith('zh');
  const request = POLITE_PERSON_REQUEST[zh ? 'zh' : 'en'];
  const politeRequest = request.polite.test(trimmed) && request.person.test(trimmed);
  if (!QUESTION[zh ? 'zh' : 'en'].test(trimmed) && !(zh && isShortAnswer(trimmed)) && !politeRequest) return logOdds;
  return Math.max(logOdds - QUESTION_DOUBT, 0);
}

/**
 * The score from a lexicon total and a model's log-odds: -1..1, negative below 0. The model learned "upset"
 * against "not upset": it may pull a message down, and lift one the lexicon misread ("忘记密码") up to
 * neutral, but not above what the lexicon says: a calm question is neutral (0), not happy.
 */
export function emotionScore(total: number, logOdds: number, weight: number): number {
  const pulled = total - weight * logOdds;
  return Math.tanh((logOdds > 0 ? pulled : Math.min(pulled, Math.max(total, 0))) / 3);
}

/**
 * Emotion of one message in `locale` ('zh…' or anything else as English).
 * Throws NluInputError on first use when the shipped emotion model is missing.
 * @example scoreEmotion('我不太满意', 'zh') // { score: -0.5…, negative: true }
 */
export function scoreEmotion(text: string, locale: string): EmotionReading {
  models ??= loadEmotionModels();
  return scoreEmotionWith(models, text, locale);
}

/**
 * `scoreEmotion` with other models than the shipped ones (a retrained candidate, to compare it before it
 * replaces them); a language without a model is scored by the lexicon alone.
 */
export function scoreEmotionWith(trained: ReadonlyMap<string, EmotionModel>, text: string, locale: string): EmotionReading {
  const language = locale.startsWith('zh') ? 'zh' : 'en';
  const model = trained.get(language);
  const total = lexiconTotal(text, language) * (model?.settings.lexicon ?? 1);
  const weight = model?.settings.weight ?? 0;
  const score = emotionScore(total, model && weight > 0 ? modelLogOdds(text, language, total, model.logOdds(text)) : 0, weight);
  const threshold = model?.settings.threshold ?? NEGATIVE_THRESHOLDS[language] ?? -0.1;
  return { score: Math.round(score * 1000) / 1000, negative: score <= threshold };
}
