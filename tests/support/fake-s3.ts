/**
 * A loopback S3: PutObject, GetObject, HeadObject, DeleteObject and ListObjectsV2, path-style, on one
 * bucket. Every request must carry a valid AWS Signature V4 for the configured keys, checked here
 * from the specification (canonical request, string to sign, derived key), not with the signer the
 * store uses; a request with a wrong signature or a body whose hash differs from the signed one gets
 * 403 `SignatureDoesNotMatch`, as S3 answers. `calls` records what was asked.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3 {
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  /** Stored objects by key. */
  readonly objects: Map<string, { body: Buffer; headers: Record<string, string>; lastModified: Date }>;
  readonly calls: Array<{ method: string; path: string; status: number }>;
  /** Keys per ListObjectsV2 page (small, so paging is exercised). */
  pageSize: number;
  /** The server's clock, for LastModified; tests move it. */
  clock: () => number;
  close(): Promise<void>;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function verifySignature(req: IncomingMessage, body: Buffer, fake: Pick<FakeS3, 'accessKeyId' | 'secretAccessKey' | 'region'>): string | undefined {
  const auth = req.headers.authorization ?? '';
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!match) return 'missing or malformed Authorization';
  const [, keyId, date, region, signedHeaders, signature] = match as unknown as string[];
  if (keyId !== fake.accessKeyId) return 'unknown access key';
  if (region !== fake.region) return 'wrong region';
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date!)) return 'x-amz-date does not match the credential date';
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256(body)) return 'body does not match x-amz-content-sha256';
  const url = new URL(req.url ?? '/', 'http://fake');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed';
  const headers = names
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const canonical = [req.method, url.pathname, query, headers, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${fake.secretAccessKey}`, date!), region!), 's3'), 'aws4_request');
  const expected = Buffer.from(hmac(key, toSign).toString('hex'));
  return timingSafeEqual(expected, Buffer.from(signature!)) ? undefined : 'signature does not match';
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Starts the fake on a free loopback port. */
export async function startFakeS3({ bucket = 'baton-media', region = 'us-east-1' } = {}): Promise<FakeS3> {
  const objects: FakeS3['objects'] = new Map();
  const calls: FakeS3['calls'] = [];
  const fake = {
    accessKeyId: 'AKIAFAKEBATON0000001',
    secretAccessKey: 'fake-secret-key-for-baton-tests-0123456789',
    region,
    pageSize: 2,
    clock: () => Date.now(),
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const answer = (status: number, text = '', headers: Record<string, string> = {}) => {
      calls.push({ method: req.method ?? '', path: url.pathname + url.search, status });
      res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : text);
    };
    const problem = verifySignature(req, body, fake);
    if (problem) return answer(403, `<Error><Code>SignatureDoesNotMatch</Code><Message>${xml(problem)}</Message></Error>`);
    const prefix = `/${bucket}`;
    if (!url.pathname.startsWith(prefix)) return answer(404, '<Error><Code>NoSuchBucket</Code></Error>');
    const key = decodeURIComponent(url.pathname.slice(prefix.length + 1));
    if (req.method === 'GET' && !key && url.searchParams.get('list-type') === '2') {
      const wanted = url.searchParams.get('prefix') ?? '';
      const all = [...objects.keys()].filter((k) => k.startsWith(wanted)).sort();
      const start = Number(url.searchParams.get('continuation-token') ?? '0');
      const page = all.slice(start, start + fake.pageSize);
      const truncated = start + fake.pageSize < all.length;
      const contents = page
        .map(
          (k) =>
            `<Contents><Key>${xml(k)}</Key><LastModified>${objects.get(k)!.lastModified.toISOString()}</LastModified><Size>${objects.get(k)!.body.length}</Size></Contents>`,
        )
        .join('');
      return answer(
        200,
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${xml(wanted)}</Prefix><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextContinuationToken>${start + fake.pageSize}</NextContinuationToken>` : ''}${contents}</ListBucketResult>`,
        { 'content-type': 'application/xml' },
      );
    }
    if (req.method === 'PUT') {
      const headers: Record<string, string> = { 'content-type': String(req.headers['content-type'] ?? 'binary/octet-stream') };
      for (const [name, value] of Object.entries(req.headers)) if (name.startsWith('x-amz-meta-')) headers[name] = String(value);
      objects.set(key, { body, headers, lastModified: new Date(fake.clock()) });
      return answer(200, '', { etag: `"${sha256(body).slice(0, 32)}"` });
    }
    const object = objects.get(key);
    if (req.method === 'DELETE') {
      objects.delete(key);
      return answer(204);
    }
    if (!object) return answer(404, '<Error><Code>NoSuchKey</Code></Error>');
    if (req.method === 'HEAD' || req.method === 'GET')
      return answer(200, object.body as unknown as string, { ...object.headers, 'content-length': String(object.body.length) });
    return answer(405);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    objects,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
