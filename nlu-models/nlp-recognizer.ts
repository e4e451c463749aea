/**
 * The recognizer the engine uses: loads a model directory trained ahead of time and answers
 * intent, score, out-of-scope, language and emotion for each message.
 */
import { fileURLToPath } from 'node:url';
import { loadShippedEmotionModels, scoreEmotion } from './emotion/score-emotion.js';
import { forgetLastFeatures, warmUpSegmenter } from './hashed-features.js';
import { NluInputError } from './errors.js';
import type { IntentModel } from './intent-model.js';
import { detectLocale } from './language.js';
import { loadModel, type RejectThresholds } from './model-store.js';
import type { IntentScore, Recognition, RecognizeOptions, Recognizer } from './recognizer.js';
import { DEFAULT_THRESHOLDS, isRejected } from './thresholds.js';

/** Absolute path of the shipped shop bot model (`nlu-models/models/shop`). */
export const defaultShopModelDir: string = fileURLToPath(new URL('./models/shop', import.meta.url));

/** Options of `loadRecognizer`. */
export interface LoadRecognizerOptions {
  /** A directory written by `npm run nlu -- train`; defaults to the shop model. */
  readonly modelDir?: string;
}

/**
 * A Recognizer over one trained ensemble per locale (a linear model over hashed n-grams, nlp.js's neural
 * network and a nearest-neighbour index; jieba cuts Chinese), with out-of-scope thresholds from validation data.
 */
export class NlpRecognizer implements Recognizer {
  readonly locales: readonly string[];
  readonly #models: ReadonlyMap<string, IntentModel>;
  readonly #thresholds: Readonly<Record<string, RejectThresholds>>;

  constructor(locales: readonly string[], models: ReadonlyMap<string, IntentModel>, thresholds: Readonly<Record<string, RejectThresholds>>) {
    this.locales = locales;
    this.#models = models;
    this.#thresholds = thresholds;
  }

  /** The locale of `text` among `locales`; the first locale when nothing decides. */
  detectLanguage(text: string): string {
    return detectLocale(text, this.locales);
  }

  /**
   * Intent, score, out-of-scope, language and emotion of one message.
   * Throws NluInputError when `options.locale` is not one of `locales`.
   */
  async recognize(text: string, options: RecognizeOptions = {}): Promise<Recognition> {
    const locale = options.locale ?? this.detectLanguage(text);
    const model = this.#models.get(locale);
    if (!model) {
      throw new NluInputError(`Locale '${locale}' is not in this model (it has ${this.locales.join(', ')}). Pass one of those, or train the locale.`);
    }
    let classification: ReturnType<IntentModel['classify']>;
    let emotion: Recognition['emotion'];
    try {
      classification = model.classify(text);
      emotion = scoreEmotion(text, locale);
    } finally {
      forgetLastFeatures();
    }
    const alternatives = classification.ranked.slice(0, 5).map((a) => ({ intent: a.intent, score: round(a.score) }));
    const top = alternatives[0] ?? { intent: 'None', score: 0 };
    const outOfScope = isRejected(classification, this.#thresholds[locale] ?? DEFAULT_THRESHOLDS);
    return {
      text,
      locale,
      intent: outOfScope ? 'None' : top.intent,
      score: outOfScope ? noneScore(top, classification.similarity) : top.score,
      outOfScope,
      alternatives,
      emotion,
    };
  }
}

/** Out of scope, the score says how sure we are that it is out of scope. */
function noneScore(top: IntentScore, similarity: number): number {
  if (top.intent === 'None') return top.score;
  return round(1 - top.score * Math.min(1, similarity * 2));
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * Loads a trained model directory (never trains).
 * Throws NluInputError, whose message says how to train one, when the directory holds no model.
 *
 * @example const recognizer = await loadRecognizer({ modelDir: defaultShopModelDir });
 */
export async function loadRecognizer({ modelDir = defaultShopModelDir }: LoadRecognizerOptions = {}): Promise<NlpRecognizer> {
  const { manifest, models } = loadModel(modelDir);
  // Everything the first message would otherwise wait for: jieba's dictionary and the emotion models.
  if (manifest.locales.some((l) => l.startsWith('zh'))) warmUpSegmenter();
  loadShippedEmotionModels();
  return new NlpRecognizer(manifest.locales, models, manifest.thresholds);
}
