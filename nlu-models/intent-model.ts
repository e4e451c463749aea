/**
 * One locale's intent classifier: a linear model over hashed n-grams, nlp.js's neural network over
 * stemmed words, the nearest-neighbour similarity index and, for English, a small network over word
 * vectors; mixed by `ensemble.ts`. The similarity to the closest training utterance also feeds the
 * out-of-scope decision. Trained by `train.ts`, saved by `model-store.ts` (JSON for the small parts, bytes
 * for the weights of the linear model and of the word-vector network).
 */
import { NeuralNetwork } from '@nlpjs/neural';
import { DEFAULT_ENSEMBLE, combine, type EnsembleSettings, type Views } from './ensemble.js';
import { featuresOf } from './features.js';
import { featureNames, hashedFeatures } from './hashed-features.js';
import { LinearModel } from './linear-model.js';
import { SimilarityIndex } from './similarity-index.js';
import type { IntentScore } from './recognizer.js';
import { DenseModel } from './dense-model.js';
import { sentenceVector, type WordWeights, wordWeights } from './sentence-vectors.js';
import { type WordVectors, englishWordVectors } from './word-vectors.js';

/** What one locale's model file holds (the linear weights live beside it, see `model-store.ts`). */
export interface IntentModelJson {
  readonly locale: string;
  /** Every class the models know, sorted; 'None' among them when out-of-scope rows were trained. */
  readonly intents: readonly string[];
  /** Hash buckets of the linear model: 2 ** bits. */
  readonly bits: number;
  readonly ensemble: EnsembleSettings;
  /** nlp.js's network as its `toJSON` writes it. */
  readonly neural: unknown;
  /** The in-scope training utterances and their intents, kept so the similarity index is rebuilt at load. */
  readonly texts: readonly string[];
  readonly labels: readonly string[];
  /** The word-vector network's shape and word weights (its weights live beside, see `model-store.ts`); absent without one. */
  readonly dense?: DenseShape;
}

/** What the word-vector network needs beside its weights. */
export interface DenseShape {
  readonly inputs: number;
  readonly hidden: number;
  readonly words: WordWeights;
  /** The signature of the word-vector table it was trained on (`WordVectors.signature`). */
  readonly table?: string;
}

/** The word-vector table a network was trained on; RangeError when the installed one is another. */
function matchingTable(shape: DenseShape, locale: string): WordVectors {
  const vectors = englishWordVectors();
  if (shape.inputs !== 2 * vectors.dimensions || (shape.table !== undefined && shape.table !== vectors.signature)) {
    throw new RangeError(
      `the ${locale} model's word-vector network was trained on another word-vector table (${shape.table ?? `${shape.inputs / 2} dimensions`}) than the one installed (${vectors.signature}); retrain it with npm run nlu -- train`,
    );
  }
  return vectors;
}

/** Hidden units of the word-vector network: 150 train in half the time of 300 and mix as well on CLINC150 val (docs/nlu-clinc150.md). */
export const DENSE_HIDDEN = 150;

/** The classifier's view of one message before the out-of-scope decision. */
export interface Classification {
  /** All intents, best first; scores are the ensemble's probabilities (sum to 1). */
  readonly ranked: readonly IntentScore[];
  /** Cosine similarity (0..1) to the closest training utterance. */
  readonly similarity: number;
}

/** Most epochs of nlp.js's network (it allows 20,000; the loss reaches its threshold within a few hundred). */
export const MAX_EPOCHS = 1500;
/** Epochs of the linear model: its validation accuracy stops moving after about twenty. */
export const LINEAR_EPOCHS = 25;
// nlp.js's NeuralNetwork defaults apart from the epoch cap.
const NEURAL_SETTINGS = { iterations: MAX_EPOCHS, errorThresh: 0.00005, deltaErrorThresh: 0.000001, learningRate: 0.6, momentum: 0.5, alpha: 0.07 };

/** Training progress: which model of the locale is learning, its epoch and loss. */
export type EpochListener = (model: 'neural' | 'linear', epoch: number, loss: number) => void;

