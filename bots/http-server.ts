/**
 * Baton's HTTP server: one express app that mounts every channel's router, the widget, a bot's static
 * pages, and the health endpoints ops and load balancers poll. It knows channels only by the contract.
 *
 * Shutting down starts with `drain()`: from that moment /readyz answers 503 (the load balancer stops
 * sending work), and any request that would start work (every method but GET and HEAD: a Direct Line
 * post, a webhook, an agent action) answers 503 so the client retries on another instance, while
 * reads (polling, the widget) are still served and turns already taken finish.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Channel } from '../adapters/channel.js';
import { channelErrorHandler } from '../adapters/kit/http-errors.js';
import { withLogFields } from '../infra/log-context.js';
import type { Logger } from '../infra/logger.js';
import type { TrustProxy } from '../infra/trust-proxy.js';
import { securityHeaders } from './security-headers.js';

export interface HttpServerOptions {
  readonly channels: readonly Channel[];
  /** Extra routers mounted at '/', e.g. the widget script and a bot's demo pages. */
  readonly routers?: readonly Router[];
  /** Resolves true when the instance can take traffic (Redis reachable, models loaded). */
  readonly isReady?: () => Promise<boolean>;
  readonly logger?: Logger;
  /**
   * Which proxies may name the client in X-Forwarded-For (the TRUST_PROXY setting); `req.ip` is the
   * address they name. Default false: the socket's peer is the client, whatever the headers say.
   */
  readonly trustProxy?: TrustProxy;
}

export interface HttpServer {
  readonly app: Express;
  readonly server: Server;
  /** Listens, then starts every channel. Resolves the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops taking work at once: /readyz and new work answer 503 (see above). Safe to call twice. */
  drain(): void;
  /** True once `drain` (or `close`) was called. */
  readonly draining: boolean;
  /**
   * Drains, stops the channels (they finish their turns), then closes the server: idle connections at
   * once, busy ones when their answer is sent, and whatever is still open after `graceMs`.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Builds the app; nothing listens until `listen`. */
export function createHttpServer({ channels, routers = [], isReady = async () => true, logger, trustProxy = false }: HttpServerOptions): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  // No ETag on sent bodies: every answer sent here is fresh JSON (polls, posts, APIs) that no client revalidates,
  // and express would hash each one (SHA-1) to make it. Static files keep serve-static's own validators.
  app.set('etag', false);
  app.set('trust proxy', typeof trustProxy === 'object' ? [...trustProxy] : trustProxy);
  // CSP, nosniff and no framing on every answer, errors and 404s included (see security-headers.ts).
  app.use(securityHeaders());
  // A request id on every log line of the request (a proxy's X-Request-Id when it sends a sane one).
  app.use((request, response, next) => {
    const given = request.get('x-request-id');
    const requestId = given && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    response.setHeader('x-request-id', requestId);
    withLogFields({ requestId }, next);
  });

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  let draining = false;
  app.get('/readyz', async (_request, response) => {
    if (draining) {
      response.status(503).json({ status: 'draining' });
      return;
    }
    const ready = await isReady().catch(() => false);
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });
  app.use((request, response, next) => {
    if (!draining) return next();
    // Clients must not keep a connection to an instance that is going away.
    response.setHeader('Connection', 'close');
    if (request.method === 'GET' || request.method === 'HEAD') return next();
    response
      .status(503)
      .json({ error: { code: 'shutting_down', message: 'This instance is shutting down; send the request again (another instance takes it).' } });
  });

  for (const channel of channels) if (channel.router) app.use(channel.mountPath ?? '/', channel.router);
  for (const router of routers) app.use(router);

  app.use((request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: `Nothing at ${request.method} ${request.path}.` } });
  });
  // Body parser errors carry a status (400 bad JSON, 413 too large); anything else is ours.
  const onError: ErrorRequestHandler = (error, request, response, next) => {
    const unreadable = { code: 'bad_request', message: String((error as { message?: unknown } | null)?.message ?? 'Bad request.') };
    channelErrorHandler({
      channel: 'http',
      words: {
        badJson: { code: 'bad_request', message: 'The request body is not valid JSON.' },
        tooLarge: { code: 'bad_request', message: 'The request body is too large.' },
        unreadable,
        unavailable: { code: 'unavailable', message: 'A store this needs cannot be reached right now; try again in a moment.' },
        internal: { code: 'internal', message: 'Internal error; it has been logged.' },
      },
      ...(logger ? { logger: { warn: () => {}, error: (fields: object, line: string) => logger.error({ ...fields, path: request.path }, line) } } : {}),
      failedLine: 'request failed',
    })(error, request, response, next);
  };
  app.use(onError);

  const server = createServer(app);
  const drain = () => {
    if (!draining) logger?.info('draining: /readyz answers 503, new work is refused, turns in flight finish');
    draining = true;
  };
  return {
    app,
    server,
    drain,
    get draining() {
      return draining;
    },
    async listen(port, host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      for (const channel of channels) await channel.start({ server });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    async close({ graceMs = 5000 } = {}) {
      drain();
      for (const channel of channels) await channel.stop();
      await new Promise<void>((resolve) => {
        // A connection still open after the grace (a stuck client) must not keep the process alive.
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
