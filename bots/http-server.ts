/**
 * Baton's HTTP server: one express app that mounts every channel's router, the widget, a bot's static
 * pages, and the health endpoints ops and load balancers poll. It knows channels only by the contract.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Channel } from '../adapters/channel.js';
import { withLogFields } from '../infra/log-context.js';
import type { Logger } from '../infra/logger.js';

export interface HttpServerOptions {
  readonly channels: readonly Channel[];
  /** Extra routers mounted at '/', e.g. the widget script and a bot's demo pages. */
  readonly routers?: readonly Router[];
  /** Resolves true when the instance can take traffic (Redis reachable, models loaded). */
  readonly isReady?: () => Promise<boolean>;
  readonly logger?: Logger;
}

export interface HttpServer {
  readonly app: Express;
  readonly server: Server;
  /** Listens, then starts every channel. Resolves the bound port (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops the channels, then closes the server and its idle connections. */
  close(): Promise<void>;
}

/** Builds the app; nothing listens until `listen`. */
export function createHttpServer({ channels, routers = [], isReady = async () => true, logger }: HttpServerOptions): HttpServer {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
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
  app.get('/readyz', async (_request, response) => {
    const ready = await isReady().catch(() => false);
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  for (const channel of channels) if (channel.router) app.use(channel.mountPath ?? '/', channel.router);
  for (const router of routers) app.use(router);

  app.use((request, response) => {
    response.status(404).json({ error: { code: 'not_found', message: `Nothing at ${request.method} ${request.path}.` } });
  });
  const onError: ErrorRequestHandler = (error, request, response, _next) => {
    // Body parser errors carry a status (400 bad JSON, 413 too large); anything else is ours.
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger?.error({ err: error, path: request.path }, 'request failed');
    const message = status === 400 ? 'The request body is not valid JSON.' : status === 413 ? 'The request body is too large.' : status === 500 ? 'Internal error; it has been logged.' : String(error?.message ?? 'Bad request.');
    response.status(status).json({ error: { code: status === 500 ? 'internal' : 'bad_request', message } });
  };
  app.use(onError);

  const server = createServer(app);
  return {
    app,
    server,
    async listen(port, host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      for (const channel of channels) await channel.start({ server });
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    async close() {
      for (const channel of channels) await channel.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
