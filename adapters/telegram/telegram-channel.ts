/**
 * The Telegram channel as one `Channel`: webhook mode (Baton's express server receives updates; any
 * number of instances behind a load balancer) or long-polling mode (for development: no public URL
 * needed, one instance per bot token, as Telegram allows one getUpdates consumer).
 */
import { Bot } from 'grammy';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import { createMemoryDedupeStore } from '../../infra/dedupe-store.js';
import { ConfigError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import type { Channel, TurnPipeline } from '../channel.js';
import type { MediaKit } from '../media-intake.js';
import type { DeliveryJournal } from '../kit/delivery-journal.js';
import type { InboxMetrics, InboxSettings } from '../kit/durable-inbox.js';
import { callTelegram, retryTransformer, toChannelApiError, type RetryOptions } from './api-calls.js';
import { createCallbackDataCodec, createMemoryCallbackStore, type CallbackDataStore } from './callback-data.js';
import { ALLOWED_UPDATES, TELEGRAM_CHANNEL_ID, type UserFromGetMe } from './payload-types.js';
import { TelegramAdapter } from './telegram-adapter.js';
import { answerTextOnly, TEXT_ONLY_REPLIES, type LocalizedReplies } from './text-only.js';
import { SECRET_TOKEN_PATTERN } from './verification.js';
import { createWebhookRouter, WEBHOOK_PATH } from './webhook-router.js';
import { withoutTrailingSlashes } from '../../infra/text-ends.js';

/** Options of `createTelegramChannel`. */
export interface TelegramChannelOptions {
  /** The engine's middleware and logic; the middleware is installed on the adapter with `use`. */
  pipeline: TurnPipeline;
  /** The bot token from @BotFather, e.g. '123456789:AAE...'. */
  token: string;
  /** 'webhook' (production) or 'polling' (development). Default: 'webhook' when `publicUrl` is set, else 'polling'. */
  mode?: 'webhook' | 'polling';
  /** Webhook mode: the secret Telegram echoes in `X-Telegram-Bot-Api-Secret-Token`. Required there. */
  secretToken?: string;
  /** Webhook mode: Baton's public https origin; when set, `start` registers `<publicUrl><mountPath>/webhook`. */
  publicUrl?: string;
  /** Bot API root (grammY's `client.apiRoot`), for a local Bot API server or a test fake. Default Telegram's. */
  apiRoot?: string;
  /** Drops redelivered updates; the engine's Redis store when several instances run. Default: memory. */
  dedupe?: DedupeStore;
  /**
   * Keeps accepted updates until their turn ends, so a survivor runs those of an instance that died
   * mid-turn: the engine's Redis journal when several instances run. Default: memory, on `dedupe`.
   */
  journal?: DeliveryJournal;
  /** Leases and sweeps of the durable inbox (adapters/kit/durable-inbox.ts). */
  inbox?: InboxSettings;
  inboxMetrics?: InboxMetrics;
  /** Keeps button values over 64 bytes; a Redis one when several instances run. Default: memory. */
  callbackStore?: CallbackDataStore;
  /** Where the router is mounted (default '/telegram'). */
  mountPath?: string;
  /** Skips the getMe call when the bot's account is known (tests, or to save a call per start). */
  botInfo?: UserFromGetMe;
  /** Bounded retries of 429 and 5xx answers. */
  retry?: Omit<RetryOptions, 'logger'>;
  /** The answer to messages without text; default English and Chinese. */
  textOnlyReplies?: LocalizedReplies;
  /** Photos, voice notes, videos and documents both ways; without it media get the "text only" answer. */
  media?: MediaKit;
  logger?: Logger;
}

/** The Telegram channel, with its concrete adapter type. */
export interface TelegramChannel extends Channel {
  readonly adapter: TelegramAdapter;
  readonly mode: 'webhook' | 'polling';
}

/**
 * Creates the Telegram channel.
 * @throws ConfigError when webhook mode has no valid `secretToken`, or the token is empty.
 * @example
 * const telegram = createTelegramChannel({ pipeline, token, secretToken, publicUrl: 'https://bot.example.com', dedupe });
 * // mounted by createHttpServer({ channels: [telegram] }); start() registers the webhook.
 */
export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { pipeline, token, secretToken, publicUrl, logger, mountPath = '/telegram' } = options;
  const mode = options.mode ?? (publicUrl ? 'webhook' : 'polling');
  if (!token) throw new ConfigError('Telegram: no bot token. Create a bot with @BotFather and pass its token (TELEGRAM_BOT_TOKEN).');
  if (mode === 'webhook' && (!secretToken || !SECRET_TOKEN_PATTERN.test(secretToken))) {
    throw new ConfigError(
      'Telegram webhook mode needs secretToken (TELEGRAM_WEBHOOK_SECRET): 1-256 characters of A-Z, a-z, 0-9, _ and -, e.g. `openssl rand -hex 32`. Or use polling mode for development.',
    );
  }
  const apiRoot = withoutTrailingSlashes(options.apiRoot ?? 'https://api.telegram.org');
  // Long polling holds getUpdates open for 30 s; any other call that takes a minute has failed.
  const bot = new Bot(token, { client: { apiRoot, timeoutSeconds: 60 }, botInfo: options.botInfo });
  bot.api.config.use(retryTransformer({ ...options.retry, logger }));

  const adapter = new TelegramAdapter({
    api: bot.api,
    botInfo: async () => {
      await bot.init();
      return bot.botInfo;
    },
    dedupe: options.dedupe ?? createMemoryDedupeStore(),
    ...(options.journal ? { journal: options.journal } : {}),
    ...(options.inbox ? { inbox: options.inbox } : {}),
    ...(options.inboxMetrics ? { inboxMetrics: options.inboxMetrics } : {}),
    callbackData: createCallbackDataCodec({ store: options.callbackStore ?? createMemoryCallbackStore() }),
    serviceUrl: apiRoot,
    logger,
    ...(options.media ? { media: options.media } : {}),
  });
  adapter.use(...pipeline.middleware);
  const logic = answerTextOnly(pipeline.logic, options.textOnlyReplies ?? TEXT_ONLY_REPLIES);

  let accepting = true;
  let stopped = false;
  const router = mode === 'webhook' ? createWebhookRouter({ adapter, logic, secretToken: secretToken!, isAccepting: () => accepting, logger }) : undefined;

  async function startWebhook(): Promise<void> {
    await callTelegram('getMe', {}, () => bot.init());
    if (!publicUrl) {
      logger?.warn(
        { path: `${mountPath}${WEBHOOK_PATH}` },
        'telegram: webhook mode without a public URL; register the webhook yourself (setWebhook with secret_token)',
      );
      return;
    }
    const payload = {
      url: `${withoutTrailingSlashes(publicUrl)}${mountPath}${WEBHOOK_PATH}`,
      secret_token: secretToken!,
      allowed_updates: [...ALLOWED_UPDATES],
    };
    await callTelegram('setWebhook', { ...payload, secret_token: '(hidden)' }, () => bot.api.raw.setWebhook(payload));
    logger?.info({ url: payload.url, bot: bot.botInfo.username }, 'telegram: webhook registered');
  }

  async function startPolling(): Promise<void> {
    // The middleware only accepts the update (dedupe, queue); turns run beside the polling loop.
    bot.use(async (ctx) => {
      await adapter.processUpdate(ctx.update, logic);
    });
    bot.catch((error) => logger?.error({ err: error.error, updateId: error.ctx.update.update_id }, 'telegram: update could not be accepted while polling'));
    await new Promise<void>((resolve, reject) => {
      bot
        .start({
          allowed_updates: [...ALLOWED_UPDATES],
          onStart: (me) => {
            logger?.info({ bot: me.username }, 'telegram: long polling started');
            resolve();
          },
        })
        .catch((thrown: unknown) => {
          // 409: another process polls with this token; 401: a bad token.
          const error = toChannelApiError('getUpdates', { allowed_updates: ALLOWED_UPDATES }, thrown);
          logger?.error({ err: error }, 'telegram: long polling stopped');
          reject(error);
        });
    });
  }

  return {
    name: TELEGRAM_CHANNEL_ID,
    adapter,
    mode,
    router,
    mountPath: router ? mountPath : undefined,
    async start() {
      await (mode === 'webhook' ? startWebhook() : startPolling());
      adapter.startRecovery(logic);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      accepting = false;
      if (mode === 'polling' && bot.isRunning()) {
        await callTelegram('getUpdates', {}, () => bot.stop()).catch((error: unknown) =>
          logger?.warn({ err: error }, 'telegram: could not confirm the last update while stopping'),
        );
      }
      await adapter.close();
    },
  };
}
