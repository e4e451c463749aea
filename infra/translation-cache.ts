/**
 * A translator that remembers: providers charge per character, and agents' greetings, canned replies
 * and the bot's notices repeat. The project's bounded map (infra/bounded-map.ts; a hit is rewritten, so
 * the least recently used goes first), and a count of every request that reached the provider, with its
 * characters and outcome, for metrics.
 */
import { BoundedMap } from './bounded-map.js';
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
  const cache = maxEntries > 0 ? new BoundedMap<string, Translation>({ name: 'translation cache', maxEntries }) : undefined;
  return {
    provider: inner.provider,
    async translate(request) {
      const key = `${request.from ?? ''}\u0000${request.to}\u0000${request.text}`;
      const hit = cache?.get(key);
      if (hit) {
        cache?.set(key, hit);
        return hit;
      }
      try {
        const translation = await inner.translate(request);
        onRequest?.({ provider: inner.provider, characters: request.text.length, outcome: 'ok' });
        cache?.set(key, translation);
        return translation;
      } catch (error) {
        onRequest?.({ provider: inner.provider, characters: request.text.length, outcome: 'failed' });
        throw error instanceof TranslationError ? error : new TranslationError('network', `${inner.provider}: translation failed`, { cause: error });
      }
    },
  };
}
