/**
 * The generic composition root of a Baton bot (`createBaton`, the package entry's main function): reads
 * settings, picks the stores (memory by default, Redis when a REDIS_ setting names one), loads the bot's NLU
 * model, and wires engine, learning, radar, order care, feedback, handoff, desks and channels onto one HTTP
 * server. What makes a bot itself (its logic, answers, services, agent content) comes in as a `BotDefinition`;
 * the demo shop is one (bots/shop-assistant/app.ts). See docs/public-api.md.
 */
import type { EscalationRule } from '../handoff/policy/index.js';
import { createTranslator, parseTranslationSettings } from '../adapters/translation/index.js';
import { cachedTranslator } from '../infra/translation-cache.js';
import { parseMarkets } from '../dialogs/market.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConversationState, type TurnContext } from '../dialogs/turn-kit.js';
import express from 'express';
import type { Channel } from '../adapters/channel.js';
import { BOT_FRAMEWORK_CHANNEL_NAME } from '../adapters/botframework/index.js';
import { BUILT_IN_CHANNELS, buildChannels, type ChannelFactory } from '../adapters/registry.js';
import { WEB_CHANNEL_NAME, type WebChannel, widgetRouter } from '../adapters/web/index.js';
import { measure } from '../dialogs/middleware/measure.js';
import { outsideWindowSends, windowNotices, type WebClientFactory } from '../adapters/whatsapp/index.js';
import { createTurnPipeline } from '../dialogs/pipeline.js';
import { messageLimit } from '../dialogs/middleware/message-limit.js';
import { escalationLimit } from '../handoff/service/escalation-limits.js';
import { createAbuseLimits } from '../infra/abuse-limits.js';
import { createMetrics, type Metrics } from '../infra/metrics.js';
import { createRateLimiter } from '../infra/rate-limit.js';
import { readBuildInfo } from '../infra/build-info.js';
import { createMemoryStatsStore, createRedisStatsStore } from '../infra/stats-store.js';
import { Telemetry } from './telemetry.js';
import { loadConfig, type Config } from '../infra/config.js';
import { createLogger, type Logger } from '../infra/logger.js';
import { piiLogMasking } from '../handoff/privacy/index.js';
import { closeRedis, connectRedis, isRedisReady, redisTopology } from '../infra/redis.js';
import { claimKeyPrefix } from '../infra/key-prefix-owner.js';
import { ConfigError } from '../infra/errors.js';
import { loadRecognizer } from '../nlu-models/nlp-recognizer.js';
import type { AcceptedItemsSource } from '../supervision/learning/learning-items.js';
import { setupModelLearning, type ModelLearning } from '../supervision/learning/models/setup-models.js';
import { requireAdminToken } from './admin-auth.js';
import { createAdminRouter } from './admin-router.js';
import { createEraser } from './erase.js';
import { setupMedia, type MediaSetup } from './media-setup.js';
import { mediaRouter } from './media-router.js';
import { setupHandoff, type HandoffSetup } from './handoff-setup.js';
import { createLiveReadings } from './ops/live-readings.js';
import { createOpsRouter } from './ops/ops-router.js';
import { opsToken } from './ops/ops-token.js';
import { createRadarRouter } from './ops/radar-router.js';
import { setupRadar, type RadarSetup } from './ops/radar-setup.js';
import { withBannerAnswers } from '../supervision/radar/index.js';
import { createHttpServer, type HttpServer } from './http-server.js';
import { createStores, type Stores } from './stores.js';
import { createMemoryFeedbackStore, createRedisFeedbackStore, Feedback, type IdleConversation } from './feedback.js';
import { createMemoryEventClaims, createRedisEventClaims } from './order-care/event-claims.js';
import { OrderCare, type PendingNotice, type ReachCustomer } from './order-care/order-care.js';
import { createOrderEventsRouter } from './order-care/router.js';
import { createMemoryScheduleStore, createRedisScheduleStore } from './order-care/schedule-store.js';
import { parseFeedbackSettings, parseOrderCareSettings } from './order-care/settings.js';
import { createMemorySubscriptionStore, createRedisSubscriptionStore } from './order-care/subscriptions.js';
import { setupDesks } from './desk-setup.js';
import type { Desk, DeskFactory } from '../desks/desk.js';
import { BUILT_IN_DESKS } from '../desks/registry.js';
import { setupPractice, type PracticeSetup } from '../supervision/practice/index.js';
import { slackDeskFactory, type SlackDesk } from '../desks/slack/index.js';
import { setupScorecard } from './scorecard-setup.js';
import { chain } from '../supervision/learning/miss-capture.js';
import { createOpenApiRouter } from './api-docs/openapi-router.js';
import { createLearningRouter } from './learning/learning-router.js';
import { setupMissLearning, type MissLearning } from './learning/learning-setup.js';

