/**
 * Writes `corpora/emotion/{en,zh}-person-requests.jsonl` (training rows) and
 * `corpora/emotion-dev/{en,zh}-person-requests-check.jsonl` (check set, never trained on): customers asking
 * for a person, a manager, a supervisor, a human agent, 人工, 经理, 主管, 客服. Calm and polite requests are
 * not negative ("Could I speak to a manager, please?", "麻烦帮我转人工"); angry ones that also ask for a
 * manager are ("This is ridiculous, get me your manager NOW", "太过分了，叫你们经理出来！"). The review corpus
 * taught the Chinese model that 经理 is a complaint (19 of its 24 reviews naming one are negative), so a
 * polite "请让你们经理来一下" was queued as an upset customer (-0.80).
 *
 * The training rows also hold complaints about the people a customer was put through to, with no request
 * ("转了五次人工，问题还是没解决", "Your manager promised a callback a week ago and never called."), negative:
 * with the calm requests alone the model learned "人工" and "转" as calm words, and the team's dev set of
 * messages to companies lost complaints about hotlines and transfers (Chinese F1 0.920 to 0.910).
 *
 * Hand-written templates filled by a seeded generator. The training rows and the check set use different
 * templates, and every context bank (greetings, topics, thanks, anger) is cut in two (even places train,
 * odd places check); only the words for the person asked for are shared, since they are what is learned.
 * No line of either set repeats a line of `corpora/emotion/` or `corpora/emotion-dev/`, and the requests
 * named in `emotion.test.ts` are left out of the training rows, so that test stays a test. Check rows carry
 * `domain`: `calm` or `angry`. Run: `npx tsx nlu-models/scripts/build-person-requests.ts`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../linear-model.js';
import { EN_PERSON_REQUESTS, GUARDED, type RequestBank, type RequestKind, ZH_PERSON_REQUESTS } from './person-request-phrases.js';

const corpora = fileURLToPath(new URL('../corpora', import.meta.url));
/** Rows per part and kind (complaints train only: the dev set's messages to companies measure them). */
const COUNTS = { train: { calm: 200, angry: 100, complaint: 80 }, check: { calm: 120, angry: 50, complaint: 0 } } as const;

type Part = 'train' | 'check';

const half = (list: readonly string[], part: Part): string[] => list.filter((_, i) => i % 2 === (part === 'train' ? 0 : 1));

/** `count` distinct lines of one kind: every template in turn, so no phrasing dominates; slots drawn at random. */
function build(bank: RequestBank, kind: RequestKind, part: Part, seed: number, taken: ReadonlySet<string>): string[] {
  const random = mulberry32(seed);
  const templates = bank.templates[kind][part];
  const pick = (slot: string): string => {
    const shared = bank.shared[slot];
    const values = shared ?? half(bank.context[slot] ?? [], part);
    if (values.length === 0) throw new Error(`No values for slot {${slot}}: add it to the bank's shared or context lists.`);
    return values[Math.floor(random() * values.length)] ?? '';
  };
  const fill = (text: string): string => text.replace(/\{(\w+)\}/g, (_, slot: string) => fill(pick(slot)));
  const count = COUNTS[part][kind];
  const out = new Set<string>();
  for (let i = 0; out.size < count && i < count * 40; i++) {
    const text = fill(templates[i % templates.length] ?? '');
    // The test's own requests may be checked here, never trained on.
    if (!taken.has(text) && !(part === 'train' && GUARDED.has(text))) out.add(text);
  }
  if (out.size < count) throw new Error(`Only ${out.size} distinct ${part} ${kind} lines for ${bank.locale}: add templates or values.`);
  return [...out];
}

const textsIn = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl') && !n.includes('person-requests'))
    .flatMap((n) =>
      readFileSync(join(dir, n), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { text: string }).text),
    );

const taken = new Set([...textsIn(join(corpora, 'emotion')), ...textsIn(join(corpora, 'emotion-dev'))]);
for (const [bank, seed] of [
  [EN_PERSON_REQUESTS, 3100],
  [ZH_PERSON_REQUESTS, 3101],
] as const) {
  const { locale } = bank;
  const trainCalm = build(bank, 'calm', 'train', seed, taken);
  const trainAngry = build(bank, 'angry', 'train', seed + 1, new Set([...taken, ...trainCalm]));
  const trainComplaints = build(bank, 'complaint', 'train', seed + 2, new Set([...taken, ...trainCalm, ...trainAngry]));
  const trained = new Set([...taken, ...trainCalm, ...trainAngry, ...trainComplaints]);
  const checkCalm = build(bank, 'calm', 'check', seed + 50, trained);
  const checkAngry = build(bank, 'angry', 'check', seed + 51, new Set([...trained, ...checkCalm]));
  const line = (text: string, negative: boolean, domain?: string) => JSON.stringify(domain ? { text, negative, locale, domain } : { text, negative, locale });
  const train = [...trainCalm.map((t) => line(t, false)), ...[...trainAngry, ...trainComplaints].map((t) => line(t, true))];
  const check = [...checkCalm.map((t) => line(t, false, 'calm')), ...checkAngry.map((t) => line(t, true, 'angry'))];
  writeFileSync(join(corpora, 'emotion', `${locale}-person-requests.jsonl`), `${train.join('\n')}\n`);
  writeFileSync(join(corpora, 'emotion-dev', `${locale}-person-requests-check.jsonl`), `${check.join('\n')}\n`);
  console.log(
    `${locale}: training ${trainCalm.length} calm, ${trainAngry.length} angry, ${trainComplaints.length} complaints; check ${checkCalm.length} calm, ${checkAngry.length} angry`,
  );
}
