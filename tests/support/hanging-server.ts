/**
 * A loopback server that takes requests and never answers them (a platform API that hangs): counts
 * what it received, so a test sees a client give up and retry within its bound. `close()` drops every
 * held connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HangingServer {
  /** e.g. 'http://127.0.0.1:41234'. */
  readonly url: string;
  /** Requests received so far (method and path). */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Starts the server. With `headersFirst`, it sends a 200 and its headers, then never the body (a server
 * that stalls mid-answer).
 */
export async function startHangingServer({ headersFirst = false } = {}): Promise<HangingServer> {
  const requests: string[] = [];
  const held: ServerResponse<IncomingMessage>[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    held.push(res);
    if (headersFirst) res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