/**
 * Most hash buckets by default: 2^16 keeps a shop model of about thirty intents under 2 MB on disk and
 * 8 MB in memory; a corpus of 150 intents (CLINC150) gains about half a point of accuracy from 2^18.
 */
export const DEFAULT_MAX_BITS = 16;

/** Hash buckets for a corpus: about two per distinct n-gram, from 2^14 up to 2^maxBits, so small corpora make small files. */
export function bitsFor(texts: readonly string[], locale: string, maxBits = DEFAULT_MAX_BITS): number {
  const names = new Set<string>();
  for (const text of texts) for (const name of featureNames(text, locale).keys()) names.add(name);
  return Math.min(maxBits, Math.max(14, Math.ceil(Math.log2(names.size * 2))));
}

/** A trained intent classifier for one locale. */
export class IntentModel {
  readonly #net: NeuralNetwork;
  readonly #linear: LinearModel;
  readonly #index: SimilarityIndex;
  #dense: { readonly model: DenseModel; readonly vectors: WordVectors; readonly words: WordWeights } | undefined;
  // Without `neural`: the network holds it, and keeping the parsed copy would double its memory.
  #json: Omit<IntentModelJson, 'neural'>;

  private constructor({ neural: _held, ...json }: IntentModelJson, net: NeuralNetwork, linear: LinearModel, dense?: DenseModel) {
    this.#json = json;
    this.#net = net;
    this.#linear = linear;
    // The word vectors are read here, when a model that uses them is built or loaded, and only then.
    this.#dense = dense && json.dense ? { model: dense, vectors: matchingTable(json.dense, json.locale), words: json.dense.words } : undefined;
    this.#index = new SimilarityIndex(json.texts, json.labels, json.locale);
  }

  /** The locale this model classifies. */
  get locale(): string {
    return this.#json.locale;
  }

  /** The classes, indexed as in `views`. */
  get intents(): readonly string[] {
    return this.#json.intents;
  }

  /**
   * Trains the models on `examples` of one locale. Rows with intent 'None' train a 'None' class,
   * which the recognizer treats as out of scope; they stay out of the similarity index. The word-vector
   * network is trained when `wordVectors` is on (the default for English, the only table shipped).
   */
  static train(
    locale: string,
    examples: ReadonlyArray<{ text: string; intent: string }>,
    { onEpoch, maxBits, wordVectors = locale.startsWith('en') }: { onEpoch?: EpochListener; maxBits?: number; wordVectors?: boolean } = {},
  ): IntentModel {
    const intents = [...new Set(examples.map((e) => e.intent))].sort();
    const bits = bitsFor(
      examples.map((e) => e.text),
      locale,
      maxBits,
    );
    const xs = examples.map((e) => hashedFeatures(e.text, locale, bits));
    // Dropout 0.5 and a decaying step: chosen on CLINC150 val, where they lifted accuracy from 92.5 to 93.3 %.
    const linear = LinearModel.train(
      intents,
      bits,
      xs,
      examples.map((e) => intents.indexOf(e.intent)),
      {
        epochs: LINEAR_EPOCHS,
        learningRate: 2,
        decay: 0.2,
        dropout: 0.5,
        onEpoch: (epoch, loss) => onEpoch?.('linear', epoch, loss),
      },
    );
    const net = new NeuralNetwork({ ...NEURAL_SETTINGS, log: onEpoch ? (s) => onEpoch('neural', s.iterations, s.error) : false });
    const corpus = examples.map((e) => ({ input: featuresOf(e.text, locale), output: { [e.intent]: 1 } }));
    net.train(corpus.filter((c) => Object.keys(c.input).length > 0));
    const inScope = examples.filter((e) => e.intent !== 'None');
    let dense: { model: DenseModel; shape: DenseShape } | undefined;
    if (wordVectors) {
      const vectors = englishWordVectors();
      const words = wordWeights(examples.map((e) => e.text));
      const xs = examples.map((e) => sentenceVector(e.text, vectors, words));
      const model = DenseModel.train(
        xs,
        examples.map((e) => intents.indexOf(e.intent)),
        intents.length,
        { hidden: DENSE_HIDDEN },
      );
      dense = { model, shape: { inputs: model.inputs, hidden: model.hidden, words, table: vectors.signature } };
    }
    const json = {
      locale,
      intents,
      bits,
      ensemble: DEFAULT_ENSEMBLE,
      neural: net.toJSON(),
      texts: inScope.map((e) => e.text),
      labels: inScope.map((e) => e.intent),
      ...(dense ? { dense: dense.shape } : {}),
    };
    return new IntentModel(json, net, linear, dense?.model);
  }

