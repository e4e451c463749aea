/**
 * A loopback stand-in for Slack's Web API (point SLACK_API_URL at `apiUrl`): it answers like Slack
 * (`{ ok: true, ... }`, form-encoded requests with JSON-encoded fields) and records every call, so
 * tests assert what the desk posted, updated and asked. Channel members come back two per page, so
 * every run also walks conversations.members' cursor. It also takes slash-command answers posted to
 * a `response_url` (see `responseUrl`).
 *
 * Files as Slack has them: files.uploadV2 is three steps, all recorded: files.getUploadURLExternal
 * (filename, length) answers an `upload_url` and a file id; the bytes are POSTed there (`uploads`);
 * files.completeUploadExternal shares the files in a channel or thread. `addFile` puts a file an agent
 * shared on Slack's side: its `url_private` / `url_private_download` serve the bytes only with the bot
 * token as a bearer, as Slack does (`fileDownloads` records each download).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HeldCall, heldCalls } from './held-calls.js';

/** One Web API call: the method and its arguments (JSON fields decoded). */
export interface SlackCall {
  readonly method: string;
  readonly args: Record<string, any>;
  readonly token?: string;
  /** What the fake answered, e.g. the `ts` of a posted message. */
  readonly result: Record<string, any>;
}

export interface FakeSlackOptions {
  /** The bot token auth.test accepts; anything else is `invalid_auth`. */
  readonly botToken: string;
  /** Channel id → member ids. */
  readonly members?: Record<string, string[]>;
  /** User group id → member ids. */
  readonly usergroups?: Record<string, string[]>;
  /** User id → display name (users.info). */
  readonly users?: Record<string, string>;
}

/** A file uploaded to the fake through an upload URL. */
export interface FakeSlackUpload {
  readonly fileId: string;
  readonly filename: string;
  readonly bytes: Buffer;
}

/** A file as a message event's `files` carries it. */
export interface FakeSlackFile {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly mimetype: string;
  readonly filetype: string;
  readonly size: number;
  readonly url_private: string;
  readonly url_private_download: string;
  readonly mode: 'hosted';
}

export interface FakeSlack {
  /** e.g. http://127.0.0.1:40123/api/ */
  readonly apiUrl: string;
  readonly calls: SlackCall[];
  /** Bodies posted to response URLs, by id. */
  readonly responses: Array<{ readonly id: string; readonly body: any }>;
  /** What apps.connections.open answers (Socket Mode). */
  socketUrl?: string;
  /** Methods the fake refuses, with the error Slack would give (e.g. chat.postEphemeral → 'user_not_in_channel'). */
  readonly refusals: Map<string, string>;
  /** The arguments of every call to `method`, in order; a post's also carry the `ts` it got. */
  callsTo(method: string): Record<string, any>[];
  /** Bytes posted to upload URLs (files.uploadV2's second step). */
  readonly uploads: FakeSlackUpload[];
  /** File ids downloaded through url_private(_download), with the bot token. */
  readonly fileDownloads: string[];
  /** A file an agent shared, as the message event's `files` lists it; `size` may claim more than the bytes. */
  addFile(bytes: Buffer, options: { name: string; mimetype?: string; size?: number }): FakeSlackFile;
  /**
   * Holds the next call of `method` open until `release()`: `reached` resolves with its arguments once it
   * arrived, so a test knows the desk is in the middle of its work (e.g. to look at its inbox then).
   */
  holdNext(method: string): HeldCall<Record<string, any>>;
  /** A response_url for a slash command or a click; answers posted there land in `responses`. */
  responseUrl(id: string): string;
  close(): Promise<void>;
}

