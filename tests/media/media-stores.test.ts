/**
 * The media store contract on memory, disk and S3 (a loopback S3 that checks every signature), the
 * S3 store refused by a server that does not know its keys, and the signed URLs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiskMediaStore } from '../../infra/media/disk-media-store.js';
import { sanitizeFileName } from '../../infra/media/media-store.js';
import { createMemoryMediaStore } from '../../infra/media/memory-media-store.js';
import { createS3MediaStore } from '../../infra/media/s3-media-store.js';
import { createMediaSigner } from '../../infra/media/signed-urls.js';
import { describeMediaStoreContract } from '../contracts/media-store.contract.js';
import { type FakeS3, startFakeS3 } from '../support/fake-s3.js';

let s3: FakeS3;
const dirs: string[] = [];
beforeAll(async () => {
  s3 = await startFakeS3();
});
afterAll(async () => {
  await s3.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const s3Options = () => ({ endpoint: s3.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region });

describeMediaStoreContract('memory', async (now) => createMemoryMediaStore({ now }));
describeMediaStoreContract('disk', async (now) => {
  const dir = await mkdtemp(join(tmpdir(), 'baton-media-test-'));
  dirs.push(dir);
  return createDiskMediaStore({ dir, now });
});
describeMediaStoreContract('s3', async (now) => {
  s3.clock = now;
  return createS3MediaStore({ ...s3Options(), prefix: `t${Math.random().toString(36).slice(2, 8)}/`, now });
});

describe('S3 media store', () => {
  it('signs every request: a server with other keys refuses it, and nothing is stored', async () => {
    const store = createS3MediaStore({ ...s3Options(), secretAccessKey: 'not-the-right-secret-key-000000000000' });
    const before = s3.objects.size;
    await expect(store.put({ conversationId: 'c', bytes: Buffer.from('x'), contentType: 'text/plain', kind: 'document' })).rejects.toMatchObject({
      name: 'ChannelApiError',
      status: 403,
    });
    expect(s3.objects.size).toBe(before);
    expect(s3.calls.at(-1)).toMatchObject({ method: 'PUT', status: 403 });
  });

  it("keeps only S3's error code: the access key id and the string to sign it echoes stay out of the error", async () => {
    const accessKeyId = 'AKIAECHOEDBACK000001';
    const server = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message><AWSAccessKeyId>${accessKeyId}</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256 20261207T000000Z</StringToSign><SignatureProvided>abc123</SignatureProvided></Error>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const store = createS3MediaStore({ endpoint: `http://127.0.0.1:${port}`, bucket: 'b', accessKeyId, secretAccessKey: 'secret-secret-secret-0000' });
      const error: Error = await store.put({ conversationId: 'c', bytes: Buffer.from('x'), contentType: 'text/plain', kind: 'document' }).then(
        () => new Error('stored'),
        (e: unknown) => e as Error,
      );
      expect(error).toMatchObject({ name: 'ChannelApiError', status: 403 });
      expect(error.message).toContain('SignatureDoesNotMatch');
      expect(error.message).not.toContain(accessKeyId);
      expect(error.message).not.toContain('AWS4-HMAC-SHA256');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('keeps the record in the object metadata, with the sniffed content type', async () => {
    const store = createS3MediaStore({ ...s3Options(), prefix: 'meta/' });
    const record = await store.put({
      conversationId: 'c-meta',
      bytes: Buffer.from('%PDF-1.4'),
      contentType: 'application/pdf',
      kind: 'document',
      name: 'r.pdf',
    });
    const [key, object] = [...s3.objects].find(([k]) => k.startsWith('meta/'))!;
    expect(key).toBe(`meta/${record.id.replace('.', '/')}`);
    expect(object.headers['content-type']).toBe('application/pdf');
  });
});

describe('signed media URLs', () => {
  let now = 1_765_000_000_000;
  const signer = createMediaSigner({ secret: 'a-server-secret-of-32-characters!', ttlSeconds: 60, now: () => now });
  const id = 'AbCdEfGhIjKlMnOp.AbCdEfGhIjKlMnOpQrStUv';
  const partsOf = (url: string) => {
    const parsed = new URL(url, 'http://x');
    return [
      decodeURIComponent(parsed.pathname.split('/').pop()!),
      parsed.searchParams.get('exp'),
      parsed.searchParams.get('sig'),
      parsed.searchParams.get('dl') ?? undefined,
    ] as const;
  };

  it('opens until it expires, then never', () => {
    const url = signer.url(id);
    expect(url).toMatch(/^\/media\/AbCdEfGhIjKlMnOp\.AbCdEfGhIjKlMnOpQrStUv\?exp=\d+&sig=[\w-]+$/);
    expect(signer.verify(...partsOf(url))).toEqual({ ok: true });
    now += 61_000;
    expect(signer.verify(...partsOf(url))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a changed id, expiry, signature or download flag, and another secret', () => {
    const [mediaId, exp, sig] = partsOf(signer.url(id));
    const other = createMediaSigner({ secret: 'another-server-secret-32-chars!!', now: () => now });
    expect(signer.verify(`${mediaId.slice(0, -1)}w`, exp, sig)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(signer.verify(mediaId, String(Number(exp) + 3600), sig)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(signer.verify(mediaId, exp, `${sig!.slice(0, -2)}AA`)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(signer.verify(mediaId, exp, sig, '1')).toEqual({ ok: false, reason: 'bad_signature' });
    expect(other.verify(mediaId, exp, sig)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(signer.verify('../etc', exp, sig)).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.verify(mediaId, undefined, sig)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('file names', () => {
  it('keeps the base name only, without control or path characters', () => {
    expect(sanitizeFileName('../../etc/passwd\u0000.png')).toBe('passwd_.png');
    expect(sanitizeFileName('C:\\Users\\me\\receipt "final".pdf')).toBe('receipt _final_.pdf');
    expect(sanitizeFileName('...')).toBeUndefined();
    expect(sanitizeFileName(42)).toBeUndefined();
    expect(sanitizeFileName(`${'a'.repeat(300)}.jpg`)?.length).toBe(100);
  });
});
