/**
 * A translator that remembers: providers charge per character, and agents' greetings, canned replies
 * and the bot's notices repeat. A bounded LRU map (oldest out first), and a count of every request
 * that reached the provider, with its characters and outcome, for metrics.
 */
import { TranslationError, type Translation, type Translator } from './translator.js';

/** One call that reached the provider (not a cache hit). */
export interface TranslationRequestRecord {
  readonly provider: string;
  readonly characters: number;
  readonly outcome: 'ok' | 'failed';
}

export interface CachedTranslatorOptions {
  /** Translations kept; 0 turns the cache off. */
  readonly maxEntries?: number;
  /** Called for each provider request (metrics); must not throw. */
  readonly onRequest?: (record: TranslationRequestRecord) => void;
}

/**
 * Wraps `inner` with a bounded cache and request counting. Failures are not cached.
 * @example const translator = cachedTranslator(deeplTranslator({ apiKey, baseUrl }), { maxEntries: 2000, onRequest: count });
 */
export function cachedTranslator(inner: Translator, { maxEntries = 2000, onRequest }: CachedTranslatorOptions = {}): Translator {
  const cache = new Map<string, Translation>();
  return {
    provider: inner.provider,
    async translate(request) {
      const key = `${request.from ?? ''}\u0000${request.to}\u0000${request.text}`;
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      try {
        const translation = await inner.translate(request);
        onRequest?.({ provider: inner.provider, characters: request.text.length, outcome: 'ok' });
        if (maxEntries > 0) {
          cache.set(key, translation);
          if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
        }
        return translation;
      } catch (error) {
        onRequest?.({ provider: inner.provider, characters: request.text.length, outcome: 'failed' });
        throw error instanceof TranslationError ? error : new TranslationError('network', `${inner.provider}: translation failed`, { cause: error });
      }
    },
  };
}
