/**
 * A WebSocket endpoint on Baton's one HTTP server, written once for every channel and desk that streams
 * (Direct Line's stream, the console's agent stream): it answers the `upgrade` events its handler claims,
 * leaves other paths to other endpoints, and on close says goodbye to every client (1001, going away).
 * `refuseUpgrade` answers an upgrade it will not take with a plain HTTP status, with Baton's JSON error
 * body when given one.
 */
import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';

/** Handles one upgrade request: calls `wss.handleUpgrade`, refuses it, or leaves it (a path of another endpoint). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Options of `SocketEndpoint`. */
export interface SocketEndpointOptions {
  /** Largest frame a client may send; a larger one closes the socket with 1009 (ws's default is 100 MiB). Default 64 KiB. */
  readonly maxPayload?: number;
}

/** The sockets of one streaming endpoint, attached to a server's upgrades. */
export class SocketEndpoint {
  /** The endpoint's sockets: `handleUpgrade` takes a request on, `clients` are the open ones. */
  readonly wss: WebSocketServer;
  readonly #onUpgrade: UpgradeHandler;
  #server: Server | undefined;

  constructor(onUpgrade: UpgradeHandler, { maxPayload = 64 * 1024 }: SocketEndpointOptions = {}) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload });
    this.#onUpgrade = onUpgrade;
  }

  /** Starts answering upgrades on `server`. */
  attach(server: Server): void {
    this.#server = server;
    server.on('upgrade', this.#onUpgrade);
  }

  /** Closes every socket (1001, going away) and stops answering upgrades. Safe to call twice. */
  async close(): Promise<void> {
    this.#server?.off('upgrade', this.#onUpgrade);
    this.#server = undefined;
    for (const client of this.wss.clients) client.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** Refuses an upgrade with `status`: with `{ error: { code, message } }` when `error` is given, else an empty body. */
export function refuseUpgrade(socket: Duplex, status: number, error?: { readonly code: string; readonly message: string }): void {
  const reason = STATUS_CODES[status] ?? 'Error';
  if (!error) {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    return;
  }
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
