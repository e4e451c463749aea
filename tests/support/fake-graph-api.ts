/**
 * A loopback fake of the Graph API's `POST /{version}/{phone-number-id}/messages`: records every call
 * (path, headers, JSON body, the status it answered) and answers like the Cloud API, with a fresh wamid;
 * `failNext` makes it answer errors first, as Meta does when throttling or failing.
 */
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

/** The running fake. */
export interface FakeGraphApi {
  /** e.g. 'http://127.0.0.1:41234': pass as `graphApiBase` / WHATSAPP_GRAPH_API_BASE. */
  readonly url: string;
  readonly calls: RecordedCall[];
  /** Answered calls with status 200, i.e. messages the customer would see. */
  delivered(to?: string): RecordedCall[];
  /** Answers the next `times` calls with `status` and a Graph error body (`code` default: 130429 for 429, else 2). */
  failNext(status: number, times?: number, code?: number): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeGraphApi(): Promise<FakeGraphApi> {
  const calls: RecordedCall[] = [];
  const failures: { status: number; code: number }[] = [];
  let sequence = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
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
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
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
  return `[template ${body.template.name}]`;
}

/** The option titles and ids of a recorded interactive message (buttons or list rows). */
export function shownOptions(call: RecordedCall): { id: string; title: string }[] {
  const body = call.body;
  if (body.type !== 'interactive') return [];
  if (body.interactive.type === 'button') return body.interactive.action.buttons.map((button) => button.reply);
  return body.interactive.action.sections.flatMap((section) => section.rows.map(({ id, title }) => ({ id, title })));
}
