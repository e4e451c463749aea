/**
 * A loopback stand-in for Slack's Web API (point SLACK_API_URL at `apiUrl`): it answers like Slack
 * (`{ ok: true, ... }`, form-encoded requests with JSON-encoded fields) and records every call, so
 * tests assert what the desk posted, updated and asked. Channel members come back two per page, so
 * every run also walks conversations.members' cursor. It also takes slash-command answers posted to
 * a `response_url` (see `responseUrl`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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

export interface FakeSlack {
  /** e.g. http://127.0.0.1:40123/api/ */
  readonly apiUrl: string;
  readonly calls: SlackCall[];
  /** Bodies posted to response URLs, by id. */
  readonly responses: Array<{ readonly id: string; readonly body: any }>;
  /** What apps.connections.open answers (Socket Mode). */
  socketUrl?: string;
  /** The arguments of every call to `method`, in order; a post's also carry the `ts` it got. */
  callsTo(method: string): Record<string, any>[];
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
  const fake = { socketUrl: undefined as string | undefined };

  const answer = (method: string, args: Record<string, any>, token: string | undefined): Record<string, unknown> => {
    if (method === 'apps.connections.open') return fake.socketUrl ? { ok: true, url: fake.socketUrl } : { ok: false, error: 'invalid_auth' };
    if (token !== botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://shop.slack.com/', team: 'Shop', user: 'baton', team_id: 'T0SHOP', user_id: 'U0BATONBOT', bot_id: 'B0BATON' };
      case 'chat.postMessage': {
        const messageTs = nextTs();
        return { ok: true, channel: args.channel, ts: messageTs, message: { type: 'message', text: args.text, ts: messageTs, bot_id: 'B0BATON' } };
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

  const server: Server = createServer(async (request, response) => {
    const body = await read(request);
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/respond/')) {
      responses.push({ id: url.pathname.slice('/respond/'.length), body: decode(body, request.headers['content-type']) });
      response.writeHead(200).end('ok');
      return;
    }
    const method = url.pathname.replace(/^\/api\//, '');
    const args = decode(body, request.headers['content-type']);
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? args.token;
    const result = answer(method, args, token);
    calls.push({ method, args, token, result });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(fake, {
    apiUrl: `${base}/api/`,
    calls,
    responses,
    callsTo: (method: string) =>
      calls.filter((call) => call.method === method).map((call) => (method === 'chat.postMessage' ? { ...call.args, ts: call.result.ts } : call.args)),
    responseUrl: (id: string) => `${base}/respond/${id}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
