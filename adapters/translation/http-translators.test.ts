import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedTranslator, type TranslationRequestRecord } from '../../infra/translation-cache.js';
import { startFakeTranslationApis, type FakeTranslationApis } from '../../tests/support/fake-translation-apis.js';
import { startHangingServer } from '../../tests/support/hanging-server.js';
import { createTranslator, parseTranslationSettings } from './settings.js';

describe('translation providers over their REST APIs (loopback fakes)', () => {
  let fake: FakeTranslationApis;
  beforeAll(async () => {
    fake = await startFakeTranslationApis({ es: { 'Your parcel ships today.': 'Su paquete sale hoy.' } });
  });
  afterAll(() => fake.close());

  it('Google v2: key in the x-goog-api-key header, never in the URL; q/target/format in the body', async () => {
    const google = createTranslator(parseTranslationSettings({ provider: 'google', apiKey: 'google-key-123', baseUrl: fake.url }))!;
    expect(await google.translate({ text: 'Your parcel ships today.', to: 'es', from: 'en' })).toEqual({ text: 'Su paquete sale hoy.', from: 'en', to: 'es' });
    const call = fake.calls.at(-1)!;
    expect(call.path).toBe('/language/translate/v2');
    expect(call.headers['x-goog-api-key']).toBe('google-key-123');
    expect(call.body).toEqual({ q: ['Your parcel ships today.'], target: 'es', format: 'text', source: 'en' });
  });

  it('Azure v3: subscription key and region headers, api-version and to in the query', async () => {
    const azure = createTranslator(
      parseTranslationSettings(JSON.stringify({ provider: 'azure', apiKey: 'azure-key-123', region: 'westeurope', baseUrl: fake.url })),
    )!;
    expect((await azure.translate({ text: 'Your parcel ships today.', to: 'es' })).text).toBe('Su paquete sale hoy.');
    const call = fake.calls.at(-1)!;
    expect(call.path).toBe('/translate?api-version=3.0&to=es');
    expect(call.headers['ocp-apim-subscription-key']).toBe('azure-key-123');
    expect(call.headers['ocp-apim-subscription-region']).toBe('westeurope');
    expect(call.body).toEqual([{ Text: 'Your parcel ships today.' }]);
  });

  it('caches (bounded) and counts only the requests that reached the provider', async () => {
    const records: TranslationRequestRecord[] = [];
    const deepl = cachedTranslator(createTranslator(parseTranslationSettings({ provider: 'deepl', apiKey: 'deepl-key:fx', baseUrl: fake.url }))!, {
      maxEntries: 1,
      onRequest: (r) => records.push(r),
    });
    await deepl.translate({ text: 'Your parcel ships today.', to: 'es' });
    await deepl.translate({ text: 'Your parcel ships today.', to: 'es' });
    expect(records).toEqual([{ provider: 'deepl', characters: 24, outcome: 'ok' }]);
    await deepl.translate({ text: 'Thanks', to: 'es' });
    await deepl.translate({ text: 'Your parcel ships today.', to: 'es' });
    expect(records).toHaveLength(3);
    fake.failNext(456);
    await expect(deepl.translate({ text: 'Another', to: 'es' })).rejects.toMatchObject({ code: 'http' });
    expect(records.at(-1)).toMatchObject({ outcome: 'failed' });
  });

  it('times out instead of holding the turn, and refuses oversized text before sending', async () => {
    const hanging = await startHangingServer();
    try {
      const deepl = createTranslator(parseTranslationSettings({ provider: 'deepl', apiKey: 'deepl-key:fx', baseUrl: hanging.url, timeoutMs: 500 }))!;
      await expect(deepl.translate({ text: 'hello', to: 'es' })).rejects.toMatchObject({ code: 'timeout' });
      await expect(deepl.translate({ text: 'x'.repeat(5001), to: 'es' })).rejects.toMatchObject({ code: 'too_long' });
    } finally {
      await hanging.close();
    }
  });

  it('an answer that is not JSON fails without quoting the provider body', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('SECRETBODY key=google-key-123'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const google = createTranslator(parseTranslationSettings({ provider: 'google', apiKey: 'google-key-123', baseUrl: url }))!;
      const error = (await google.translate({ text: 'hello', to: 'es' }).then(
        () => undefined,
        (e: unknown) => e,
      )) as Error;
      expect(error).toMatchObject({ code: 'invalid' });
      expect(error.cause).toBeUndefined();
      expect(`${error.message} ${String(error.cause)}`).not.toMatch(/SECRET|google-key-123/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses bad settings naming the field, never the key', () => {
    expect(() => parseTranslationSettings({ provider: 'bing', apiKey: 'secret-value-1' })).toThrow(/TRANSLATION_SETTINGS/);
    expect(() => parseTranslationSettings({ provider: 'deepl', apiKey: 'secret-value-1', timeoutMs: 5 })).toThrow(/timeoutMs/);
    expect(() => parseTranslationSettings({ provider: 'deepl', apiKey: 'secret-value-1', timeoutMs: 5 })).not.toThrow(/secret-value-1/);
    expect(parseTranslationSettings(undefined)).toEqual({ provider: 'none' });
  });
});
