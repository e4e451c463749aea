/**
 * A loopback fake of the Graph API's `POST /{version}/{phone-number-id}/messages`: records every call
 * (path, headers, JSON body, the status it answered) and answers like the Cloud API, with a fresh wamid;
 * `failNext` makes it answer errors first, as Meta does when throttling or failing.
 *
 * Media as the Cloud API has them: `addMedia` puts a file a customer sent on Meta's side; `GET
 * /{version}/{media-id}` (bearer token) answers its short-lived `url`, `mime_type`, `sha256` and
 * `file_size`, and that URL serves the bytes only with the same bearer token. `POST
 * /{version}/{phone-number-id}/media` (multipart: `file`, `type`, `messaging_product`) takes an upload
 * and answers its media id; uploads are recorded in `uploads`. Media calls are not in `calls`, which
 * holds sent messages only.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphErrorBody, OutgoingMessage, SendMessageResponse } from '../../adapters/whatsapp/payload-types.js';

/** One request the fake received. */
export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: OutgoingMessage;
  /** The HTTP status the fake answered. */
  status: number;
  /** The wamid it returned, for 200 answers. */
  messageId?: string;
}

/** A file uploaded through `POST /{phone-number-id}/media`. */
export interface FakeMediaUpload {
  readonly id: string;
  readonly type: string;
  readonly filename: string;
  readonly bytes: Buffer;
  readonly authorization?: string;
}

/** The running fake. */
export interface FakeGraphApi {
  /** e.g. 'http://127.0.0.1:41234': pass as `graphApiBase` / WHATSAPP_GRAPH_API_BASE. */
  readonly url: string;
  readonly calls: RecordedCall[];
  /** Answered calls with status 200, i.e. messages the customer would see. */
  delivered(to?: string): RecordedCall[];
  /** Answers the next `times` calls with `status` and a Graph error body (`code` default: 130429 for 429, else 2). */
  failNext(status: number, times?: number, code?: number): void;
  /** Puts a customer's file on Meta's side; resolves the media id a webhook names. `mimeType` is Meta's claim, not checked. */
  addMedia(bytes: Buffer, options?: { mimeType?: string; size?: number }): string;
  /** Media ids whose bytes were downloaded, in order. */
  readonly mediaDownloads: string[];
  /** Files uploaded for sending. */
  readonly uploads: FakeMediaUpload[];
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeGraphApi(): Promise<FakeGraphApi> {
  const calls: RecordedCall[] = [];
  const failures: { status: number; code: number }[] = [];
  let sequence = 0;
  const media = new Map<string, { bytes: Buffer; mimeType: string; size: number }>();
  const mediaDownloads: string[] = [];
  const uploads: FakeMediaUpload[] = [];
  let base = '';
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const unauthorized = (res: import('node:http').ServerResponse) =>
    json(res, 401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190, fbtrace_id: 'fake' } });

  /** The media routes; true when the request was one of them. */
  async function mediaRoute(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, raw: Buffer): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const download = /^\/media-download\/([\w-]+)$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      const stored = media.get(download[1]!);
      if (!req.headers.authorization?.startsWith('Bearer ')) return (unauthorized(res), true);
      if (!stored) return (json(res, 404, { error: { message: 'not found', code: 100 } }), true);
      mediaDownloads.push(download[1]!);
      res.writeHead(200, { 'content-type': stored.mimeType, 'content-length': String(stored.bytes.length) }).end(stored.bytes);
      return true;
    }
    const info = /^\/v[\d.]+\/([\w-]+)$/.exec(url.pathname);
    if (info && req.method === 'GET') {
      if (!req.headers.authorization?.startsWith('Bearer ')) return (unauthorized(res), true);
      const stored = media.get(info[1]!);
      if (!stored) return (json(res, 400, { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'fake' } }), true);
      json(res, 200, {
        messaging_product: 'whatsapp',
        url: `${base}/media-download/${info[1]}`,
        mime_type: stored.mimeType,
        sha256: createHash('sha256').update(stored.bytes).digest('hex'),
        file_size: stored.size,
        id: info[1],
      });
      return true;
    }
    if (/^\/v[\d.]+\/[\w-]+\/media$/.test(url.pathname) && req.method === 'POST') {
      if (!req.headers.authorization?.startsWith('Bearer ')) return (unauthorized(res), true);
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file');
      if (form.get('messaging_product') !== 'whatsapp' || typeof file === 'string' || !file) {
        return (json(res, 400, { error: { message: '(#100) The parameter messaging_product and file are required.', code: 100 } }), true);
      }
      const id = `${9_000_000_000_000 + ++sequence}`;
      const bytes = Buffer.from(await file.arrayBuffer());
      uploads.push({
        id,
        type: String(form.get('type') ?? ''),
        filename: file.name,
        bytes,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      media.set(id, { bytes, mimeType: String(form.get('type') ?? file.type), size: bytes.length });
      json(res, 200, { id });
      return true;
    }
    return false;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      if (!/\/messages$/.test(req.url ?? '') && (await mediaRoute(req, res, Buffer.concat(chunks)))) return;
      let body: OutgoingMessage;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OutgoingMessage;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad json', code: 100 } }));
        return;
      }
      const failure = failures.shift();
      const call: RecordedCall = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, status: failure?.status ?? 200 };
      calls.push(call);
      if (failure) {
        const error: GraphErrorBody = { error: { message: `fake failure ${failure.status}`, type: 'OAuthException', code: failure.code, fbtrace_id: 'fake' } };
        res.writeHead(failure.status, { 'content-type': 'application/json' }).end(JSON.stringify(error));
        return;
      }
      call.messageId = `wamid.fake${++sequence}`;
      const answer: SendMessageResponse = { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: call.messageId }] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    calls,
    mediaDownloads,
    uploads,
    addMedia(bytes, { mimeType = 'image/jpeg', size = bytes.length } = {}) {
      const id = `${1_400_000_000_000_000 + ++sequence}`;
      media.set(id, { bytes, mimeType, size });
      return id;
    },
    delivered: (to) => calls.filter((call) => call.status === 200 && (to === undefined || call.body.to === to)),
    failNext(status, times = 1, code = status === 429 ? 130429 : 2) {
      for (let i = 0; i < times; i++) failures.push({ status, code });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The text a customer sees in a recorded message: the text body, the interactive body, or the template name. */
export function shownText(call: RecordedCall): string {
  const body = call.body;
  if (body.type === 'text') return body.text.body;
  if (body.type === 'interactive') return body.interactive.body.text;
  if (body.type === 'template') return `[template ${body.template.name}]`;
  const content = (body as unknown as Record<string, { caption?: string }>)[body.type];
  return `[${body.type}]${content?.caption ? ` ${content.caption}` : ''}`;
}

/** The option titles and ids of a recorded interactive message (buttons or list rows). */
export function shownOptions(call: RecordedCall): { id: string; title: string }[] {
  const body = call.body;
  if (body.type !== 'interactive') return [];
  if (body.interactive.type === 'button') return body.interactive.action.buttons.map((button) => button.reply);
  return body.interactive.action.sections.flatMap((section) => section.rows.map(({ id, title }) => ({ id, title })));
}
