/**
 * `TRANSLATION_SETTINGS`: which provider translates at the desk boundary. None by default.
 *
 * @example TRANSLATION_SETTINGS='{"provider":"deepl","apiKey":"…:fx"}'
 * @example TRANSLATION_SETTINGS='{"provider":"azure","apiKey":"…","region":"westeurope"}'
 */
import { z } from 'zod';
import { ConfigError } from '../../infra/errors.js';
import type { Translator } from '../../infra/translator.js';
import { azureTranslator, deeplTranslator, googleTranslator } from './http-translators.js';
import { withoutTrailingSlashes } from '../../infra/text-ends.js';

const common = {
  apiKey: z.string().min(8, 'must be the provider key').max(512),
  baseUrl: z.url().optional(),
  timeoutMs: z.number().int().min(500).max(30_000).default(5000),
  /** Translations kept in memory per instance: the same canned phrase is not paid for twice. */
  cacheEntries: z.number().int().min(0).max(100_000).default(2000),
  /** The language agents read when an agent lists none; default English. */
  agentLanguage: z
    .string()
    .regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/)
    .default('en'),
};

const schema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('none') }).strict(),
  z.object({ provider: z.literal('deepl'), ...common }).strict(),
  z.object({ provider: z.literal('google'), ...common }).strict(),
  z.object({ provider: z.literal('azure'), region: z.string().min(2).max(40).optional(), ...common }).strict(),
]);

export type TranslationSettings = z.output<typeof schema>;

/**
 * Validates `TRANSLATION_SETTINGS` (JSON text or an object); absent means no translation.
 * @throws ConfigError naming the field, never the key.
 */
export function parseTranslationSettings(input: unknown): TranslationSettings {
  if (input === undefined || input === '') return { provider: 'none' };
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new ConfigError('TRANSLATION_SETTINGS is not JSON; use e.g. {"provider":"deepl","apiKey":"…"}');
    }
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'} ${issue.message}`);
  throw new ConfigError(`Invalid TRANSLATION_SETTINGS; provider is one of none, deepl, google, azure. Fix:\n- ${problems.join('\n- ')}`);
}

const DEFAULT_URLS = {
  deepl: (key: string) => (key.endsWith(':fx') ? 'https://api-free.deepl.com' : 'https://api.deepl.com'),
  google: () => 'https://translation.googleapis.com',
  azure: () => 'https://api.cognitive.microsofttranslator.com',
};

/** The configured provider's adapter, or undefined for `none`. */
export function createTranslator(settings: TranslationSettings): Translator | undefined {
  if (settings.provider === 'none') return undefined;
  const baseUrl = withoutTrailingSlashes(settings.baseUrl ?? DEFAULT_URLS[settings.provider](settings.apiKey));
  const options = { apiKey: settings.apiKey, baseUrl, timeoutMs: settings.timeoutMs };
  if (settings.provider === 'deepl') return deeplTranslator(options);
  if (settings.provider === 'google') return googleTranslator(options);
  return azureTranslator({ ...options, ...(settings.region ? { region: settings.region } : {}) });
}
