/**
 * The agent event stream: a WebSocket at `<basePath>/api/agent/stream?token=<agent token>`.
 * The token rides in the query because browsers cannot set headers on a WebSocket. The upgrade is
 * always accepted and a bad token is then closed with 4401, so a browser client can read why (a
 * refused HTTP upgrade reaches page scripts only as an anonymous 1006).
 * Frames: `{type:'hello', agent}` first, then every `DeskEvent` as JSON. Protocol pings keep proxies
 * from closing idle sockets and drop peers that stopped answering.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { refuseUpgrade, SocketEndpoint } from '../../adapters/kit/socket-endpoint.js';
import type { AgentDesk, AgentProfile, DeskEvent } from '../../handoff/desk-api.js';
import { agentOf, type AuthenticateAgent } from './agent-auth.js';

/** First frame of every stream. */
export interface HelloFrame {
  readonly type: 'hello';
  readonly agent: AgentProfile;
}

/** Every frame the stream sends. */
export type StreamFrame = HelloFrame | DeskEvent;

/** Close codes of the stream, beside the standard 1001 (server shutting down). */
export const STREAM_CLOSE = { unauthorized: 4401, noProfile: 4404, subscribeFailed: 1011 } as const;

/** Options of `AgentStreams`. */
export interface AgentStreamsOptions {
  desk: AgentDesk;
  authenticate: AuthenticateAgent;
  /** The stream's path, e.g. '/api/agent/stream'. */
  path: string;
  heartbeatMs?: number;
  logger?: Logger;
}

/** Serves agent stream upgrades on an http.Server; other upgrade paths are left to other handlers. */
export class AgentStreams {
  readonly #options: AgentStreamsOptions;
  readonly #endpoint = new SocketEndpoint((req, socket, head) => this.#upgrade(req, socket, head));

  constructor(options: AgentStreamsOptions) {
    this.#options = options;
  }

  /** Starts answering upgrades on `server`. */
  attach(server: Server): void {
    this.#endpoint.attach(server);
  }

  /** Closes every socket (1001, going away) and stops answering upgrades. Safe to call twice. */
  close(): Promise<void> {
    return this.#endpoint.close();
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== this.#options.path) {
      // Upgrades elsewhere under the agent API are ours to refuse; any other path belongs to other handlers.
      if (url.pathname.startsWith(this.#options.path.replace(/stream$/, ''))) refuseUpgrade(socket, 404);
      return;
    }
    this.#endpoint.wss.handleUpgrade(req, socket, head, (ws) => void this.#serve(ws, url.searchParams.get('token')));
  }

  async #serve(ws: WebSocket, token: string | null): Promise<void> {
    const { desk, authenticate, logger } = this.#options;
    let unsubscribe: (() => Promise<void>) | undefined;
    let closed = false;
    let alive = true;
    const heartbeat = setInterval(() => {
      // No pong since the last ping: the peer is gone without a close frame.
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, this.#options.heartbeatMs ?? 20_000);
    ws.on('pong', () => (alive = true));
    ws.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      void unsubscribe?.().catch((error: unknown) => logger?.warn({ err: error }, 'console desk: unsubscribe failed'));
    });
    ws.on('error', (error) => logger?.debug({ err: error }, 'console desk: stream socket error'));
    // Clients send nothing the server needs; frames are ignored so a stray message cannot break the stream.
    ws.on('message', () => undefined);
    try {
      const agentId = await agentOf(authenticate, token);
      if (!agentId) return ws.close(STREAM_CLOSE.unauthorized, 'unauthorized: connect with ?token=<valid agent token>');
      const agent = await desk.me(agentId);
      if (!agent) return ws.close(STREAM_CLOSE.noProfile, 'no agent profile for this token');
      if (closed) return;
      send(ws, { type: 'hello', agent });
      const stop = await desk.subscribe(agentId, (event) => send(ws, event));
      if (closed) await stop();
      else unsubscribe = stop;
    } catch (error) {
      logger?.error({ err: error }, 'console desk: stream setup failed');
      if (!closed) ws.close(STREAM_CLOSE.subscribeFailed, 'stream setup failed; reconnect shortly');
    }
  }
}

/** Sends a frame while the socket is open; events for a closing socket are dropped. */
function send(ws: WebSocket, frame: StreamFrame): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}
