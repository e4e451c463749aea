/**
 * Translator adapters over the providers' REST APIs, with `fetch` and a timeout each (no SDK):
 * DeepL (`POST /v2/translate`, `Authorization: DeepL-Auth-Key`), Google Cloud Translation v2
 * (`POST /language/translate/v2`, key in `x-goog-api-key`), Azure Translator v3 (`POST /translate?api-version=3.0&to=`,
 * `Ocp-Apim-Subscription-Key` and `-Region`). One text per request: Baton translates one message at a time.
 */
import { TRANSLATE_MAX_CHARS, TranslationError, type TranslateRequest, type Translation, type Translator } from '../../infra/translator.js';

export interface HttpTranslatorOptions {
  readonly apiKey: string;
  /** The API's base URL (tests point it at a loopback fake). */
  readonly baseUrl: string;
  readonly timeoutMs?: number;
}

async function postJson(provider: string, url: string, headers: Record<string, string>, body: unknown, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new TranslationError(timedOut ? 'timeout' : 'network', `${provider}: ${timedOut ? `no answer within ${timeoutMs} ms` : 'request failed'}`, {
      cause: error,
    });
  }
  const text = await response.text().catch(() => '');
  // The answer's body is the provider's: only its status goes into the error, never a key or the text.
  if (!response.ok) throw new TranslationError('http', `${provider}: HTTP ${response.status}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // No `cause`: V8's SyntaxError quotes the start of the body, which is the provider's.
    throw new TranslationError('invalid', `${provider}: the answer is not JSON`);
  }
}

function checked(request: TranslateRequest): void {
  if (request.text.length > TRANSLATE_MAX_CHARS)
    throw new TranslationError('too_long', `text over ${TRANSLATE_MAX_CHARS} characters is not sent for translation`);
}

function answer(provider: string, text: unknown, from: unknown, to: string): Translation {
  if (typeof text !== 'string') throw new TranslationError('invalid', `${provider}: the answer has no translation`);
  return { text, from: typeof from === 'string' && from ? from.toLowerCase() : 'und', to };
}

/** DeepL's target codes: English and Portuguese need a variant, Chinese is simplified unless zh-TW/zh-Hant. */
export function deeplTarget(language: string): string {
  const tag = language.toLowerCase();
  if (tag === 'en') return 'EN-US';
  if (tag === 'pt') return 'PT-BR';
  if (tag === 'zh-tw' || tag === 'zh-hant' || tag === 'zh-hk') return 'ZH-HANT';
  if (tag.startsWith('zh')) return 'ZH-HANS';
  return tag.toUpperCase();
}

/** DeepL (free keys end in ':fx' and use api-free.deepl.com). */
export function deeplTranslator({ apiKey, baseUrl, timeoutMs = 5000 }: HttpTranslatorOptions): Translator {
  return {
    provider: 'deepl',
    async translate(request) {
      checked(request);
      const body = {
        text: [request.text],
        target_lang: deeplTarget(request.to),
        ...(request.from ? { source_lang: request.from.slice(0, 2).toUpperCase() } : {}),
      };
      const json = (await postJson('deepl', `${baseUrl}/v2/translate`, { authorization: `DeepL-Auth-Key ${apiKey}` }, body, timeoutMs)) as {
        translations?: { text?: unknown; detected_source_language?: unknown }[];
      };
      const first = json?.translations?.[0];
      return answer('deepl', first?.text, first?.detected_source_language ?? request.from, request.to);
    },
  };
}

/** Google Cloud Translation, Basic (v2), with an API key; `format: 'text'` so nothing comes back HTML-escaped. */
export function googleTranslator({ apiKey, baseUrl, timeoutMs = 5000 }: HttpTranslatorOptions): Translator {
  return {
    provider: 'google',
    async translate(request) {
      checked(request);
      const body = { q: [request.text], target: request.to, format: 'text', ...(request.from ? { source: request.from } : {}) };
      // The key in a header, not in the query, where proxies' and access logs keep URLs.
      const json = (await postJson('google', `${baseUrl}/language/translate/v2`, { 'x-goog-api-key': apiKey }, body, timeoutMs)) as {
        data?: { translations?: { translatedText?: unknown; detectedSourceLanguage?: unknown }[] };
      };
      const first = json?.data?.translations?.[0];
      return answer('google', first?.translatedText, first?.detectedSourceLanguage ?? request.from, request.to);
    },
  };
}

/** Azure's codes for Chinese are script-based. */
export function azureLanguage(language: string): string {
  const tag = language.toLowerCase();
  if (tag === 'zh-tw' || tag === 'zh-hant' || tag === 'zh-hk') return 'zh-Hant';
  if (tag.startsWith('zh')) return 'zh-Hans';
  return tag.slice(0, 2);
}

/** Azure Translator v3; `region` is required for regional and multi-service resources. */
export function azureTranslator({ apiKey, baseUrl, timeoutMs = 5000, region }: HttpTranslatorOptions & { readonly region?: string }): Translator {
  return {
    provider: 'azure',
    async translate(request) {
      checked(request);
      const query = new URLSearchParams({
        'api-version': '3.0',
        to: azureLanguage(request.to),
        ...(request.from ? { from: azureLanguage(request.from) } : {}),
      });
      const headers = { 'ocp-apim-subscription-key': apiKey, ...(region ? { 'ocp-apim-subscription-region': region } : {}) };
      const json = (await postJson('azure', `${baseUrl}/translate?${query}`, headers, [{ Text: request.text }], timeoutMs)) as {
        detectedLanguage?: { language?: unknown };
        translations?: { text?: unknown }[];
      }[];
      const first = Array.isArray(json) ? json[0] : undefined;
      return answer('azure', first?.translations?.[0]?.text, first?.detectedLanguage?.language ?? request.from, request.to);
    },
  };
}