import type { BotDefinition, BotParts } from './bot-definition.js';
export type { BotDefinition, BotParts, BotServices } from './bot-definition.js';

/** A running Baton bot: what `createBaton` returns. */
export interface Baton {
  readonly http: HttpServer;
  readonly logger: Logger;
  /** The human handoff: its service (the agent API), agent accounts and console. */
  readonly handoff: HandoffSetup;
  /** The customer channels: the web, and Telegram, WhatsApp (both transports) and Bot Framework when configured. */
  readonly channels: readonly Channel[];
  /** The agent desks the desk registry built (the console always; Slack and a bot's own when configured). */
  readonly desks: readonly Desk[];
  /** The Slack desk, when the SLACK_ settings ask for it. */
  readonly slack?: SlackDesk;
  /** The stores the turns write (tests inspect what they hold). */
  readonly stores: Stores;
  /** Proactive order care (the order-events API's notices); tests call `runDue` after moving the clock. */
  readonly orderCare: OrderCare;
  /** CSAT of bot-only conversations and "did this help?"; tests call `runDue` after moving the clock. */
  readonly feedback: Feedback;
  /** Photos and files: the store, the URL signer, intake with limits; `sweep` applies the retention now. */
  readonly media: MediaSetup;
  /** NLU model versions: retrain, gate, promotion; `learning.live` serves customers. */
  readonly learning: ModelLearning;
  /** The incident radar (docs/incident-radar.md); tests call `radar.tick()` after moving the clock. */
  readonly radar: RadarSetup['radar'];
  /** The learning loop's misses: captured from turns, grouped, reviewed on /learning/ (docs/learning-loop.md). */
  readonly misses: MissLearning;
  /** Listens on `config.PORT` (0 picks a free port) and resolves the bound port. */
  start(): Promise<number>;
  /**
   * Shuts down gracefully: /readyz and new work answer 503 at once, turns in flight finish (their replies
   * are sent), streams close with 1001, the SLA ticker and the desks stop, then the server and Redis close.
   */
  stop(): Promise<void>;
}

/** What `createBaton` takes: settings, the bot, and what tests or the host replace. */
export interface BatonOptions {
  /**
   * A validated `Config` (from `loadConfig`), or raw settings (environment-style strings, e.g. `{ PORT: '0' }`)
   * that are validated here; raw settings default BOT_ID and BOT_NAME to the bot's `id` and `name`.
   * Default: `process.env`.
   */
  config?: Config | Readonly<Record<string, string | undefined>>;
  /** The bot: its logic, NLU model, answers and services. */
  bot: BotDefinition;
  logger?: Logger;
  /** The clock in epoch ms: the handoff's waits and SLA deadlines, WhatsApp's 24-hour window. Tests move it. */
  now?: () => number;
  /** Replaces the whatsapp-web.js client (tests drive a fake one instead of a browser). */
  whatsAppWebClient?: WebClientFactory;
  /** What supervisors accepted into the NLU (the learning loop's store); default: none, retraining uses the corpus alone. */
  acceptedItems?: AcceptedItemsSource;
  /** The escalation rules, in order (docs/guide-escalation-rule.md). Default: the built-in ones. */
  escalationRules?: readonly EscalationRule[];
  /** The channel registry to build from (default `BUILT_IN_CHANNELS`); a new channel is one line in it. */
  channelRegistry?: readonly ChannelFactory[];
  /** The desk registry to build from (default `BUILT_IN_DESKS`); a new desk is one line in it. */
  deskRegistry?: readonly DeskFactory[];
}

