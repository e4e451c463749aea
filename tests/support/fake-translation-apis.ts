/**
 * Loopback fakes of the DeepL (`POST /v2/translate`), Google Cloud Translation v2
 * (`POST /language/translate/v2?key=`) and Azure Translator v3 (`POST /translate?api-version=3.0&to=`)
 * APIs. One server answers all three in each provider's own shape, from a phrase book, and records
 * every request (path, headers, JSON body). `failNext` answers errors, as a provider over quota does.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TranslationCall {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly status: number;
}

export interface FakeTranslationApis {
  readonly url: string;
  readonly calls: TranslationCall[];
  /** Answers the next `times` requests with `status`. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

/** `phrases[target][source text]` is the translation; an unknown text comes back as `[target] text`. */
export type PhraseBook = Readonly<Record<string, Readonly<Record<string, string>>>>;

const detect = (text: string) => (/\p{Script=Han}/u.test(text) ? 'zh' : /[ñ¿¡]|\b(el|mi|que|de|y|un)\b/iu.test(text) ? 'es' : 'en');

export async function startFakeTranslationApis(phrases: PhraseBook = {}): Promise<FakeTranslationApis> {
  const calls: TranslationCall[] = [];
  let failures: number[] = [];
  const translate = (text: string, target: string) =>
    phrases[target.toLowerCase()]?.[text] ?? phrases[target.slice(0, 2).toLowerCase()]?.[text] ?? `[${target}] ${text}`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      const failure = failures.shift();
      const reply = (status: number, json: unknown) => {
        calls.push({ path: `${url.pathname}${url.search}`, headers: req.headers, body, status });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      };
      if (failure) return reply(failure, { message: 'Quota exceeded' });
      if (url.pathname === '/v2/translate' && req.headers.authorization?.startsWith('DeepL-Auth-Key ')) {
        const { text, target_lang } = body as { text: string[]; target_lang: string };
        const target = target_lang.toLowerCase().replace('zh-hans', 'zh').replace('en-us', 'en');
        return reply(200, { translations: text.map((t) => ({ detected_source_language: detect(t).toUpperCase(), text: translate(t, target) })) });
      }
      if (url.pathname === '/language/translate/v2' && req.headers['x-goog-api-key']) {
        const { q, target } = body as { q: string[]; target: string };
        return reply(200, { data: { translations: q.map((t) => ({ translatedText: translate(t, target), detectedSourceLanguage: detect(t) })) } });
      }
      if (url.pathname === '/translate' && url.searchParams.get('api-version') === '3.0' && req.headers['ocp-apim-subscription-key']) {
        const to = (url.searchParams.get('to') ?? '').replace('zh-Hans', 'zh');
        const items = body as { Text: string }[];
        return reply(
          200,
          items.map((item) => ({ detectedLanguage: { language: detect(item.Text), score: 1 }, translations: [{ text: translate(item.Text, to), to }] })),
        );
      }
      reply(401, { error: 'unknown path or missing key' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failNext(status, times = 1) {
      failures = [...failures, ...Array.from({ length: times }, () => status)];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
