/**
 * The evaluation gate: a retrained candidate is promotable only when it is not worse than the promoted model.
 *
 * - On the dev sets (LEARNING_SETTINGS.devDir, by default `nlu-models/corpora/shop-validation`): in-scope
 *   accuracy and out-of-scope recall may not fall by more than `maxDevDrop` (default one point). On the shop's
 *   dev sets one row of out-of-scope recall is 0.66 point (152 rows): a stricter bound would reject a candidate
 *   for a single borderline question, as it did when two small accepted groups moved one such row while
 *   in-scope accuracy rose by a third of a point (docs/learning-models.md, "Figures").
 * - On the accepted items' held-out part, rows of intents the current model knows: the candidate's accuracy
 *   must be at least the current model's (these are phrasings it got wrong; learning them must not lose ground).
 * - Rows of new intents: the current model cannot know them, so "not worse" means the candidate recognizes
 *   at least `minNewIntentAccuracy` of them (default one half); a new intent it cannot find is not worth an answer.
 */

/** The gate's thresholds (LEARNING_SETTINGS.gate). */
export interface GateSettings {
  readonly maxDevDrop: number;
  readonly minNewIntentAccuracy: number;
}

export const DEFAULT_GATE: GateSettings = { maxDevDrop: 0.01, minNewIntentAccuracy: 0.5 };

/** One model's figures on the dev sets; fractions 0..1, oosRecall null without out-of-scope rows. */
export interface DevFigures {
  readonly rows: number;
  readonly inScopeAccuracy: number;
  readonly macroF1: number;
  readonly oosRecall: number | null;
}

/** Correct predictions on held-out accepted rows. */
export interface HeldOutFigures {
  readonly rows: number;
  readonly current: number;
  readonly candidate: number;
}

/** What the gate measured and decided; stored with the version and shown to the admin. */
export interface GateReport {
  readonly passed: boolean;
  /** Why it failed, one sentence each; empty when it passed. */
  readonly failures: readonly string[];
  readonly devSets: readonly string[];
  readonly dev: { readonly current: DevFigures; readonly candidate: DevFigures };
  /** Held-out rows of intents the current model knows. */
  readonly knownIntents: HeldOutFigures;
  /** Held-out rows of new intents (the current model scores 0 on them by definition). */
  readonly newIntents: HeldOutFigures;
  readonly settings: GateSettings;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const share = (n: number, of: number) => (of === 0 ? 1 : n / of);

/** Applies the rules above to measured figures. */
export function judge(measured: Omit<GateReport, 'passed' | 'failures' | 'settings'>, settings: GateSettings = DEFAULT_GATE): GateReport {
  const { dev, knownIntents, newIntents } = measured;
  const failures: string[] = [];
  if (dev.candidate.inScopeAccuracy < dev.current.inScopeAccuracy - settings.maxDevDrop) {
    failures.push(`dev in-scope accuracy fell from ${pct(dev.current.inScopeAccuracy)} to ${pct(dev.candidate.inScopeAccuracy)}`);
  }
  if (dev.current.oosRecall !== null && (dev.candidate.oosRecall ?? 0) < dev.current.oosRecall - settings.maxDevDrop) {
    failures.push(`dev out-of-scope recall fell from ${pct(dev.current.oosRecall)} to ${pct(dev.candidate.oosRecall ?? 0)}`);
  }
  if (knownIntents.candidate < knownIntents.current) {
    failures.push(
      `held-out phrasings of known intents: ${knownIntents.candidate} of ${knownIntents.rows} right, the current model had ${knownIntents.current}`,
    );
  }
  if (share(newIntents.candidate, newIntents.rows) < settings.minNewIntentAccuracy) {
    failures.push(`held-out phrasings of new intents: ${newIntents.candidate} of ${newIntents.rows} right, under ${pct(settings.minNewIntentAccuracy)}`);
  }
  return { ...measured, passed: failures.length === 0, failures, settings };
}
