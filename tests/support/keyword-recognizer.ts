/**
 * A recognizer test double for engine and dialog tests that must not depend on a trained model:
 * intents come from a keyword table, language from the script, emotion from a few words.
 * Full-stack tests use the real shop model instead.
 */
import type { Recognition, Recognizer } from '../../nlu-models/recognizer.js';

export function createKeywordRecognizer(table: Record<string, readonly string[]>, { negativeWords = ['angry', 'terrible', '生气', '太差'] } = {}): Recognizer {
  const detectLanguage = (text: string) => (/\p{Script=Han}/u.test(text) ? 'zh' : 'en');
  return {
    locales: ['en', 'zh'],
    detectLanguage,
    async recognize(text, options = {}): Promise<Recognition> {
      const lower = text.toLowerCase();
      const hit = Object.entries(table).find(([, words]) => words.some((word) => lower.includes(word.toLowerCase())));
      const negative = negativeWords.some((word) => lower.includes(word));
      return {
        text,
        locale: options.locale ?? detectLanguage(text),
        intent: hit ? hit[0] : 'None',
        score: hit ? 0.95 : 0.2,
        outOfScope: !hit,
        alternatives: hit ? [{ intent: hit[0], score: 0.95 }] : [],
        emotion: { score: negative ? -0.8 : 0, negative },
      };
    },
  };
}
