/**
 * What a retrain learns from: the corpus rows plus the accepted items' examples (phrasings join their intent,
 * a new intent joins with its examples), less a seeded held-out part of the accepted examples that the gate
 * measures both models on; and the answers of the new FAQ intents per locale. Examples are masked once more
 * (handoff/privacy) before they reach a model file.
 */
import { maskForRecord } from '../../../handoff/privacy/at-rest.js';
import type { AcceptedItem } from '../learning-items.js';
import type { IntentRow } from '../../../nlu-models/jsonl.js';
import { stratifiedSplit } from '../../../nlu-models/split.js';

/** Share of each accepted intent's examples (per locale) held out for the gate; 5 examples hold out 1. */
export const DEFAULT_HELD_OUT_SHARE = 0.2;

export interface AcceptedTrainingSet {
  /** Accepted examples the candidate trains on. */
  readonly train: readonly IntentRow[];
  /** Accepted examples only the gate sees, with whether the intent is new. */
  readonly heldOut: readonly (IntentRow & { readonly isNew: boolean })[];
  /** New FAQ intents' answers: intent -> locale -> text. */
  readonly answers: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Splits accepted items into training and held-out rows (seeded: the same items always split the same way).
 * Examples in a locale the model has no corpus for are left out: the recognizer could never route them.
 */
export function acceptedTrainingSet(items: readonly AcceptedItem[], locales: readonly string[], heldOutShare = DEFAULT_HELD_OUT_SHARE): AcceptedTrainingSet {
  const seen = new Set<string>();
  const rows: (IntentRow & { isNew: boolean })[] = [];
  const answers: Record<string, Record<string, string>> = {};
  for (const item of items) {
    const isNew = item.kind === 'new_intent';
    if (isNew) answers[item.intent] = { ...answers[item.intent], ...item.answers };
    for (const example of item.examples) {
      // Masked already when accepted; again here because a model keeps its training texts (the similarity
      // index) in files that go to Redis and every instance's disk.
      const text = maskForRecord(example.text.trim());
      const { locale } = example;
      const key = `${locale}\u0000${text.toLowerCase()}`;
      if (!locales.includes(locale) || text === '' || seen.has(key)) continue;
      seen.add(key);
      rows.push({ text, intent: item.intent, locale, isNew });
    }
  }
  const { train, heldOut } = stratifiedSplit(rows, (r) => `${r.locale}:${r.intent}`, heldOutShare);
  return { train: train.map(({ text, intent, locale }) => ({ text, intent, locale })), heldOut, answers };
}
