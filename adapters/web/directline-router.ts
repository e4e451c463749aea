/**
 * The Direct Line 3.0 REST surface as an express Router, mounted at `/v3/directline`.
 * Without a secret, anyone may start a conversation (demo) but gets a token bound to it, and every
 * later call on that conversation needs that token; with a secret, the secret or a token made from it:
 * one the shop's backend generated (with the signed-in user's id inside), or one Baton issued to a
 * page of an allowed origin. Browsers reach it only from allowed origins (cors.ts).
 */
import { randomBytes } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import type { Logger } from 'pino';
import { RequestError } from '../../infra/errors.js';
import type { RateLimiter } from '../../infra/rate-limit.js';
import type { BotLogic } from '../channel.js';
import { directLineLimits, type DirectLineLimiters } from './abuse-limits.js';
import type { ActivityLog } from './activity-log.js';
import { directLineCors } from './cors.js';
import type { DirectLineAdapter, IncomingContext } from './directline-adapter.js';
import { checkTokenOrigin, lifetimeOf, originTokenHandler } from './origin-tokens.js';
import type { OriginPolicy } from './origins.js';
import type { DirectLineConversation, StartConversationBody } from './payload-types.js';
import { assertStartBodyLimits } from '../field-limits.js';
import type { MediaKit } from '../media-intake.js';
import { mediaPresenter, originOf } from './media-urls.js';
import { handleUpload, UPLOAD_BODY_LIMIT, UPLOAD_RETRY_AFTER_SECONDS } from './upload.js';
import { refuseErasedConversation } from './erased-conversations.js';
import {
  apiBase,
  conversationNotFound,
  directLineErrorHandler,
  refuseServerMarkers,
  sendError,
  streamUrlFor,
  validatePostedActivity,
} from './request-guards.js';
import { checkUserId, isReservedUserId, readUser } from './user-ids.js';
import { authenticate, bearerOf, bindingOf, requireConversationAccess, type Credential, type TokenIssuer } from './verification.js';

