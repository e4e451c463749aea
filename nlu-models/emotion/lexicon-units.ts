/**
 * Splitting a message into lexicon units: sentiment words, negators, intensifiers, contrasts and breaks.
 * English goes word by word (phrases first); Chinese by longest substring, since a lexicon word
 * ("不满") may span what jieba would cut differently.
 */
import { EN_ANGER, EN_CONTRASTS, EN_INTENSIFIERS, EN_LEXICON, EN_NEGATORS, EN_UPSET } from './lexicon-en.js';
import { ZH_ANGER, ZH_CONTRASTS, ZH_INTENSIFIERS, ZH_LEXICON, ZH_NEGATORS, ZH_UPSET } from './lexicon-zh.js';

/**
 * One lexicon unit; `shout` marks an English word written in capitals, `anger` a word in which the writer says
 * they are angry (`EN_ANGER`, `ZH_ANGER`), `upset` one in which they say they are upset or complaining
 * (`EN_UPSET`, `ZH_UPSET`): negated, a word of either is a denial ("I'm not angry", "不是投诉").
 */
export type Unit =
  | { kind: 'word'; weight: number; shout: boolean; anger: boolean; upset: boolean }
  | { kind: 'negator' }
  | { kind: 'intensifier'; factor: number }
  | { kind: 'contrast' }
  | { kind: 'other' }
  | { kind: 'break' };

const EN_MAX_PHRASE = 4;
const ZH_MAX_KEY = Math.max(...[...Object.keys(ZH_LEXICON), ...ZH_NEGATORS, ...ZH_CONTRASTS, ...Object.keys(ZH_INTENSIFIERS)].map((k) => k.length));
const BREAK = /^[.,;:!?。，；：！？、\n]+$/u;

/**
 * English units: contractions opened ("don't" → "do not"), "could not be more" read as "extremely" (it negates
 * nothing: "I couldn't be more angry" is no denial), phrases matched before single words.
 */
export function englishUnits(text: string): Unit[] {
  const raw =
    text
      .replace(/\bcan['’]t\b/gi, 'can not')
      .replace(/\bwon['’]t\b/gi, 'will not')
      .replace(/n['’]t\b/gi, ' not')
      .replace(/\b(?:could|can) ?not be (?:any )?more\b/gi, 'extremely')
      .match(/[\p{L}']+|[.,;:!?\n]+/gu) ?? [];
  const units: Unit[] = [];
  for (let i = 0; i < raw.length; ) {
    const token = raw[i] ?? '';
    if (BREAK.test(token)) {
      units.push({ kind: 'break' });
      i += 1;
      continue;
    }
    let matched = false;
    for (let n = Math.min(EN_MAX_PHRASE, raw.length - i); n >= 1 && !matched; n -= 1) {
      const words = raw.slice(i, i + n);
      const key = words.join(' ').toLowerCase().replace(/'/g, '');
      const found = EN_LEXICON[key] !== undefined ? key : n === 1 ? key.replace(/(s|ed|ing)$/, '') : undefined;
      const weight = found === undefined ? undefined : EN_LEXICON[found];
      if (found === undefined || weight === undefined) continue;
      const shout = words.every((w) => w.length >= 3 && w === w.toUpperCase() && w !== w.toLowerCase());
      units.push({ kind: 'word', weight, shout, anger: EN_ANGER.has(found), upset: EN_UPSET.has(found) });
      i += n;
      matched = true;
    }
    if (matched) continue;
    const lower = token.toLowerCase().replace(/'/g, '');
    if (EN_CONTRASTS.has(lower)) units.push({ kind: 'contrast' });
    else if (EN_NEGATORS.has(lower)) units.push({ kind: 'negator' });
    else if (EN_INTENSIFIERS[lower] !== undefined) units.push({ kind: 'intensifier', factor: EN_INTENSIFIERS[lower] });
    else units.push({ kind: 'other' });
    i += 1;
  }
  return units;
}

// A title between 《》 ("绘本《菲菲生气了》有精装版吗"): a book's, a film's or a product's name, not the writer's
// feeling. Bounded and free of its own marks, so an unclosed 《 hides nothing and the match is linear.
const TITLE = /《[^《》\n]{1,40}》/gu;

/** `text` with each title between 《》 emptied to "《》" (see TITLE), for the Chinese lexicon and patterns. */
export function withoutTitles(text: string): string {
  return text.includes('《') ? text.replace(TITLE, '《》') : text;
}

/**
 * Chinese units by greedy longest match over the characters; unknown characters become 'other'. Titles in
 * 《》 are not read (`withoutTitles`). Latin letters are lowercased, so the lexicon's "yyds" also reads
 * "YYDS" and "Yyds".
 */
export function chineseUnits(text: string): Unit[] {
  const chars = [...withoutTitles(text).normalize('NFKC').toLowerCase()];
  const units: Unit[] = [];
  for (let i = 0; i < chars.length; ) {
    let matched = false;
    for (let n = Math.min(ZH_MAX_KEY, chars.length - i); n >= 1 && !matched; n -= 1) {
      const key = chars.slice(i, i + n).join('');
      const weight = ZH_LEXICON[key];
      if (weight !== undefined) units.push({ kind: 'word', weight, shout: false, anger: ZH_ANGER.has(key), upset: ZH_UPSET.has(key) });
      else if (ZH_NEGATORS.has(key)) units.push({ kind: 'negator' });
      else if (ZH_CONTRASTS.has(key)) units.push({ kind: 'contrast' });
      else if (ZH_INTENSIFIERS[key] !== undefined) units.push({ kind: 'intensifier', factor: ZH_INTENSIFIERS[key] });
      else continue;
      i += n;
      matched = true;
    }
    if (matched) continue;
    units.push(BREAK.test(chars[i] ?? '') ? { kind: 'break' } : { kind: 'other' });
    i += 1;
  }
  return units;
}
