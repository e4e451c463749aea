/**
 * The Direct Line WebSocket stream: `<mountPath>/conversations/:id/stream?watermark=&t=<token>`.
 * Each socket subscribes to the shared activity log from its watermark and receives
 * `{activities, watermark}` frames, plus empty frames as heartbeats (Direct Line clients ignore them;
 * they keep proxies from closing idle sockets). Clients' own empty "ping" frames are ignored.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { originOf, type PresentActivities } from './media-urls.js';
import type { WebSocket } from 'ws';
import { refuseUpgrade, SocketEndpoint } from '../kit/socket-endpoint.js';
import { isStoreUnavailable, RequestError } from '../../infra/errors.js';
import type { ActivityLog } from './activity-log.js';
import { checkTokenOrigin } from './origin-tokens.js';
import type { OriginPolicy } from './origins.js';
import { STORE_DOWN_MESSAGE } from './request-guards.js';
import { authenticate, bearerOf, requireConversationAccess, type TokenIssuer } from './verification.js';

/** Options of `DirectLineStreams`. */
export interface DirectLineStreamsOptions {
  activityLog: ActivityLog;
  tokens: TokenIssuer;
  secret?: string;
  mountPath: string;
  /** The origins the REST API allows; a browser socket from any other is refused (403). */
  origins?: OriginPolicy;
  heartbeatMs?: number;
  logger?: Logger;
  /** Adds signed URLs to stored files on each batch (media-urls.ts). */
  present?: PresentActivities;
  /** PUBLIC_URL, when set: the origin of those URLs; else the request's host. */
  publicUrl?: string;
}

/** Serves stream upgrades on an http.Server; other upgrade paths are left to other handlers. */
export class DirectLineStreams {
  readonly #options: DirectLineStreamsOptions;
  // Clients only send pings (empty frames): the kit's endpoint closes a larger frame with 1009.
  readonly #endpoint = new SocketEndpoint((req, socket, head) => void this.#upgrade(req, socket, head));
  readonly #pattern: RegExp;

  constructor(options: DirectLineStreamsOptions) {
    this.#options = options;
    const escaped = options.mountPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.#pattern = new RegExp(`^${escaped}/conversations/([A-Za-z0-9_-]{1,64})/stream$`);
  }

  /** Starts answering upgrades on `server`. */
  attach(server: Server): void {
    this.#endpoint.attach(server);
  }

  /** Closes every socket (1001, going away) and stops answering upgrades. Safe to call twice. */
  close(): Promise<void> {
    return this.#endpoint.close();
  }

  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = this.#pattern.exec(url.pathname);
    if (!match) {
      if (url.pathname.startsWith(`${this.#options.mountPath}/`))
        refuse(socket, 404, 'NotFound', `No Direct Line stream at ${url.pathname}; use the streamUrl from POST /conversations.`);
      return;
    }
    const conversationId = match[1];
    const { activityLog, tokens, secret } = this.#options;
    try {
      const origin = req.headers.origin;
      if (this.#options.origins && !this.#options.origins.allows(origin, req.headers.host)) {
        throw new RequestError(403, 'Forbidden', 'This origin may not open Direct Line streams; add it to ALLOWED_ORIGINS.');
      }
      const credential = url.searchParams.get('t') ?? bearerOf(req.headers.authorization);
      const access = requireConversationAccess(authenticate(credential ?? undefined, secret, tokens), conversationId);
      if (access.kind === 'token') checkTokenOrigin(access.claims, origin);
      if (!(await activityLog.getConversation(conversationId)))
        throw new RequestError(404, 'NotFound', `Conversation '${conversationId}' does not exist or has expired. Start a new one with POST /conversations.`);
    } catch (error) {
      if (error instanceof RequestError) return refuse(socket, error.status, error.code, error.message);
      if (isStoreUnavailable(error)) return refuse(socket, 503, 'ServiceUnavailable', STORE_DOWN_MESSAGE);
      this.#options.logger?.error({ err: error }, 'directline: stream upgrade failed');
      return refuse(socket, 500, 'ServiceError', 'The service failed; try again shortly.');
    }
    const origin = this.#options.publicUrl ? originOf(this.#options.publicUrl) : `http://${req.headers.host ?? 'localhost'}`;
    this.#endpoint.wss.handleUpgrade(req, socket, head, (ws) => void this.#serve(ws, conversationId, url.searchParams.get('watermark') ?? undefined, origin));
  }

  async #serve(ws: WebSocket, conversationId: string, afterWatermark: string | undefined, origin: string): Promise<void> {
    const heartbeat = setInterval(() => ws.send(''), this.#options.heartbeatMs ?? 20_000);
    let unsubscribe: (() => void) | undefined;
    let closed = false;
    ws.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      unsubscribe?.();
    });
    ws.on('error', (error) => this.#options.logger?.debug({ err: error, conversationId }, 'directline: stream socket error'));
    try {
      const stop = await this.#options.activityLog.subscribe(
        conversationId,
        (batch) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(this.#options.present ? this.#options.present(batch, origin) : batch));
        },
        { afterWatermark },
      );
      if (closed) stop();
      else unsubscribe = stop;
    } catch (error) {
      this.#options.logger?.error({ err: error, conversationId }, 'directline: stream subscription failed');
      ws.close(1011, 'subscription failed');
    }
  }
}

/** Refuses an upgrade with the Direct Line error body every other endpoint sends, so a client (or its developer) reads why. */
const refuse = (socket: Duplex, status: number, code: string, message: string) => refuseUpgrade(socket, status, { code, message });
