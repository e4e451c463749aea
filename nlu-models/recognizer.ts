/**
 * The recognizer contract: what the engine asks of the NLU for every customer message.
 * Implementations load models trained ahead of time (`npm run nlu -- train`); they never train at start.
 */

/** How the customer feels in one message. */
export interface EmotionReading {
  /** From -1 (very negative) to 1 (very positive); 0 is neutral. */
  readonly score: number;
  /** The calibrated decision: true when the customer is upset (anger, frustration, complaint, sadness). */
  readonly negative: boolean;
}

/** One intent the classifier considered, best first. */
export interface IntentScore {
  readonly intent: string;
  readonly score: number;
}

/** What the NLU understood of one message. */
export interface Recognition {
  readonly text: string;
  /** The language the message is in, one of the recognizer's locales (e.g. 'en', 'zh'). */
  readonly locale: string;
  /** The best intent, or 'None' when the message is out of scope. */
  readonly intent: string;
  /** Confidence in `intent`, 0 to 1. */
  readonly score: number;
  /** True when the bot does not know what this is about (intent 'None'). */
  readonly outOfScope: boolean;
  /** The top intents before rejection, best first (at most 5); useful to agents and for "did you mean". */
  readonly alternatives: readonly IntentScore[];
  readonly emotion: EmotionReading;
}

export interface RecognizeOptions {
  /** Skip language detection and use this locale (e.g. the conversation's locale for a very short message). */
  readonly locale?: string;
}

/** Understands customer messages. */
export interface Recognizer {
  /** The locales the loaded models cover, the first being the fallback. */
  readonly locales: readonly string[];
  /** The locale of `text` among `locales`; the fallback when unsure. */
  detectLanguage(text: string): string;
  /** Intent, score, out-of-scope, language and emotion of one message. */
  recognize(text: string, options?: RecognizeOptions): Promise<Recognition>;
}
