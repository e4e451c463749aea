/**
 * The recognizer an instance serves with, and the answers of the new FAQ intents that came with it, swapped
 * together in one assignment: a turn reads one version's recognizer and answers, never a mix, and a turn in
 * flight finishes on the version it started with.
 */
import type { Recognition, RecognizeOptions, Recognizer } from '../../../nlu-models/recognizer.js';

/** New FAQ intents' answers: intent -> locale -> text. */
export type LearnedAnswers = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** One loaded version. */
export interface LoadedModel {
  readonly version: string;
  readonly recognizer: Recognizer;
  readonly answers: LearnedAnswers;
}

export class LiveModel implements Recognizer {
  #loaded: LoadedModel;

  constructor(initial: LoadedModel) {
    this.#loaded = initial;
  }

  /** The version being served. */
  get version(): string {
    return this.#loaded.version;
  }

  get locales(): readonly string[] {
    return this.#loaded.recognizer.locales;
  }

  /** Replaces the served version at once (the caller loaded it completely first). */
  use(loaded: LoadedModel): void {
    this.#loaded = loaded;
  }

  detectLanguage(text: string): string {
    return this.#loaded.recognizer.detectLanguage(text);
  }

  recognize(text: string, options?: RecognizeOptions): Promise<Recognition> {
    return this.#loaded.recognizer.recognize(text, options);
  }

  /** The new FAQ intents the served version learned (their answers came with it). */
  learnedIntents(): string[] {
    return Object.keys(this.#loaded.answers);
  }

  /** The learned answer of `intent` in `locale`, else in English, else undefined (not a learned intent). */
  answer(intent: string, locale: string): string | undefined {
    const answers = this.#loaded.answers[intent];
    if (!answers || !Object.hasOwn(this.#loaded.answers, intent)) return undefined;
    return answers[locale] ?? answers.en ?? Object.values(answers)[0];
  }
}
