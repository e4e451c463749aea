/**
 * The translation contract: what the engine and the desks ask of a machine-translation provider
 * (DeepL, Google Cloud Translation, Azure Translator: adapters/translation/). None is configured by
 * default; without one, nothing is translated and nothing is sent anywhere.
 */
import { BatonError } from './errors.js';

/** One text to translate. Languages are ISO 639-1 tags ('es', 'zh'); a region part ('zh-TW') is kept where the provider knows it. */
export interface TranslateRequest {
  readonly text: string;
  /** The target language. */
  readonly to: string;
  /** The source language when known; the provider detects it otherwise. */
  readonly from?: string;
}

/** A translation and the source language the provider read. */
export interface Translation {
  readonly text: string;
  readonly from: string;
  readonly to: string;
}

/** A machine-translation provider. */
export interface Translator {
  /** The provider's name, for metrics and logs ('deepl', 'google', 'azure'). */
  readonly provider: string;
  /**
   * Translates one text. Rejects with `TranslationError` when the provider refuses, fails or times
   * out: callers send the original then, with a notice; a translation failure never loses a message.
   */
  translate(request: TranslateRequest): Promise<Translation>;
}

/** Why a translation failed: `timeout`, `http` (the provider answered an error status), `invalid` (an answer we cannot read), `too_long`. */
export type TranslationErrorCode = 'timeout' | 'http' | 'invalid' | 'too_long' | 'network';

/** A provider call that gave no translation. Branch on `code`. */
export class TranslationError extends BatonError {
  override readonly name = 'TranslationError';
  declare readonly code: TranslationErrorCode;
  constructor(code: TranslationErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** The longest text sent for translation: customer and agent messages are bounded far below this at the edge. */
export const TRANSLATE_MAX_CHARS = 5000;

/** True when `language` and `other` are the same language ('zh-CN' and 'zh' are). */
export function sameLanguage(language: string, other: string): boolean {
  return language.slice(0, 2).toLowerCase() === other.slice(0, 2).toLowerCase();
}
