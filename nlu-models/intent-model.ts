/**
 * One locale's intent classifier: nlp.js's neural network over `features.ts` features, plus the
 * nearest-neighbour similarity that catches out-of-scope messages. Trained by `train.ts`, saved as JSON.
 */
import { NeuralNetwork, type NeuralStatus } from '@nlpjs/neural';
import { featuresOf } from './features.js';
import { SimilarityIndex } from './similarity-index.js';
import type { IntentScore } from './recognizer.js';

/** What one locale's model file holds. */
export interface IntentModelJson {
  readonly locale: string;
  readonly intents: readonly string[];
  readonly neural: unknown;
  /** The training utterances and their intents, kept so the similarity index is rebuilt at load. */
  readonly texts: readonly string[];
  readonly labels: readonly string[];
}

/** The classifier's view of one message before the out-of-scope decision. */
export interface Classification {
  /** All intents, best first; scores are shares of the squared outputs (sum to 1), as nlp.js normalizes. */
  readonly ranked: readonly IntentScore[];
  /** Cosine similarity (0..1) to the closest training utterance. */
  readonly similarity: number;
}

/** Most training epochs per locale (nlp.js allows 20,000; the loss reaches its threshold within a few hundred). */
export const MAX_EPOCHS = 1500;
// nlp.js's NeuralNetwork defaults apart from the epoch cap.
const NEURAL_SETTINGS = { iterations: MAX_EPOCHS, errorThresh: 0.00005, deltaErrorThresh: 0.000001, learningRate: 0.6, momentum: 0.5, alpha: 0.07 };

/** A trained intent classifier for one locale. */
export class IntentModel {
  readonly #net: NeuralNetwork;
  readonly #index: SimilarityIndex;
  readonly #json: IntentModelJson;

  private constructor(json: IntentModelJson, net: NeuralNetwork) {
    this.#json = json;
    this.#net = net;
    this.#index = new SimilarityIndex(json.texts, json.labels, json.locale);
  }

  /** The locale this model classifies. */
  get locale(): string {
    return this.#json.locale;
  }

  /**
   * Trains on `examples` of one locale. `onEpoch` receives each epoch's number and loss (for a progress bar).
   * Rows with intent 'None' train a 'None' class, which the recognizer treats as out of scope.
   */
  static train(
    locale: string,
    examples: ReadonlyArray<{ text: string; intent: string }>,
    onEpoch?: (epoch: number, loss: number) => void,
  ): IntentModel {
    const net = new NeuralNetwork({
      ...NEURAL_SETTINGS,
      log: onEpoch ? (status: NeuralStatus) => onEpoch(status.iterations, status.error) : false,
    });
    const corpus = examples.map((e) => ({ input: featuresOf(e.text, locale), output: { [e.intent]: 1 } }));
    net.train(corpus.filter((c) => Object.keys(c.input).length > 0));
    const intents = [...new Set(examples.map((e) => e.intent))].sort();
    const inScope = examples.filter((e) => e.intent !== 'None');
    const json = { locale, intents, neural: net.toJSON(), texts: inScope.map((e) => e.text), labels: inScope.map((e) => e.intent) };
    return new IntentModel(json, net);
  }

  /** Restores a model saved with `toJSON`. */
  static fromJSON(json: IntentModelJson): IntentModel {
    const net = new NeuralNetwork();
    net.fromJSON(json.neural);
    return new IntentModel(json, net);
  }

  /** The model as plain JSON, for `model-store.ts`. */
  toJSON(): IntentModelJson {
    return this.#json;
  }

  /**
   * Scores every intent for `text` with the neural network (shares of squared outputs, as nlp.js
   * normalizes) and measures the similarity to the closest training utterance. No known word gives 'None'.
   */
  classify(text: string): Classification {
    const similarity = Math.max(0, ...this.#index.nearestByIntent(text).values());
    const outputs = this.#net.run(featuresOf(text, this.locale)) ?? {};
    const neural = shares(new Map(Object.entries(outputs)));
    if (neural.size === 0) return { ranked: [{ intent: 'None', score: 1 }], similarity };
    const ranked = [...neural].map(([intent, score]) => ({ intent, score })).sort((a, b) => b.score - a.score);
    return { ranked, similarity };
  }
}

/** Values raised to `power` as shares of their sum (nlp.js squares); empty when all are zero. */
function shares(values: ReadonlyMap<string, number>, power = 2): Map<string, number> {
  let total = 0;
  for (const v of values.values()) total += v ** power;
  const out = new Map<string, number>();
  if (total > 0) for (const [k, v] of values) out.set(k, v ** power / total);
  return out;
}