/** Options of `createDirectLineRouter`. */
export interface DirectLineRouterOptions {
  adapter: DirectLineAdapter;
  activityLog: ActivityLog;
  logic: BotLogic;
  tokens: TokenIssuer;
  secret?: string;
  publicUrl?: string;
  mountPath: string;
  maxTextLength?: number;
  /** Body size limit for express.json, e.g. '256kb'. */
  maxBodySize?: string;
  /** Which browser origins may call (see origins.ts). */
  origins: OriginPolicy;
  /** Tokens for pages of allowed origins (`POST /tokens/origin`), limited per client address. */
  originTokens: { limiter: RateLimiter; ttlSeconds?: number };
  logger?: Logger;
  /** Abuse limits at the edge (adapters/web/abuse-limits.ts); none when absent. */
  limiters?: DirectLineLimiters;
  /** Stored files: the upload endpoint and signed URLs on activities; without it uploads answer 501. */
  media?: MediaKit;
}

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Builds the Direct Line router; errors answer `{ error: { code, message } }`. */
export function createDirectLineRouter(options: DirectLineRouterOptions): Router {
  const { adapter, activityLog: log, logic, tokens, secret, publicUrl, mountPath, maxTextLength = 4000 } = options;
  const router = express.Router();
  // Before the body parser, so a preflight or a refused origin costs no parsing.
  router.use(directLineCors({ policy: options.origins }));
  router.use(express.json({ limit: options.maxBodySize ?? '256kb' }));
  const present = mediaPresenter(options.media?.signer);

  const credentialOf = (req: Request): Credential => {
    const credential = authenticate(bearerOf(req.get('authorization')), secret, tokens);
    if (credential.kind === 'token') checkTokenOrigin(credential.claims, req.get('origin'));
    return credential;
  };
  const newConversationId = () => randomBytes(16).toString('base64url');

  /** Authenticates a call on `:id` and checks the conversation exists. */
  /** The caller may use this conversation id (its credential names it, and it is well formed); whether it exists is not read. */
  const accessTo = (req: Request): { conversationId: string; credential: Credential } => {
    const conversationId = String(req.params.id);
    const credential = requireConversationAccess(credentialOf(req), conversationId);
    if (!CONVERSATION_ID.test(conversationId)) throw conversationNotFound(conversationId);
    return { conversationId, credential };
  };
  const openConversation = async (req: Request): Promise<{ conversationId: string; credential: Credential }> => {
    const opened = accessTo(req);
    if (!(await log.getConversation(opened.conversationId))) throw conversationNotFound(opened.conversationId);
    return opened;
  };

  const userOf = (credential: Credential, body: StartConversationBody | undefined): string | undefined =>
    credential.kind === 'token' ? credential.claims.user : readUser(body, { reserved: credential.kind === 'secret' })?.id;

  if (options.limiters) {
    const limit = directLineLimits({ limiters: options.limiters, tokens, secret });
    router.post(['/conversations', '/tokens/generate'], limit.conversationStart);
    router.post(['/conversations/:id/activities', '/conversations/:id/upload'], limit.activityPost);
  }

  router.post('/tokens/generate', async (req, res) => {
    const credential = credentialOf(req);
    if (secret && credential.kind !== 'secret')
      throw new RequestError(401, 'Unauthorized', 'Generating a token needs "Authorization: Bearer <Direct Line secret>".');
    assertStartBodyLimits(req.body);
    const conversationId = newConversationId();
    // Only the secret holder (the shop's backend, which knows who is signed in) vouches for the id.
    const bySecretHolder = credential.kind === 'secret';
    const user = readUser(req.body, { reserved: bySecretHolder });
    // The conversation starts (and the bot is told) when the client calls POST /conversations with this token.
    const token = tokens.issue(conversationId, { user: user?.id, name: user?.name, ...(bySecretHolder && user ? { verified: true as const } : {}) });
    res.json({ conversationId, token, expires_in: tokens.ttlSeconds } satisfies DirectLineConversation);
  });

  router.post(
    '/tokens/origin',
    originTokenHandler({
      tokens,
      policy: options.origins,
      limiter: options.originTokens.limiter,
      ttlSeconds: options.originTokens.ttlSeconds,
      newConversationId,
    }),
  );

  router.post('/tokens/refresh', async (req, res) => {
    const credential = credentialOf(req);
    if (credential.kind !== 'token')
      throw new RequestError(401, 'Unauthorized', 'Refreshing needs "Authorization: Bearer <token>" with a token that has not expired.');
    await refuseErasedConversation(log, credential);
    const { claims } = credential;
    const lifetime = lifetimeOf(claims);
    res.json({
      conversationId: claims.conv,
      token: tokens.issue(claims.conv, bindingOf(claims), lifetime),
      expires_in: Math.min(lifetime, tokens.ttlSeconds),
    } satisfies DirectLineConversation);
  });

  router.post('/conversations', async (req, res) => {
    const credential = credentialOf(req);
    if (secret && credential.kind === 'none')
      throw new RequestError(401, 'Unauthorized', 'Starting a conversation needs "Authorization: Bearer <secret or token>".');
    assertStartBodyLimits(req.body);
    await refuseErasedConversation(log, credential);
    const body = req.body as StartConversationBody | undefined;
    const conversationId = credential.kind === 'token' ? credential.claims.conv : newConversationId();
    const existing = await log.getConversation(conversationId);
    // Bind a user id into the token only when one was given: then a client cannot post as someone else.
    // Otherwise `from.id` is the client's own, as on Azure, so Web Chat recognises its echoed messages.
    const userId = userOf(credential, body) ?? existing?.userId;
    await log.createConversation(conversationId, { createdAt: Date.now(), userId, locale: body?.locale });
    const token = credential.kind === 'token' ? bearerOf(req.get('authorization'))! : tokens.issue(conversationId, { user: userId });
    const expiresIn = credential.kind === 'token' ? tokens.secondsLeft(credential.claims) : tokens.ttlSeconds;
    const base = apiBase(req, publicUrl, mountPath);
    if (!existing) adapter.announceConversation({ ...incomingOf(credential, conversationId, base), userId: userId ?? 'user' }, logic);
    const answer: DirectLineConversation = { conversationId, token, expires_in: expiresIn, streamUrl: streamUrlFor(base, conversationId, token) };
    res.status(existing ? 200 : 201).json(answer);
  });

  router.get('/conversations/:id', async (req, res) => {
    const { conversationId, credential } = await openConversation(req);
    const meta = await log.getConversation(conversationId);
    // A reconnect keeps what the caller's token bound (and its lifetime); the secret holder gets the stored user.
    const binding = credential.kind === 'token' ? bindingOf(credential.claims) : { user: meta?.userId };
    const lifetime = credential.kind === 'token' ? lifetimeOf(credential.claims) : tokens.ttlSeconds;
    const token = tokens.issue(conversationId, binding, lifetime);
    const watermark = typeof req.query.watermark === 'string' ? req.query.watermark : undefined;
    const base = apiBase(req, publicUrl, mountPath);
    res.json({
      conversationId,
      token,
      expires_in: Math.min(lifetime, tokens.ttlSeconds),
      streamUrl: streamUrlFor(base, conversationId, token, watermark),
    } satisfies DirectLineConversation);
  });

  router.post('/conversations/:id/activities', async (req, res) => {
    // Whether the conversation exists is checked by the append itself (processActivity: 404), saving a round trip.
    const { conversationId, credential } = accessTo(req);
    const activity = validatePostedActivity(req.body, maxTextLength);
    refuseServerMarkers(activity);
    const incoming = incomingOf(credential, conversationId, apiBase(req, publicUrl, mountPath));
    // Without an id in the token, `from.id` is the client's word, so it may not pose as a backend-bound one.
    const claimed = activity.from?.id;
    if (!incoming.userId && typeof claimed === 'string' && isReservedUserId(claimed) && credential.kind !== 'secret') checkUserId(claimed, false);
    res.json(await adapter.processActivity(activity, { ...incoming, ...(req.ip ? { clientAddress: req.ip } : {}) }, logic));
  });

  router.get('/conversations/:id/activities', async (req, res) => {
    const { conversationId } = accessTo(req);
    const watermark = typeof req.query.watermark === 'string' ? req.query.watermark : undefined;
    // Polls are most of a web customer's requests: the existence check and the read leave together, in one
    // round trip (the Redis client pipelines commands of one tick); what was read is dropped if it does not exist.
    const reading = log.read(conversationId, watermark, 100);
    reading.catch(() => {}); // Its failure is awaited below, once the conversation is known to exist.
    if (!(await log.getConversation(conversationId))) throw conversationNotFound(conversationId);
    res.json(present(await reading, originOf(apiBase(req, publicUrl, mountPath))));
  });

  // Authenticated and admitted (one of MEDIA_UPLOAD_CONCURRENCY per instance) before the body is read.
  router.post(
    '/conversations/:id/upload',
    async (req, res, next) => {
      const { conversationId, credential } = await openConversation(req);
      if (!options.media) {
        sendError(res, 501, 'NotImplemented', 'File upload is not set up on this Baton bot; send a link in a message instead.');
        return;
      }
      const gate = options.media.uploadGate;
      const release = gate.tryAcquire();
      if (!release) {
        res.setHeader('retry-after', String(UPLOAD_RETRY_AFTER_SECONDS));
        res.setHeader('connection', 'close');
        sendError(
          res,
          503,
          'ServiceUnavailable',
          `Too many files are being uploaded right now (at most ${gate.max} at once); nothing was kept. Send the file again in ${UPLOAD_RETRY_AFTER_SECONDS} seconds.`,
        );
        return;
      }
      res.once('close', release);
      res.locals.upload = { conversationId, credential };
      next();
    },
    express.raw({ type: 'multipart/form-data', limit: UPLOAD_BODY_LIMIT }),
    async (req, res) => {
      const { conversationId, credential } = res.locals.upload as { conversationId: string; credential: Credential };
      const incoming = incomingOf(credential, conversationId, apiBase(req, publicUrl, mountPath));
      const locale = (await log.getConversation(conversationId))?.locale;
      await handleUpload(req, res, { adapter, media: options.media!, maxTextLength, logic }, incoming, locale);
    },
  );

  router.use((req, res) => sendError(res, 404, 'NotFound', `No Direct Line endpoint ${req.method} ${req.path}.`));
  router.use(directLineErrorHandler(options.logger));
  return router;
}

/** Who posts: the user bound in the token, and whether the shop's backend vouched for it. */
function incomingOf(credential: Credential, conversationId: string, serviceUrl: string): IncomingContext {
  if (credential.kind !== 'token' || !credential.claims.user) return { conversationId, serviceUrl };
  const { user, name, verified } = credential.claims;
  return { conversationId, serviceUrl, userId: user, ...(name ? { userName: name } : {}), ...(verified === true ? { verified: true } : {}) };
}
