/**
 * The intake every channel uses: types from the bytes (not the claimed name), the channel's limits,
 * the customer's upload budget (a refused file costs nothing), and bounded downloads.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMediaKit, downloadMedia } from '../../adapters/media-intake.js';
import { MEDIA_LIMITS, mediaLimitFor, mediaRefusalText } from '../../adapters/media-limits.js';
import { createRateLimiter } from '../../infra/rate-limit.js';
import { createMemoryMediaStore } from '../../infra/media/memory-media-store.js';
import { createMediaSigner } from '../../infra/media/signed-urls.js';
import { sniffMedia } from '../../infra/media/sniff.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const signer = createMediaSigner({ secret: 'intake-test-secret-0123456789ab' });

describe('media intake', () => {
  it('applies the default limits to a channel id that names an Object property', () => {
    expect(mediaLimitFor('constructor')).toBe(MEDIA_LIMITS.default);
    expect(mediaLimitFor('__proto__')).toBe(MEDIA_LIMITS.default);
    expect(mediaLimitFor('telegram')).toBe(MEDIA_LIMITS.telegram);
  });

  it('reads the type from the bytes', async () => {
    expect(await sniffMedia(PNG)).toEqual({ contentType: 'image/png', kind: 'image', ext: 'png' });
    expect(await sniffMedia(PDF)).toMatchObject({ contentType: 'application/pdf', kind: 'document' });
    expect(await sniffMedia(Buffer.from('Order A1002, paid 39.90'))).toMatchObject({ contentType: 'text/plain' });
    expect(await sniffMedia(Buffer.from([0, 1, 2, 3, 0xff, 0xfe]))).toBeUndefined();
  });

  it("applies the channel's limits: WhatsApp takes no GIF and images up to 5 MB; the web takes both", async () => {
    const kit = createMediaKit({ store: createMemoryMediaStore(), signer });
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]);
    expect(await kit.accept({ channel: 'whatsapp', conversationId: 'c', bytes: gif })).toMatchObject({ ok: false, refusal: { code: 'type_not_allowed' } });
    expect(await kit.accept({ channel: 'directline', conversationId: 'c', bytes: gif })).toMatchObject({ ok: true, media: { contentType: 'image/gif' } });
    const big = Buffer.concat([PNG, Buffer.alloc(6 * 2 ** 20)]);
    const refused = await kit.accept({ channel: 'whatsapp', conversationId: 'c', bytes: big });
    expect(refused).toMatchObject({ ok: false, refusal: { code: 'too_large', limit: 5 * 2 ** 20, kind: 'image' } });
    if (!refused.ok) {
      expect(mediaRefusalText(refused.refusal, 'en')).toBe('That image is too large: the limit is 5 MB. Please send a smaller one, or describe it in words.');
      expect(mediaRefusalText(refused.refusal, 'zh-CN')).toMatch(/图片太大了：最多 5 MB/);
    }
    expect(await kit.accept({ channel: 'directline', conversationId: 'c', bytes: big })).toMatchObject({ ok: true });
  });

  it("spends the customer's upload budget only on files it keeps", async () => {
    const uploads = createRateLimiter({ name: 'uploads-test', points: 1, windowSeconds: 3600 });
    const kit = createMediaKit({ store: createMemoryMediaStore(), signer, uploads });
    const customerKey = 'directline:u1';
    expect(await kit.accept({ channel: 'directline', conversationId: 'c', customerKey, bytes: Buffer.from([0, 1, 2, 0xff]) })).toMatchObject({ ok: false });
    expect(await kit.accept({ channel: 'directline', conversationId: 'c', customerKey, bytes: PNG })).toMatchObject({ ok: true });
    const limited = await kit.accept({ channel: 'directline', conversationId: 'c', customerKey, bytes: PNG });
    expect(limited).toMatchObject({ ok: false, refusal: { code: 'rate_limited' } });
    if (!limited.ok) expect(mediaRefusalText(limited.refusal, 'en')).toMatch(/sent a lot of files recently/);
    expect(await kit.accept({ channel: 'directline', conversationId: 'c', customerKey: 'directline:u2', bytes: PNG })).toMatchObject({ ok: true });
  });

  it('downloads bounded in size, whatever the server claims', async () => {
    const server = createServer((_req, res) => {
      // No Content-Length: the limit must hold while reading.
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(Buffer.alloc(64 * 1024));
      res.end(Buffer.alloc(64 * 1024));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/f`;
    try {
      expect(await downloadMedia(url, { maxBytes: 100 * 1024 })).toEqual({ ok: false, refusal: { code: 'too_large', limit: 100 * 1024 } });
      expect(await downloadMedia(url, { maxBytes: 200 * 1024 })).toMatchObject({ ok: true });
      expect(await downloadMedia('file:///etc/passwd')).toEqual({ ok: false, refusal: { code: 'unavailable' } });
    } finally {
      server.close();
    }
  });
});
