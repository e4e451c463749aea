/**
 * The web channel: Direct Line 3.0 over an activity log, as one `Channel`. The router answers the REST
 * calls, `start` adds the WebSocket stream to the server, and the adapter runs turns and proactive sends.
 */
import type { Logger } from 'pino';
import { createRateLimiter, type RateLimiter } from '../../infra/rate-limit.js';
import type { Channel, TurnPipeline } from '../channel.js';
import type { DirectLineLimiters } from './abuse-limits.js';
import type { ActivityLog } from './activity-log.js';
import { createMemoryDedupeStore, type DedupeStore, scopedDedupe } from '../../infra/dedupe-store.js';
import { DirectLineAdapter } from './directline-adapter.js';
import { createDirectLineRouter } from './directline-router.js';
import type { MediaKit } from '../media-intake.js';
import { mediaPresenter } from './media-urls.js';
import { createOriginPolicy, parseAllowedOrigins } from './origins.js';
import { DirectLineStreams } from './stream-server.js';
import { randomTokenKey, TokenIssuer } from './verification.js';

/** Options of `createWebChannel`. */
export interface WebChannelOptions {
  /** The engine's middleware and logic; the middleware is installed on the adapter with `use`. */
  pipeline: TurnPipeline;
  /** Where activities live; use the Redis log when more than one instance runs. */
  activityLog: ActivityLog;
  /** Drops re-posted activities; defaults to in-memory (one instance only). */
  dedupe?: DedupeStore;
  /** The Direct Line secret; unset means demo mode (anyone may start a conversation). */
  secret?: string;
  /** HMAC key for tokens, shared by all instances; defaults to `secret`, else a random key (one instance only). */
  tokenSecret?: string;
  /** Token lifetime in seconds (default 1800). */
  tokenTtlSeconds?: number;
  botId?: string;
  botName?: string;
  logger?: Logger;
  /** The public origin clients reach, e.g. 'https://shop.example'; used in `streamUrl` and `serviceUrl`. */
  publicUrl?: string;
  /** How long a POST waits for its turn (default 15000 ms). */
  turnTimeoutMs?: number;
  /** How soon a re-posted activity is taken over from an instance that died mid-turn (default 5 s). */
  dedupeLeaseSeconds?: number;
  /**
   * How long a turn waits for its reply to reach an unreachable activity log before it goes on (default
   * 10000 ms); the reply is kept and written once the log is back (adapters/web/reply-outbox.ts).
   */
  replyRetryMs?: number;
  /** Longest accepted message text (default 4000 characters); longer answers 413. */
  maxTextLength?: number;
  /** Abuse limits at the Direct Line edge (429 + Retry-After); none when absent. */
  limiters?: DirectLineLimiters;
  /** Interval of empty heartbeat frames on the stream (default 20000 ms). */
  heartbeatMs?: number;
  /**
   * ALLOWED_ORIGINS: comma-separated page origins (`https://shop.example`, `https://*.shop.example`)
   * that may call from a browser, besides Baton's own. With neither this nor `secret`, any origin may
   * (the open demo); with either, only these.
   * @throws ConfigError (from createWebChannel) when an entry is not an origin.
   */
  allowedOrigins?: string;
  /** Limits `POST /tokens/origin` per client address; default 20 a minute, in this instance's memory. */
  originTokenLimiter?: RateLimiter;
  /** Lifetime of tokens issued to allowed origins (default 1200 s); the widget and Web Chat refresh them. */
  originTokenTtlSeconds?: number;
  /** Photos and files (adapters/media-intake.ts): uploads, and signed URLs on what clients read. */
  media?: MediaKit;
}

/** The web channel, with its concrete adapter type. */
export interface WebChannel extends Channel {
  readonly adapter: DirectLineAdapter;
  /**
   * Erases a conversation's Direct Line data: its log and meta, the marks of its re-posted
   * activities, and (for the token lifetime) its tokens. Resolves what there was to erase.
   */
  erase(conversationId: string): Promise<{ activityLog: boolean; clientActivityMarks: number }>;
}

/**
 * Creates the Direct Line web channel.
 * @example
 * const web = createWebChannel({ pipeline, activityLog: createRedisActivityLog({ redis }) });
 * app.use(web.mountPath!, web.router!);
 * const server = app.listen(3978);
 * await web.start({ server });
 */
export function createWebChannel(options: WebChannelOptions): WebChannel {
  const mountPath = '/v3/directline';
  const { pipeline, activityLog, secret, logger } = options;
  // Scoped, so one store serves every channel: keys are `directline:<conversationId>|<clientActivityID>`.
  const dedupe = scopedDedupe(options.dedupe ?? createMemoryDedupeStore(), 'directline:');
  if (!options.tokenSecret && !secret) {
    logger?.warn('directline: no tokenSecret or secret set; tokens are signed with a random key and only this instance accepts them');
  }
  const allowed = parseAllowedOrigins(options.allowedOrigins);
  const origins = createOriginPolicy({ allowed, open: !secret && allowed.length === 0, publicUrl: options.publicUrl });
  if (secret && allowed.length === 0) {
    logger?.warn(
      "directline: DIRECTLINE_SECRET is set but ALLOWED_ORIGINS is empty, so only pages on Baton's own origin can use Direct Line from a browser. Set ALLOWED_ORIGINS=https://your-shop.example to put the widget or Web Chat on your site.",
    );
  }
  const tokens = new TokenIssuer({ key: options.tokenSecret ?? secret ?? randomTokenKey(), ttlSeconds: options.tokenTtlSeconds });
  const adapter = new DirectLineAdapter({
    activityLog,
    dedupe,
    botId: options.botId,
    botName: options.botName,
    logger,
    turnTimeoutMs: options.turnTimeoutMs,
    dedupeLeaseSeconds: options.dedupeLeaseSeconds,
    replyRetryMs: options.replyRetryMs,
  });
  adapter.use(...pipeline.middleware);
  const router = createDirectLineRouter({
    adapter,
    activityLog,
    logic: pipeline.logic,
    tokens,
    secret,
    publicUrl: options.publicUrl,
    mountPath,
    maxTextLength: options.maxTextLength,
    origins,
    originTokens: {
      limiter: options.originTokenLimiter ?? createRateLimiter({ name: 'dl-origin-tokens', points: 20, windowSeconds: 60 }),
      ttlSeconds: options.originTokenTtlSeconds,
    },
    logger,
    ...(options.limiters ? { limiters: options.limiters } : {}),
    ...(options.media ? { media: options.media } : {}),
  });
  const streams = new DirectLineStreams({
    activityLog,
    tokens,
    secret,
    mountPath,
    origins,
    heartbeatMs: options.heartbeatMs,
    logger,
    present: mediaPresenter(options.media?.signer),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  let stopped = false;

  return {
    name: 'directline',
    adapter,
    router,
    mountPath,
    async start({ server }) {
      streams.attach(server);
    },
    async erase(conversationId) {
      const existed =
        (await activityLog.getConversation(conversationId)) !== undefined || (await activityLog.read(conversationId, '', 1)).activities.length > 0;
      await activityLog.delete(conversationId, tokens.ttlSeconds);
      // The adapter's dedupe keys are `<conversationId>|<clientActivityID>`.
      const clientActivityMarks = await dedupe.releaseAll(`${conversationId}|`);
      return { activityLog: existed, clientActivityMarks };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await streams.close();
      await adapter.drain();
      // Replies kept for an unreachable log get a last chance (replyRetryMs), then are given up.
      await adapter.close();
    },
  };
}
