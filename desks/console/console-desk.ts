/**
 * The web console desk: the agent API (HTTP + WebSocket) and the console page, over any `AgentDesk`.
 * Routes: `<basePath>/api/agent/*` (JSON), `<basePath>/api/agent/stream` (WebSocket, via `attach`),
 * `<basePath>/agent/` (the page).
 */
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { AgentDesk } from '../../handoff/desk-api.js';
import type { AuthenticateAgent } from './agent-auth.js';
import { AgentStreams } from './agent-stream.js';
import { type AgentApiRouterOptions, createAgentApiRouter } from './api-router.js';
import { withoutTrailingSlashes } from '../../infra/text-ends.js';

/** The folder holding the console page (index.html, console.js, console.css). */
export const consolePublicDirectory = fileURLToPath(new URL('./public/', import.meta.url));

/** Options of `createConsoleDesk`. */
export interface ConsoleDeskOptions {
  /** The agent API implementation (the handoff service, or a test double). */
  desk: AgentDesk;
  /** Resolves an agent token to the agent id, or undefined when not valid. May throw when the provider is down (answered 500). */
  authenticate: AuthenticateAgent;
  logger?: Logger;
  /** Prefix of every route, e.g. '/support'; '' (default) serves at the root. */
  basePath?: string;
  /** Interval of WebSocket pings; 20 s by default. */
  heartbeatMs?: number;
  /** Stored files, for agents' uploads (api-router.ts). */
  media?: AgentApiRouterOptions['media'];
  /** The agents' coach (docs/agents-coach.md): replies are reviewed before they go out. */
  coach?: AgentApiRouterOptions['coach'];
}

/** What `createConsoleDesk` returns. */
export interface ConsoleDesk {
  /** Mount with `app.use(router)` (not under a path: `basePath` already prefixes the routes). */
  readonly router: Router;
  /** Serves the WebSocket stream on `server`'s upgrades. */
  attach(server: Server): void;
  /** Closes every stream socket and stops answering upgrades. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Builds the console desk.
 * @example
 * const console = createConsoleDesk({ desk, authenticate: async (token) => agentsByToken.get(token) });
 * app.use(console.router);
 * console.attach(app.listen(3000));
 */
export function createConsoleDesk({ desk, authenticate, logger, basePath = '', heartbeatMs, media, coach }: ConsoleDeskOptions): ConsoleDesk {
  const base = withoutTrailingSlashes(basePath);
  if (base && !base.startsWith('/')) throw new TypeError(`basePath must start with '/': got '${basePath}'. Use e.g. '/support'.`);
  const log = logger?.child({ module: 'console-desk' });
  const router = express.Router();
  router.use(`${base}/api/agent`, createAgentApiRouter({ desk, authenticate, logger: log, ...(media ? { media } : {}), ...(coach ? { coach } : {}) }));
  // The page uses relative URLs, so it must be served from `/agent/`; `/agent` redirects there.
  router.use(`${base}/agent`, express.static(consolePublicDirectory, { index: 'index.html', maxAge: 60_000 }));
  const streams = new AgentStreams({ desk, authenticate, path: `${base}/api/agent/stream`, heartbeatMs, logger: log });
  return {
    router,
    attach: (server) => streams.attach(server),
    close: () => streams.close(),
  };
}
