/**
 * Media on an S3-compatible object store (AWS S3, MinIO, Cloudflare R2, Ceph...), for production and
 * more than one instance. Objects are `<prefix><conversation tag>/<key>`, path-style
 * (`<endpoint>/<bucket>/<object>`), which every S3-compatible server accepts; the record rides in the
 * object's user metadata, so one HEAD answers `stat`. Requests are signed with AWS Signature V4 by
 * `aws4` (a small, dependency-free signer), sent with the built-in fetch and bounded in time.
 */
import { Readable } from 'node:stream';
import aws4 from 'aws4';
import { ChannelApiError } from '../errors.js';
import { conversationTag, type MediaRecord, type MediaStore, MediaTooLargeError, newMediaId, parseMediaId } from './media-store.js';
import { withoutTrailingSlashes } from '../text-ends.js';

export interface S3MediaStoreOptions {
  /** e.g. 'https://s3.eu-central-1.amazonaws.com' or 'http://minio:9000'. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Default 'us-east-1' (what MinIO expects unless configured otherwise). */
  readonly region?: string;
  /** Object key prefix, e.g. 'baton/'; default 'media/'. */
  readonly prefix?: string;
  /** The largest file it keeps; default 25 MB. */
  readonly maxBytes?: number;
  /** Per request; default 30 s. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

const RECORD_HEADER = 'x-amz-meta-baton-record';

/** A media store on S3. */
export function createS3MediaStore(options: S3MediaStoreOptions): MediaStore {
  const {
    bucket,
    accessKeyId,
    secretAccessKey,
    region = 'us-east-1',
    prefix = 'media/',
    maxBytes = 25 * 2 ** 20,
    timeoutMs = 30_000,
    now = Date.now,
  } = options;
  const endpoint = new URL(options.endpoint);
  const base = withoutTrailingSlashes(endpoint.pathname);

  /** One signed request; `path` is below the bucket and already safe (ids and prefixes are [A-Za-z0-9_./-]). */
  const send = async (method: string, path: string, { body, headers = {} }: { body?: Buffer; headers?: Record<string, string> } = {}) => {
    const request = {
      host: endpoint.host,
      path: `${base}/${bucket}${path}`,
      method,
      service: 's3',
      region,
      headers: { ...headers },
      ...(body ? { body } : {}),
    };
    aws4.sign(request, { accessKeyId, secretAccessKey });
    const response = await fetch(`${endpoint.protocol}//${endpoint.host}${request.path}`, {
      method,
      headers: request.headers as Record<string, string>,
      ...(body ? { body: new Uint8Array(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response;
  };
  // Only S3's error code is kept: its error bodies echo the access key id, the string to sign and the
  // canonical request (SignatureDoesNotMatch), which must not reach an error message or a log.
  const fail = async (method: string, response: Response): Promise<never> => {
    const body = (await response.text().catch(() => '')).slice(0, 4096);
    const code = /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(body)?.[1] ?? 'no error code';
    throw new ChannelApiError(`s3.${method}`, undefined, `The media store answered ${response.status} to ${method}: ${code}`, { status: response.status });
  };
  const objectPath = (id: string) => {
    const parsed = parseMediaId(id);
    return parsed ? `/${prefix}${parsed.tag}/${parsed.key}` : undefined;
  };
  const recordOf = (response: Response): MediaRecord | undefined => {
    const raw = response.headers.get(RECORD_HEADER);
    if (!raw) return undefined;
    try {
      return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as MediaRecord;
    } catch {
      return undefined;
    }
  };
  /** Every object key under `keyPrefix`, with its time, page by page. */
  const list = async (keyPrefix: string): Promise<Array<{ key: string; at: number }>> => {
    const found: Array<{ key: string; at: number }> = [];
    let token: string | undefined;
    do {
      const query = `?list-type=2&prefix=${encodeURIComponent(keyPrefix)}${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
      const response = await send('GET', query);
      if (!response.ok) await fail('ListObjectsV2', response);
      const xml = await response.text();
      for (const content of elementsNamed(xml, 'Contents')) {
        const key = /<Key>([^<]*)<\/Key>/.exec(content)?.[1];
        const at = Date.parse(/<LastModified>([^<]*)<\/LastModified>/.exec(content)?.[1] ?? '');
        if (key) found.push({ key: unescapeXml(key), at });
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
        ? unescapeXml(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '')
        : undefined;
    } while (token);
    return found;
  };
  const deleteKey = async (key: string) => {
    const response = await send('DELETE', `/${key}`);
    if (!response.ok && response.status !== 404) await fail('DeleteObject', response);
  };

  return {
    async put(input) {
      if (input.bytes.length > maxBytes) throw new MediaTooLargeError(input.bytes.length, maxBytes);
      const id = newMediaId(input.conversationId);
      const record: MediaRecord = {
        id,
        conversationId: input.conversationId,
        kind: input.kind,
        contentType: input.contentType,
        size: input.bytes.length,
        ...(input.name ? { name: input.name } : {}),
        createdAt: now(),
      };
      const headers = { 'content-type': input.contentType, [RECORD_HEADER]: Buffer.from(JSON.stringify(record)).toString('base64url') };
      const response = await send('PUT', objectPath(id)!, { body: Buffer.from(input.bytes), headers });
      if (!response.ok) await fail('PutObject', response);
      await response.body?.cancel();
      return record;
    },
    async get(id) {
      const path = objectPath(id);
      if (!path) return undefined;
      const response = await send('GET', path);
      if (response.status === 404) return undefined;
      if (!response.ok) await fail('GetObject', response);
      const record = recordOf(response);
      if (!record || !response.body) {
        await response.body?.cancel();
        return undefined;
      }
      return { record, body: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>) };
    },
    async stat(id) {
      const path = objectPath(id);
      if (!path) return undefined;
      const response = await send('HEAD', path);
      if (response.status === 404) return undefined;
      if (!response.ok) await fail('HeadObject', response);
      return recordOf(response);
    },
    async delete(id) {
      const path = objectPath(id);
      if (!path) return false;
      const head = await send('HEAD', path);
      if (head.status === 404) return false;
      await deleteKey(path.slice(1));
      return true;
    },
    async deleteConversation(conversationId) {
      const keys = await list(`${prefix}${conversationTag(conversationId)}/`);
      for (const { key } of keys) await deleteKey(key);
      return keys.length;
    },
    async sweep(before) {
      let count = 0;
      for (const { key, at } of await list(prefix)) {
        if (!(at < before)) continue;
        await deleteKey(key);
        count++;
      }
      return count;
    },
  };
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name] ?? '');
}

/** The bodies of `<name>…</name>` elements in `xml`, read once from left to right (a lazy regex rescans). */
function elementsNamed(xml: string, name: string): string[] {
  const open = `<${name}>`;
  const close = `</${name}>`;
  const bodies: string[] = [];
  for (let at = xml.indexOf(open); at >= 0; ) {
    const end = xml.indexOf(close, at + open.length);
    if (end < 0) break;
    bodies.push(xml.slice(at + open.length, end));
    at = xml.indexOf(open, end + close.length);
  }
  return bodies;
}
