/**
 * The channel contract: every customer channel (web, Telegram, WhatsApp, Bot Framework) has this shape.
 * A channel turns platform updates into Activities, runs them through the shared turn pipeline on its
 * `BotAdapter`, and renders outgoing Activities back to the platform.
 */
import type { Server } from 'node:http';
import type { BotAdapter } from '../dialogs/turn-kit.js';
import type { Router } from 'express';

/** The turn contract is the engine's own; re-exported here so a channel needs one import. */
export type { BotLogic, TurnPipeline } from '../dialogs/turn-pipeline.js';

/** One customer channel, mounted on Baton's HTTP server. */
export interface Channel {
  /** The channel id used on Activities (`activity.channelId`), e.g. 'directline', 'telegram'. */
  readonly name: string;
  /** The adapter that runs turns and sends proactive messages (`continueConversation`). */
  readonly adapter: BotAdapter;
  /** HTTP endpoints, mounted by the server at `mountPath`; absent for channels that only poll. */
  readonly router?: Router;
  /** Where `router` is mounted, e.g. '/v3/directline'. */
  readonly mountPath?: string;
  /** Starts background work (WebSocket upgrades, polling, webhooks registration) once the server listens. */
  start(options: { server: Server }): Promise<void>;
  /** Stops taking work, finishes turns in flight and closes sockets. Safe to call twice. */
  stop(): Promise<void>;
}