  /**
   * Restores a model saved with `toJSON`, `linearBytes` and, when it has a word-vector network, `denseBytes`.
   * Throws RangeError when the bytes do not fit the JSON's shapes.
   */
  static fromJSON(json: IntentModelJson, linearBytes: Uint8Array, denseBytes?: Uint8Array): IntentModel {
    const net = new NeuralNetwork();
    net.fromJSON(json.neural);
    let dense: DenseModel | undefined;
    if (json.dense) {
      if (!denseBytes) throw new RangeError(`the ${json.locale} model has a word-vector network but its weights were not given`);
      dense = DenseModel.fromBytes(json.dense.inputs, json.dense.hidden, json.intents.length, denseBytes);
    }
    return new IntentModel(json, net, LinearModel.fromBytes(json.intents, json.bits, linearBytes), dense);
  }

  /** The model as plain JSON, without the linear weights (see `linearBytes`). */
  toJSON(): IntentModelJson {
    return { ...this.#json, neural: this.#net.toJSON() };
  }

  /** The linear model's weights, quantized (see `LinearModel.toBytes`). */
  linearBytes(): Uint8Array {
    return this.#linear.toBytes();
  }

  /** The word-vector network's weights, or undefined when the model has none. */
  denseBytes(): Uint8Array | undefined {
    return this.#dense?.model.toBytes();
  }

  /**
   * Drops the word-vector network, when the fitted mixture gives it no share: its logits would change no
   * score, yet every message would pay for them and the process would hold the table.
   */
  dropWordVectors(): void {
    this.#dense = undefined;
    const { dense: _dropped, ...json } = this.#json;
    this.#json = json;
  }

  /** Replaces the mixture settings, once they are fitted on validation rows. */
  useEnsemble(ensemble: EnsembleSettings): void {
    this.#json = { ...this.#json, ensemble };
  }

  /** What each model says about `text`, per class, before mixing (for fitting the mixture). */
  views(text: string): Views & { nearest: number } {
    const { intents, locale, ensemble } = this.#json;
    const linear = this.#linear.logits(hashedFeatures(text, locale, this.#linear.bits));
    const neural = new Float64Array(intents.length);
    if (ensemble.weights.neural > 0) {
      const outputs = this.#net.run(featuresOf(text, locale)) ?? {};
      // nlp.js normalizes its outputs as shares of their squares; the same here.
      let total = 0;
      for (const v of Object.values(outputs)) total += v * v;
      if (total > 0) intents.forEach((intent, k) => (neural[k] = (outputs[intent] ?? 0) ** 2 / total));
    }
    const byIntent = this.#index.nearestByIntent(text);
    const similarity = Float64Array.from(intents, (intent) => byIntent.get(intent) ?? 0);
    const d = this.#dense;
    const dense = d ? d.model.logits(sentenceVector(text, d.vectors, d.words)) : undefined;
    return { linear, neural, similarity, ...(dense ? { dense } : {}), nearest: Math.max(0, ...byIntent.values()) };
  }

  /** Scores every intent for `text` with the ensemble and measures the similarity to the closest training utterance. */
  classify(text: string): Classification {
    const views = this.views(text);
    const p = combine(views, this.#json.ensemble);
    const ranked = this.#json.intents.map((intent, k) => ({ intent, score: p[k] ?? 0 })).sort((a, b) => b.score - a.score);
    return { ranked, similarity: views.nearest };
  }
}
