/**
 * The Bot Framework channel: POST /api/messages, the messaging endpoint of an Azure Bot registration,
 * served by botbuilder's CloudAdapter. Azure Bot Service relays Teams, Web Chat, Direct Line and its other
 * channels to it; each activity keeps its channel's id ('msteams', 'webchat'...). The adapter holds no
 * state, so any number of instances take the endpoint, and any instance sends proactive messages.
 */
import express, { type Router } from 'express';
import { serverMarkerIn, serverMarkerMessage } from '../../dialogs/server-markers.js';
import { createMemoryDedupeStore, type DedupeStore } from '../../infra/dedupe-store.js';
import { ConfigError } from '../../infra/errors.js';
import { sendRefusal } from '../kit/http-errors.js';
import { InFlight } from '../kit/in-flight.js';
import { turnDedupe } from '../kit/turn-dedupe.js';
import type { Logger } from '../../infra/logger.js';
import type { Channel, TurnPipeline } from '../channel.js';
import { createBotFrameworkAuthentication, isLoopbackPeer, isLoopbackServiceUrl, type BotFrameworkCredentials } from './authentication.js';
import { BotFrameworkAdapter } from './botframework-adapter.js';
import type { MediaKit } from '../media-intake.js';
import { botFrameworkMediaIn } from './media.js';
import { activityFieldViolation, FIELD_LIMITS, type FieldViolation } from '../field-limits.js';

/** The name the channel registers under; its activities carry the Azure channel's own id instead. */
export const BOT_FRAMEWORK_CHANNEL_NAME = 'botframework';

/** Options of `createBotFrameworkChannel`. */
export interface BotFrameworkChannelOptions extends BotFrameworkCredentials {
  pipeline: TurnPipeline;
  /** Where the endpoint is mounted (default '/api/messages'; Azure's "Messaging endpoint" is PUBLIC_URL + this). */
  mountPath?: string;
  /** Largest accepted activity (default '1mb'; Teams cards stay well under it). */
  maxBody?: string;
  logger?: Logger;
  /** Photos and files both ways (media.ts); without it attachments pass through untouched. */
  media?: MediaKit;
  /** Drops Azure's redeliveries by activity id, after the token check (default in-memory; Redis with several instances). */
  dedupe?: DedupeStore;
}

/** The Bot Framework channel, with its concrete adapter type. */
export interface BotFrameworkChannel extends Channel {
  readonly adapter: BotFrameworkAdapter;
  /** True when no app id is set: no token is checked, and only loopback peers with loopback serviceUrls are answered. */
  readonly anonymous: boolean;
}

/** The first field of a posted activity over its limit (the same limits as Direct Line), if any. */
function oversizedField(body: unknown): FieldViolation | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { text } = body as { text?: unknown };
  if (typeof text === 'string' && text.length > FIELD_LIMITS.text) return { field: 'text', limit: FIELD_LIMITS.text, actual: text.length, unit: 'characters' };
  return activityFieldViolation(body as Record<string, unknown>);
}

const refuse = sendRefusal;

/**
 * Creates the channel.
 * @throws ConfigError when the credentials do not fit the app type (botbuilder's checks, with the fix).
 * @example const teams = createBotFrameworkChannel({ pipeline, appId, appPassword, tenantId, appType: 'SingleTenant' });
 */
export function createBotFrameworkChannel(options: BotFrameworkChannelOptions): BotFrameworkChannel {
  const { pipeline, mountPath = '/api/messages', maxBody = '1mb', logger } = options;
  let created: ReturnType<typeof createBotFrameworkAuthentication>;
  try {
    created = createBotFrameworkAuthentication(options);
  } catch (error) {
    throw new ConfigError(
      `Bot Framework: ${(error as Error).message}. Copy MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID and MICROSOFT_APP_TYPE from the Azure Bot's Configuration page.`,
      { cause: error },
    );
  }
  const { authentication, anonymous } = created;
  const adapter = new BotFrameworkAdapter(authentication, options.appId ?? '');
  if (options.media) {
    adapter.media = options.media;
    adapter.use(botFrameworkMediaIn({ media: options.media, ...(logger ? { logger } : {}) }));
  }
  adapter.use(
    turnDedupe({
      store: options.dedupe ?? createMemoryDedupeStore(),
      onDuplicate: (channel, id) => logger?.info({ channel, id }, 'botframework: redelivered activity dropped'),
    }),
  );
  adapter.use(...pipeline.middleware);
  adapter.onTurnError = async (context, error) => {
    // The pipeline's error boundary apologised already when it could; this logs what escaped it.
    logger?.error({ err: error, channel: context.activity.channelId, conversationId: context.activity.conversation?.id }, 'botframework: turn failed');
    // An agent whose reply the connector refused is told delivery_failed, not that it went out.
    if (adapter.inProactiveTurn) throw error;
  };
  const inFlight = new InFlight();

  const router: Router = express.Router();
  router.post('/', express.json({ limit: maxBody }), async (req, res, next) => {
    if (!inFlight.accepting) return refuse(res, 503, 'stopping', 'This instance is shutting down; Azure Bot Service retries on another.');
    if (anonymous && !isLoopbackPeer(req.socket.remoteAddress)) {
      logger?.warn({ peer: req.socket.remoteAddress }, 'botframework: anonymous mode refused a request from another host');
      return refuse(
        res,
        403,
        'anonymous_loopback_only',
        'Without MICROSOFT_APP_ID the endpoint answers only the Bot Framework Emulator on this machine (requests from 127.0.0.1 or ::1). Register an Azure Bot and set MICROSOFT_APP_ID (and its password, tenant and type).',
      );
    }
    if (anonymous && !isLoopbackServiceUrl((req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl)) {
      logger?.warn(
        { serviceUrl: (req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl },
        'botframework: anonymous mode refused an activity from outside this machine',
      );
      return refuse(
        res,
        403,
        'anonymous_loopback_only',
        'Without MICROSOFT_APP_ID the endpoint answers only the Bot Framework Emulator on this machine. Register an Azure Bot and set MICROSOFT_APP_ID (and its password, tenant and type).',
      );
    }
    const oversized = oversizedField(req.body);
    if (oversized) {
      logger?.warn({ field: oversized.field, size: oversized.actual }, 'botframework: activity field over its limit refused');
      return refuse(
        res,
        oversized.field === 'text' ? 413 : 400,
        'field_too_large',
        `Activity "${oversized.field}" is ${oversized.actual} ${oversized.unit}; the limit is ${oversized.limit}. Send a smaller value.`,
      );
    }
    // Refused before the token check costs anything: the activity is wrong whoever signed it.
    const marker = serverMarkerIn((req.body ?? {}) as { name?: unknown; channelData?: unknown });
    if (marker) return refuse(res, 400, 'server_marker', serverMarkerMessage(marker));
    try {
      // Checks the token (401 when missing or wrong), runs the turn, and answers 200 after it.
      await inFlight.track(adapter.process(req, res, pipeline.logic));
    } catch (error) {
      next(error);
    }
  });

  if (anonymous)
    logger?.warn({ path: mountPath }, 'botframework: no MICROSOFT_APP_ID, so the endpoint is anonymous and answers only the Emulator on this machine');
  return {
    name: BOT_FRAMEWORK_CHANNEL_NAME,
    adapter,
    anonymous,
    router,
    mountPath,
    // Azure Bot Service pushes to the endpoint registered in the portal: nothing to start.
    async start() {},
    async stop() {
      await inFlight.stop();
    },
  };
}