const read = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** JSON when it is JSON; a text that merely starts like it (a customer's "[object Object]") stays text. */
function parseOrKeep(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Slack's client sends form fields, with arrays and objects JSON-encoded; JSON bodies also occur. */
function decode(body: string, contentType: string | undefined): Record<string, any> {
  if (contentType?.startsWith('application/json')) return body ? JSON.parse(body) : {};
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(body)) args[key] = /^[[{]/.test(value) ? parseOrKeep(value) : value;
  return args;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeSlack({ botToken, members = {}, usergroups = {}, users = {} }: FakeSlackOptions): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const responses: FakeSlack['responses'] = [];
  let ts = 0;
  const nextTs = () => `${1_800_000_000 + ++ts}.000100`;
  const fake = { socketUrl: undefined as string | undefined, refusals: new Map<string, string>() };
  const uploads: FakeSlackUpload[] = [];
  const fileDownloads: string[] = [];
  const pendingUploads = new Map<string, { filename: string; length: number }>();
  const shared = new Map<string, { file: FakeSlackFile; bytes: Buffer }>();
  let fileCounter = 0;
  let base = '';

  const answer = (method: string, args: Record<string, any>, token: string | undefined): Record<string, unknown> => {
    if (method === 'apps.connections.open') return fake.socketUrl ? { ok: true, url: fake.socketUrl } : { ok: false, error: 'invalid_auth' };
    if (token !== botToken) return { ok: false, error: 'invalid_auth' };
    const refusal = fake.refusals.get(method);
    if (refusal) return { ok: false, error: refusal };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://shop.slack.com/', team: 'Shop', user: 'baton', team_id: 'T0SHOP', user_id: 'U0BATONBOT', bot_id: 'B0BATON' };
      case 'chat.postMessage': {
        const messageTs = nextTs();
        return { ok: true, channel: args.channel, ts: messageTs, message: { type: 'message', text: args.text, ts: messageTs, bot_id: 'B0BATON' } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
        const fileId = `F0UP${String(++fileCounter).padStart(6, '0')}`;
        pendingUploads.set(fileId, { filename: String(args.filename), length });
        return { ok: true, upload_url: `${base}/upload/v1/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(args.files) ? args.files : []) as Array<{ id: string; title?: string }>;
        if (files.length === 0 || files.some((file) => !uploads.some((upload) => upload.fileId === file.id))) return { ok: false, error: 'file_not_found' };
        return { ok: true, files: files.map((file) => ({ id: file.id, title: file.title ?? '' })) };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'conversations.members': {
        const all = members[args.channel];
        if (!all) return { ok: false, error: 'channel_not_found' };
        const start = Number(args.cursor ?? 0);
        const next = start + 2 < all.length ? String(start + 2) : '';
        return { ok: true, members: all.slice(start, start + 2), response_metadata: { next_cursor: next } };
      }
      case 'usergroups.users.list':
        return usergroups[args.usergroup] ? { ok: true, users: usergroups[args.usergroup] } : { ok: false, error: 'no_such_subteam' };
      case 'users.info':
        return users[args.user]
          ? {
              ok: true,
              user: {
                id: args.user,
                name: args.user.toLowerCase(),
                real_name: users[args.user],
                profile: { display_name: users[args.user], real_name: users[args.user] },
              },
            }
          : { ok: false, error: 'user_not_found' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const holds = heldCalls<Record<string, any>>();
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const upload = /^\/upload\/v1\/(\w+)$/.exec(url.pathname);
    if (upload && request.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const pending = pendingUploads.get(upload[1]!);
      if (!pending) return void response.writeHead(404).end('no such upload');
      // The Web API client posts the bytes as multipart form data; a raw body is taken too.
      let bytes = raw;
      if (request.headers['content-type']?.startsWith('multipart/form-data')) {
        const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': request.headers['content-type'] } }).formData();
        const part = [...form.values()].find((value) => typeof value !== 'string');
        bytes = part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
      }
      pendingUploads.delete(upload[1]!);
      uploads.push({ fileId: upload[1]!, filename: pending.filename, bytes });
      return void response.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
    }
    const download = /^\/files-pri\/T0SHOP-(\w+)\/(?:download\/)?[^/]+$/.exec(url.pathname);
    if (download && request.method === 'GET') {
      const file = shared.get(download[1]!);
      // Without the bot token Slack answers its sign-in page, not the file.
      if (request.headers.authorization !== `Bearer ${botToken}` || !file)
        return void response.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      fileDownloads.push(file.file.id);
      return void response.writeHead(200, { 'content-type': file.file.mimetype, 'content-length': String(file.bytes.length) }).end(file.bytes);
    }
    const body = await read(request);
    if (url.pathname.startsWith('/respond/')) {
      responses.push({ id: url.pathname.slice('/respond/'.length), body: decode(body, request.headers['content-type']) });
      response.writeHead(200).end('ok');
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = decode(body, request.headers['content-type']);
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? args.token;
    await holds.pass(method, args);
    const result = answer(method, args, token);
    calls.push({ method, args, token, result });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(fake, {
    apiUrl: `${base}/api/`,
    calls,
    responses,
    uploads,
    fileDownloads,
    addFile(bytes: Buffer, { name, mimetype = 'application/octet-stream', size = bytes.length }: { name: string; mimetype?: string; size?: number }) {
      const id = `F0AG${String(++fileCounter).padStart(6, '0')}`;
      const file: FakeSlackFile = {
        id,
        name,
        title: name,
        mimetype,
        filetype: name.split('.').pop() ?? 'binary',
        size,
        url_private: `${base}/files-pri/T0SHOP-${id}/${encodeURIComponent(name)}`,
        url_private_download: `${base}/files-pri/T0SHOP-${id}/download/${encodeURIComponent(name)}`,
        mode: 'hosted',
      };
      shared.set(id, { file, bytes });
      return file;
    },
    callsTo: (method: string) =>
      calls.filter((call) => call.method === method).map((call) => (method === 'chat.postMessage' ? { ...call.args, ts: call.result.ts } : call.args)),
    responseUrl: (id: string) => `${base}/respond/${id}`,
    holdNext: holds.holdNext,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
