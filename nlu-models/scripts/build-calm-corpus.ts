/**
 * Writes `corpora/emotion/<locale>-shop-calm.jsonl`: ordinary shop requests from the intent corpora, labelled
 * not negative, so the emotion model learns that a question about payment methods or delivery times is calm.
 * Without them it saw few plain questions and read "你们支持哪些付款方式?" as a complaint.
 * Every phrase of the intents whose requests are calm by nature; complaints, payment failures,
 * registration problems, refunds still awaited, reviews, asks for a person and out-of-scope rows are left out,
 * since customers write those upset as often as not.
 * Deterministic. Run from the repository root: `npx tsx nlu-models/scripts/build-calm-corpus.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readIntentRows } from '../jsonl.js';

const LEFT_OUT = new Set(['complaint', 'payment_issue', 'registration_problems', 'track_refund', 'review', 'contact_human_agent', 'None']);
const EVERY = 1;

for (const [locale, source] of [
  ['zh', 'zh.jsonl'],
  ['en', 'en-team.jsonl'],
] as const) {
  const rows = readIntentRows(fileURLToPath(new URL(`../corpora/shop/${source}`, import.meta.url)));
  const calm = rows.filter((r, i) => !LEFT_OUT.has(r.intent) && i % EVERY === 0);
  const out = fileURLToPath(new URL(`../corpora/emotion/${locale}-shop-calm.jsonl`, import.meta.url));
  writeFileSync(out, calm.map((r) => JSON.stringify({ text: r.text, negative: false, locale })).join('\n') + '\n');
  console.log(`${calm.length} calm ${locale} requests written to ${out}`);
}
