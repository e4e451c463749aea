/**
 * The emotion scorer: lexicon units combined with negation, intensity, shouting, "!!!" and emoji.
 * Rules rather than a trained model because the only labelled emotion data at hand is measure-only.
 */
import type { EmotionReading } from '../recognizer.js';
import { EMOJI_LEXICON } from './lexicon-en.js';
import { chineseUnits, englishUnits, type Unit } from './lexicon-units.js';

/**
 * Score at or below which a message counts as negative, per language; chosen on the team-written
 * corpus in `corpora/emotion/` (see `scripts/calibrate-emotion.ts`), never on the measure-only sets.
 */
export const NEGATIVE_THRESHOLDS: Readonly<Record<string, number>> = { en: -0.1, zh: -0.25 };

// How many units after a negator it still applies to ("not very happy", "不太满意").
const NEGATION_REACH = 3;

function combine(units: readonly Unit[], zh: boolean): number {
  let total = 0;
  let negation = 0;
  let intensity = 1;
  for (const unit of units) {
    if (unit.kind === 'break') {
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
      if (negation > 0) w = w > 0 ? -w * 0.9 : -w * 0.3;
      total += w;
      negation = 0;
      intensity = 1;
    }
  }
  return total;
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
 * Emotion of one message in `locale` ('zh…' or anything else as English).
 * @example scoreEmotion('我不太满意', 'zh') // { score: -0.5…, negative: true }
 */
export function scoreEmotion(text: string, locale: string): EmotionReading {
  const zh = locale.startsWith('zh');
  let total = combine(zh ? chineseUnits(text) : englishUnits(text), zh) + emojiWeight(text);
  // Shouting and piled-up punctuation amplify what is already negative, and hint at anger on their own.
  const marks = (text.match(/[!！]{2,}|[?？]{2,}|[!！][?？]|[?？][!！]/g) ?? []).length;
  if (shouting(text)) total = total < 0 ? total * 1.4 : total - 1;
  if (marks > 0) total = total < 0 ? total * 1.3 : total - 0.6;
  const score = Math.tanh(total / 3);
  const threshold = NEGATIVE_THRESHOLDS[zh ? 'zh' : 'en'] ?? -0.2;
  return { score: Math.round(score * 1000) / 1000, negative: score <= threshold };
}
