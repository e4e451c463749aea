/**
 * Prints, per language, the negative-score threshold that maximizes F1 on the team-written emotion corpus
 * (`corpora/emotion/<locale>.jsonl` and the later-written `<locale>-validation.jsonl`). Copy the result into NEGATIVE_THRESHOLDS in `emotion/score-emotion.ts`.
 * Never point it at the measure-only sets (waimai_10k, tweeteval): they may be measured, not fitted.
 * Run: `npx tsx nlu-models/scripts/calibrate-emotion.ts`.
 */
import { fileURLToPath } from 'node:url';
import { readEmotionRows } from '../jsonl.js';
import { scoreEmotion } from '../emotion/score-emotion.js';

for (const locale of ['en', 'zh']) {
  const rows = ['', '-validation'].flatMap((suffix) => readEmotionRows(fileURLToPath(new URL(`../corpora/emotion/${locale}${suffix}.jsonl`, import.meta.url))));
  const scored = rows.map((r) => ({ gold: r.negative, score: scoreEmotion(r.text, locale).score }));
  const results: Array<{ threshold: number; f1: number }> = [];
  for (let t = -0.8; t <= 0.001; t += 0.05) {
    const tp = scored.filter((r) => r.gold && r.score <= t).length;
    const fp = scored.filter((r) => !r.gold && r.score <= t).length;
    const fn = scored.filter((r) => r.gold && r.score > t).length;
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    results.push({ threshold: Math.round(t * 100) / 100, f1 });
  }
  // The middle of the best plateau, so the threshold is not at the edge of what a small corpus supports.
  const top = Math.max(...results.map((r) => r.f1));
  const plateau = results.filter((r) => r.f1 === top);
  const best = plateau[Math.floor(plateau.length / 2)] ?? { threshold: -0.2, f1: 0 };
  console.log(`${locale}: threshold ${best.threshold} (F1 ${best.f1.toFixed(3)} on ${rows.length} team rows)`);
}
