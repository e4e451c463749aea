/**
 * The NLU's public entry: the recognizer contract, the loader of trained models, and the pieces
 * the engine may use on their own (language detection, the emotion scorer).
 *
 * @example
 * import { loadRecognizer, defaultShopModelDir } from '../nlu-models/index.js';
 * const nlu = await loadRecognizer({ modelDir: defaultShopModelDir });
 * const { intent, outOfScope, locale, emotion } = await nlu.recognize('where is my order?');
 */
export type { EmotionReading, IntentScore, Recognition, RecognizeOptions, Recognizer } from './recognizer.js';
export { NlpRecognizer, defaultShopModelDir, loadRecognizer, type LoadRecognizerOptions } from './nlp-recognizer.js';
export { detectLocale } from './language.js';
export { scoreEmotion } from './emotion/score-emotion.js';
export { NluInputError } from './errors.js';
