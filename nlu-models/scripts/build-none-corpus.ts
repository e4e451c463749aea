/**
 * Writes `corpora/shop/none-clinc150.jsonl`: general-purpose requests from CLINC150's training split
 * (banking, travel, cooking, small talk...) relabelled `None`, so the shop model learns what out of scope
 * looks like instead of only measuring distance from its own intents.
 *
 * Every tenth row of each kept intent (10 of 100): with more, "None" outweighs the 27 shop intents and
 * takes customers' own phrasings ("do you accept visa" looks like a travel visa); with 10, the shop keeps 87 %
 * of the team-written held-out phrasings and still rejects every CLINC150 val out-of-scope question.
 * Intents a shop customer could mean are left out, or the shop would learn to reject its own questions:
 * order_status and order (track_order, place_order), order_checks (the word "order"), card_declined
 * (payment_issue), change_user_name, user_name and account_blocked (edit_account, registration_problems),
 * and the dialog words (yes, no, maybe, cancel, repeat, greeting, goodbye, thank_you) the dialogs read themselves.
 * Deterministic. Run from the repository root: `npx tsx nlu-models/scripts/build-none-corpus.ts [CLINC150_TRAIN]`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readIntentRows } from '../jsonl.js';

const EXCLUDED = new Set([
  'order_status',
  'order',
  'order_checks',
  'card_declined',
  'change_user_name',
  'user_name',
  'account_blocked',
  'yes',
  'no',
  'maybe',
  'cancel',
  'repeat',
  'greeting',
  'goodbye',
  'thank_you',
]);
const EVERY = 10;

const source = process.argv[2] ?? '../shared/data/clinc150/train.jsonl';
const seen = new Map<string, number>();
const rows: string[] = [];
for (const row of readIntentRows(source)) {
  if (EXCLUDED.has(row.intent)) continue;
  const n = seen.get(row.intent) ?? 0;
  seen.set(row.intent, n + 1);
  if (n % EVERY === 0) rows.push(JSON.stringify({ text: row.text, intent: 'None', locale: 'en' }));
}
const out = fileURLToPath(new URL('../corpora/shop/none-clinc150.jsonl', import.meta.url));
writeFileSync(out, `${rows.join('\n')}\n`);
console.log(`${rows.length} rows from ${seen.size} CLINC150 intents written to ${out}`);
