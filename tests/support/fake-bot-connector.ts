/**
 * A loopback fake of the Bot Framework Connector service (the `serviceUrl` of every Bot Framework
 * activity): records the bot's replies (`POST /v3/conversations/{id}/activities/{replyToId}`) and
 * proactive messages (`POST /v3/conversations/{id}/activities`) and answers with an id, as Azure's
 * connector does; other calls answer 404.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One activity the bot sent. */
export interface ConnectorCall {
  conversationId: string;
  /** Set for a reply to an incoming activity, absent for a proactive message. */
  replyToId?: string;
  authorization?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read any Activity field
  activity: Record<string, any>;
}

export interface FakeConnector {
  /** e.g. 'http://127.0.0.1:41234/': put it in activities as `serviceUrl`. */
  readonly serviceUrl: string;
  readonly calls: ConnectorCall[];
  /** Files the connector serves at GET <path> (channel attachments), and the Authorization each GET carried. */
  readonly files: Map<string, { body: Buffer; contentType: string }>;
  readonly fileRequests: Array<{ path: string; authorization?: string }>;
  /** Texts of the message activities sent to `conversationId`, in order. */
  messages(conversationId: string): string[];
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const files: FakeConnector['files'] = new Map();
  const fileRequests: FakeConnector['fileRequests'] = [];
  let sequence = 0;
  const server = createServer(async (req, res) => {
    if (req.method === 'GET' && files.has(req.url ?? '')) {
      fileRequests.push({ path: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      const file = files.get(req.url ?? '')!;
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.body.length) }).end(file.body);
      return;
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NotFound', message: `${req.method} ${req.url}` } }));
      return;
    }
    calls.push({
      conversationId: decodeURIComponent(match[1]),
      ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      activity: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `activity-${++sequence}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    files,
    fileRequests,
    messages: (conversationId) =>
      calls.filter((call) => call.conversationId === conversationId && call.activity.type === 'message').map((call) => String(call.activity.text ?? '')),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let counter = 0;

/** A message activity as a Bot Framework channel posts it to /api/messages. */
export function channelActivity(
  serviceUrl: string,
  conversationId: string,
  text: string,
  { channelId = 'emulator', userName = 'Jordan' } = {},
): Record<string, unknown> {
  return {
    type: 'message',
    id: `incoming-${Date.now().toString(36)}-${++counter}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId,
    from: { id: `user-${conversationId}`, name: userName, role: 'user' },
    conversation: { id: conversationId },
    recipient: { id: 'baton-bot', name: 'Baton' },
    text,
    locale: 'en-US',
  };
}