/**
 * Builds a Baton bot: stores, NLU, handoff, desks, channels and the HTTP server; `start()` listens.
 *
 * @example
 * const baton = await createBaton({ config: { PORT: '3000' }, bot: myBot });
 * await baton.start();
 * @throws ConfigError when a setting is invalid (the message says the fix), Redis cannot be reached,
 * the NLU model is missing, or Slack refuses its settings.
 */
export async function createBaton(options: BatonOptions): Promise<Baton> {
  // What was opened before a step failed is closed again: the caller has no Baton to stop.
  const opened: Array<() => Promise<void>> = [];
  try {
    return await buildBaton(options, opened);
  } catch (error) {
    for (const close of opened.reverse()) await close().catch(() => undefined);
    throw error;
  }
}

async function buildBaton(options: BatonOptions, opened: Array<() => Promise<void>>): Promise<Baton> {
  const {
    bot: definition,
    now,
    whatsAppWebClient,
    acceptedItems,
    escalationRules,
    channelRegistry = BUILT_IN_CHANNELS,
    deskRegistry = BUILT_IN_DESKS,
  } = options;
  const config = toConfig(options.config ?? process.env, definition);
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, masking: piiLogMasking });
  const botIntents = () => [...(definition.intents ?? []), ...learning.live.learnedIntents()];
  const modelDir = config.NLU_MODEL_DIR ?? definition.modelDir;
  if (!existsSync(join(modelDir, 'manifest.json'))) {
    throw new ConfigError(
      `No NLU model in ${modelDir} (manifest.json is missing). Train one with \`npm run nlu -- train\`, or point the bot's modelDir or NLU_MODEL_DIR at a trained model.`,
    );
  }
  // One server, a Cluster or Sentinel, as the REDIS_ settings say (docs/redis-topologies.md).
  const redis = redisTopology(config) ? await connectRedis(config, { logger }) : undefined;
  if (redis) opened.push(() => closeRedis(redis));
  // One bot per prefix: most stores key by conversation under the prefix alone (infra/key-prefix-owner.ts).
  if (redis) await claimKeyPrefix(redis, config.REDIS_KEY_PREFIX, config.BOT_ID);
  const stores = await createStores(config, redis, logger.child({ module: 'stores' }));
  // Retrained versions replace the started model without a restart (docs/learning-models.md): customers are served by `learning.live`.
  const learning = setupModelLearning({
    settings: config.LEARNING_SETTINGS,
    base: await loadRecognizer({ modelDir }),
    baseModelDir: modelDir,
    redis,
    keyPrefix: `${config.REDIS_KEY_PREFIX}${config.BOT_ID}:`,
    // What supervisors accept on /learning/ (the misses' review), unless the caller brings its own source.
    accepted: acceptedItems ?? { listAccepted: () => misses.accepted.listAccepted() },
    guard: requireAdminToken({ adminToken: config.ADMIN_TOKEN, disabledMessage: 'The admin API is off. Set ADMIN_TOKEN (16+ random characters).' }),
    logger: logger.child({ module: 'learning' }),
    ...(now ? { now } : {}),
  });
  const recognizer = learning.live;
  // Shared by every instance on Redis (docs/security/abuse-limits.md).
  const limits = createAbuseLimits({ settings: config, redis, keyPrefix: `${config.REDIS_KEY_PREFIX}${config.BOT_ID}:` });
  if (config.ABUSE_LIMITS === 'off') logger.warn('ABUSE_LIMITS=off: no conversation, message or escalation limits. Use it for load benchmarks only.');

  // Photos and files both ways (docs/media.md): the store, signed URLs, the upload limit, retention.
  const media = setupMedia({ settings: config, secret: stores.tokenKey, uploads: limits.uploadsPerCustomer, logger: logger.child({ module: 'media' }), now });
  opened.push(async () => media.stop());
  const conversationState = new ConversationState(stores.storage);
  const keyPrefix = config.REDIS_KEY_PREFIX;
  const orderCareSettings = parseOrderCareSettings(config.ORDER_CARE_SETTINGS);
  const feedbackSettings = parseFeedbackSettings(config.FEEDBACK_SETTINGS);
  // Proactive turns run on the channel a stored reference names; the channels are built further down.
  const reachers = new Map<string, ReachCustomer>();
  const inHandoff = async (conversationId: string) => Boolean(await handoff?.service.openTicketFor(conversationId));
  const orderCare = new OrderCare({
    subscriptions: redis ? createRedisSubscriptionStore({ redis, keyPrefix }) : createMemorySubscriptionStore(),
    schedule: redis ? createRedisScheduleStore<PendingNotice>({ redis, keyPrefix, name: `${config.BOT_ID}:order-notices` }) : createMemoryScheduleStore(),
    events: redis ? createRedisEventClaims({ redis, keyPrefix }) : createMemoryEventClaims({ now }),
    settings: orderCareSettings,
    channel: (channelId) => reachers.get(channelId),
    send: (context, notice, noticeOptions) => {
      if (!parts.sendOrderNotice)
        throw new ConfigError(`The bot '${config.BOT_ID}' sends no order notices: give its BotParts a sendOrderNotice, or leave ORDER_EVENTS_SECRET unset.`);
      return parts.sendOrderNotice(context, notice, noticeOptions);
    },
    limiter: createRateLimiter({ name: 'order-notices', points: orderCareSettings.perCustomerPerHour, windowSeconds: 3600, redis, keyPrefix }),
    inHandoff,
    heldBack: (context) => outsideWindowSends(context).length > 0,
    observer: {
      noticeSent: (kind, channel) => telemetry?.orderNotice('sent', kind, channel),
      noticeFailed: (kind, channel) => telemetry?.orderNotice('failed', kind, channel),
      noticeDeferred: (reason) => telemetry?.orderNoticeDeferred(reason),
      optedIn: (source) => telemetry?.orderOptIn(source),
      optedOut: () => telemetry?.orderOptOut(),
    },
    now,
    logger: logger.child({ module: 'order-care' }),
  });
  // Every message the bot could not serve, masked, for the admin's review (docs/learning-loop.md).
  const misses = setupMissLearning({
    settings: config.MISSES_SETTINGS,
    redis,
    keyPrefix: `${keyPrefix}${config.BOT_ID}:`,
    locales: recognizer.locales,
    // The model's intents: the support intents and the FAQ intents a promoted retraining learned.
    intents: botIntents,
    ...(now ? { now } : {}),
    logger: logger.child({ module: 'learning' }),
  });
  const feedback = new Feedback({
    settings: feedbackSettings,
    store: redis ? createRedisFeedbackStore({ redis, keyPrefix }) : createMemoryFeedbackStore(),
    schedule: redis ? createRedisScheduleStore<IdleConversation>({ redis, keyPrefix, name: `${config.BOT_ID}:idle-csat` }) : createMemoryScheduleStore(),
    channel: (channelId) => reachers.get(channelId),
    bot: () => bot,
    inHandoff,
    observer: {
      csat: (score, intent, source) => telemetry?.feedbackCsat(score, intent, source),
      helpful: (intent, helpful) => telemetry?.faqHelpful(intent, helpful),
      comment: () => telemetry?.feedbackComment(),
    },
    now,
    logger: logger.child({ module: 'feedback' }),
  });
  // The incident radar: counts per intent, reason and emotion; surges raise incidents (docs/incident-radar.md).
  const radarSetup = setupRadar({ config, redis, logger, now });
  // The CSAT score goes to the ticket; the handoff is built after the bot, so it is looked up late.
  let handoff: HandoffSetup | undefined;
  // Built once the handoff's store exists; audit events before that cannot happen (nothing is served yet).
  let telemetry: Telemetry | undefined;
  // Practice mode (docs/practice-mode.md) learns of resolved tickets from the same audit events.
  let practice: PracticeSetup | undefined;
  // The agents' scorecard, built beside the dashboard's token (below); fed by the handoff like telemetry.
  let scorecard: ReturnType<typeof setupScorecard> | undefined;
  const parts = await definition.create({
    config,
    conversationState,
    recognizer,
    logger,
    ...(now ? { now } : {}),
    // Offered only where events can come: with the shop's secret set.
    ...(config.ORDER_EVENTS_SECRET ? { orderUpdates: orderCare.updates } : {}),
    askHelpful: feedbackSettings.askHelpful,
    learnedAnswer: (intent, locale) => learning.live.answer(intent, locale),
    onFeedback: (context, event) => {
      if (event.kind === 'helpful' && !event.helpful && event.question) misses.capture.notHelpful(context, { intent: event.intent, question: event.question });
      return feedback.event(event, { conversationId: context.activity.conversation?.id ?? '' });
    },
    onBotTurn: async (context, about) => {
      // Feedback bookkeeping never costs the customer their answer.
      await feedback.botTurn(context, about).catch((error: unknown) => logger.warn({ err: error }, 'feedback: idle wait not recorded'));
    },
    onCsatScore: async (score, context, about) => {
      if (about.source !== 'handoff') {
        feedback.csat(score, about.intent ?? 'None', about.source);
        return;
      }
      const conversationId = context.activity.conversation?.id ?? '';
      const stored = await handoff?.service.recordCsat(conversationId, score);
      logger.info({ score, conversationId, ticket: stored === true }, 'csat score');
    },
  });
  const beginCsat: NonNullable<BotParts['beginCsat']> = (context, csat) => parts.beginCsat?.(context, csat) ?? Promise.resolve();
  const bot = { ...parts, beginCsat, endDialogs: (context: TurnContext) => parts.endDialogs?.(context) ?? Promise.resolve() };
  // Providers charge per character: translations are cached, and every request is counted.
  const translationSettings = parseTranslationSettings(config.TRANSLATION_SETTINGS);
  const provider = createTranslator(translationSettings);
  let metrics: Metrics | undefined;
  const translator = provider
    ? cachedTranslator(provider, {
        maxEntries: translationSettings.provider === 'none' ? 0 : translationSettings.cacheEntries,
        onRequest: (record) => {
          metrics?.translationRequests.inc({ provider: record.provider, outcome: record.outcome }, 1);
          metrics?.translationCharacters.inc({ provider: record.provider }, record.characters);
        },
      })
    : undefined;
  handoff = await setupHandoff({
    config,
    ...(translator ? { translator } : {}),
    redis,
    transcript: stores.transcript,
    dedupe: stores.dedupe,
    conversationState,
    logger,
    ...(parts.cannedReplies ? { cannedReplies: parts.cannedReplies } : {}),
    ...(parts.escalationPhrases ? { escalationPhrases: parts.escalationPhrases } : {}),
    ...(parts.humanIntents ? { humanIntents: parts.humanIntents } : {}),
    ...(escalationRules ? { escalationRules } : {}),
    ...(parts.suggestAnswer ? { suggestAnswer: parts.suggestAnswer } : {}),
    ...(parts.orderFacts ? { orderFacts: parts.orderFacts } : {}),
    askCsat: (context, locale) => bot.beginCsat(context, { locale }),
    onEscalated: async (context, about) => {
      misses.capture.escalated(context, about.reason);
      await bot.endDialogs(context);
      await feedback.escalated(context.activity.conversation.id).catch((error: unknown) => logger.warn({ err: error }, 'feedback: escalation not marked'));
    },
    onEvent: (event) => {
      telemetry?.onHandoffEvent(event);
      radarSetup.watch.onHandoffEvent(event);
      scorecard?.recorder.onHandoffEvent(event);
      practice?.onHandoffEvent(event);
    },
    onCustomerEmotion: (reading) => scorecard?.recorder.onCustomerEmotion(reading),
    now,
    // An agent whose reply went out as WhatsApp's template is told so.
    deliveryNotices: windowNotices,
    media: media.kit,
    onCoach: (desk, outcome) => metrics?.coachReviews.inc({ desk, outcome }),
    escalationLimit: escalationLimit({ perConversation: limits.escalationsPerConversation, perClient: limits.escalationsPerClient }),
  });
  const { store: handoffStore } = handoff;
  practice = setupPractice({
    redis,
    keyPrefix: `${config.REDIS_KEY_PREFIX}${config.BOT_ID}:`,
    tickets: handoffStore,
    transcript: stores.transcript,
    accounts: handoff.accounts,
    adminToken: config.ADMIN_TOKEN,
    slaSeconds: handoff.settings.sla.firstReplySeconds,
    maxGapSeconds: config.PRACTICE_MAX_GAP_SECONDS,
    logger,
    now,
  });
  // Scrapes and open dashboards share one reading of the queue every few seconds.
  const live = createLiveReadings({ store: handoffStore });
  metrics = createMetrics({ build: readBuildInfo({ commit: config.BUILD_COMMIT }), live });
  const stats = redis
    ? createRedisStatsStore({
        redis,
        keyPrefix: config.REDIS_KEY_PREFIX,
        botId: config.BOT_ID,
        onError: (error) => logger.warn({ err: error }, 'dashboard counter lost'),
      })
    : createMemoryStatsStore();
  telemetry = new Telemetry({ metrics, stats, slaSeconds: handoff.settings.sla.firstReplySeconds });
  const measured = measure({ observer: telemetry, started: conversationState.createProperty<boolean>('counted') });
  const radarWatch = radarSetup.watch.middleware();
  // The durable inboxes' sweeps count here, the channels' and the Slack desk's.
  const inboxMetrics = {
    recovered: (channel: string) => metrics?.inboxRecovered.inc({ channel }),
    dropped: (channel: string) => metrics?.inboxDropped.inc({ channel }),
  };
  // Every desk of the registry whose settings are given (desks/registry.ts): the console, Slack...
  const desks = await setupDesks({
    config,
    redis,
    handoff,
    dedupe: stores.dedupe,
    journal: stores.journal,
    inboxMetrics,
    logger,
    now,
    media: media.kit,
    registry: deskRegistry,
  });
  const slack = desks.of(slackDeskFactory);
  const pipeline = createTurnPipeline({
    recognizer,
    states: [conversationState],
    conversationLocale: conversationState.createProperty<string>('locale'),
    transcript: stores.transcript,
    // Banner answers go first for their intent (never while a person holds the conversation: the gate stops earlier).
    logic: withBannerAnswers(parts.logic, {
      board: radarSetup.radar.banners,
      seen: conversationState.createProperty<string[]>('radarBanners'),
      defaultLocale: config.DEFAULT_LOCALE,
      onError: (error) => logger.warn({ err: error }, 'radar: banner not given'),
    }),
    handoffGate: handoff.gate,
    escalationPolicy: handoff.policy,
    messageLimit: messageLimit({
      messages: limits.messagesPerConversation,
      notices: limits.messageNotices,
      onLimited: (key) => logger.debug({ conversation: key }, "message over the conversation's limit: kept, not run"),
    }),
    measureTurn: chain((context, next) => measured(context, () => radarWatch(context, next)), misses.capture.middleware()),
    defaultLocale: config.DEFAULT_LOCALE,
    ...(translator ? { translator } : {}),
    markets: parseMarkets(config.MARKETS),
    logger: logger.child({ module: 'engine' }),
  });
  // Every channel comes from the registry: each factory builds its channel when its settings are present.
  const channels = buildChannels(channelRegistry, {
    pipeline,
    config,
    stores,
    redis,
    logger,
    media: media.kit,
    limits,
    now,
    whatsAppWebClient,
    inboxMetrics,
  });
  const web = channels.find((channel): channel is WebChannel => channel.name === WEB_CHANNEL_NAME)!;
  const botFramework = channels.find((channel) => channel.name === BOT_FRAMEWORK_CHANNEL_NAME);
  for (const channel of channels) {
    handoff.service.registerChannel(channel.name, channel.adapter);
    reachers.set(channel.name, (reference, logic) => channel.adapter.continueConversation(reference, logic));
  }
  // Azure relays many channels ('msteams', 'webchat'...) to one endpoint: any id no channel above claims is its.
  if (botFramework) handoff.service.registerFallbackChannel(botFramework.adapter);

  const erase = createEraser({
    handoff: handoff.service,
    transcript: stores.transcript,
    storage: stores.storage,
    customers: stores.customers,
    channelIds: channels.map((channel) => channel.name),
    web,
    whatsappWindows: stores.whatsappWindows,
    whatsappOptions: stores.whatsappOptions,
    journal: stores.journal,
    orderUpdates: orderCare,
    feedback,
    ...(slack ? { slackDesk: { cards: slack.cards, inboxChannel: slack.inboxChannel } } : {}),
    media: media.kit.store,
    misses: misses.store,
    practice: practice.service,
  });
  const admin = express.Router().use('/api/admin', createAdminRouter({ adminToken: config.ADMIN_TOKEN, erase, logger }));
  const ops = await opsToken({ adminToken: config.ADMIN_TOKEN, redis, keyPrefix: config.REDIS_KEY_PREFIX });
  scorecard = setupScorecard({
    redis,
    keyPrefix: config.REDIS_KEY_PREFIX,
    stats,
    registry: metrics.registry,
    accounts: handoff.accounts,
    slaSeconds: handoff.settings.sla.firstReplySeconds,
    maxTickets: config.MEMORY_MAX_TICKETS,
    token: ops.token,
    logger,
  });
  const opsRouter = createOpsRouter({
    metrics,
    stats,
    token: ops.token,
    live: async () => {
      const { queueBySkill, agentsByPresence } = await live.snapshot();
      return { queueDepth: Object.values(queueBySkill).reduce((sum, count) => sum + count, 0), agents: agentsByPresence };
    },
  });
  const radarRouter = createRadarRouter({
    radar: radarSetup.radar,
    token: ops.token,
    // A banner only for an intent the bot can give: the model's and the FAQ intents a promoted retraining learned.
    intents: botIntents,
    logger: logger.child({ module: 'radar' }),
  });
  const orderEvents = createOrderEventsRouter({
    secret: config.ORDER_EVENTS_SECRET,
    orderCare,
    limiter: createRateLimiter({ name: 'order-events', points: 600, windowSeconds: 60, redis, keyPrefix }),
    now,
    logger: logger.child({ module: 'order-events' }),
  });
  const pages = definition.publicDir ? [express.Router().use(express.static(definition.publicDir, { maxAge: '5m' }))] : [];
  const http = createHttpServer({
    channels,
    routers: [
      widgetRouter(),
      createOpenApiRouter(),
      mediaRouter({ kit: media.kit, logger: logger.child({ module: 'media' }) }),
      // Before the console desk: its agent API answers 404 for /api/agent/practice otherwise.
      practice.router,
      ...desks.routers,
      learning.router,
      radarRouter,
      admin,
      orderEvents,
      scorecard.router,
      opsRouter,
      createLearningRouter({ review: misses.review, token: ops.token, logger: logger.child({ module: 'learning' }) }),
      ...pages,
    ],
    logger,
    trustProxy: config.TRUST_PROXY,
    // Not ready while Redis is away (the balancer prefers instances that have it), at once: no PING to wait for.
    isReady: async () => !redis || (isRedisReady(redis) && (await redis.ping()) === 'PONG'),
  });

  return {
    http,
    logger,
    handoff,
    channels,
    desks: desks.desks,
    stores,
    orderCare,
    feedback,
    media,
    learning,
    radar: radarSetup.radar,
    misses,
    ...(slack ? { slack } : {}),
    async start() {
      const port = await http.listen(config.PORT, config.HOST);
      await handoff.start();
      await desks.start(http.server);
      await learning.start();
      orderCare.start();
      feedback.start();
      radarSetup.radar.start();
      logger.info({ port, store: redisTopology(config) ?? 'memory', locales: recognizer.locales }, `${config.BOT_NAME} ready on http://localhost:${port}`);
      const agents = handoff.demoAgentToken
        ? `demo agent: http://localhost:${port}/agent/#token=${handoff.demoAgentToken} (set AGENTS for real accounts)`
        : `${handoff.accounts.length} agent account(s)`;
      logger.info({ port }, `Agent console on http://localhost:${port}/agent/; ${agents}`);
      logger.info(
        { port },
        ops.generated
          ? `Dashboard on http://localhost:${port}/dashboard/#token=${ops.token} (the same token opens /metrics; set ADMIN_TOKEN to choose it)`
          : `Dashboard on http://localhost:${port}/dashboard/ (ADMIN_TOKEN opens it and /metrics)`,
      );
      logger.info(
        { port },
        `Learning loop (questions the bot could not answer) on http://localhost:${port}/learning/${ops.generated ? `#token=${ops.token}` : " (the dashboard's token opens it)"}`,
      );
      return port;
    },
    async stop() {
      // Stop taking work at once, finish what was taken, then let go of what the work used: turns
      // need the handoff and Redis until their last reply is stored. A step that fails (Redis away:
      // unsubscribing cannot reach it) is logged and the next one still runs, so the port and the
      // connections are always released.
      const step = async (name: string, run: () => Promise<void>) => {
        await run().catch((error: unknown) => logger.warn({ err: error, step: name }, 'shutdown step failed; going on'));
      };
      http.drain();
      await step('order care', () => orderCare.stop());
      await step('feedback', () => feedback.stop());
      await step('radar', () => radarSetup.radar.stop());
      for (const channel of channels) await step(`channel ${channel.name}`, () => channel.stop());
      for (const desk of [...desks.desks].reverse()) await step(`desk ${desk.name}`, () => desk.stop());
      await step('handoff', () => handoff.stop());
      await step('model sync', () => learning.stop());
      media.stop();
      await step('http server', () => http.close());
      await step('activity log', () => stores.activityLog.close());
      // Dashboard counters are batched for up to a quarter second: write them before Redis closes.
      await step('scorecard', async () => scorecard?.recorder.settled());
      await step('dashboard counters', () => stats.flush());
      await step('learning misses', () => misses.capture.settled());
      await step('radar counters', () => radarSetup.counts.flush());
      await step('transcript backlog', async () => {
        const lost = (await stores.closeTranscript?.()) ?? 0;
        if (lost > 0) logger.warn({ lost }, 'transcript lines buffered while Redis was away could not be written before stopping; they are lost');
      });
      if (redis) await closeRedis(redis);
    },
  };
}

/** `options.config` as a validated Config: raw settings are validated, with the bot's id and name as defaults. */
function toConfig(config: Config | Readonly<Record<string, string | undefined>>, bot: BotDefinition): Config {
  // A loaded Config holds parsed values (PORT is a number); raw settings are strings only.
  if (isLoadedConfig(config)) return config;
  return loadConfig({ BOT_ID: bot.id, ...(bot.name ? { BOT_NAME: bot.name } : {}), ...config });
}

function isLoadedConfig(config: Config | Readonly<Record<string, string | undefined>>): config is Config {
  return Object.values(config).some((value) => value !== undefined && typeof value !== 'string');
}
