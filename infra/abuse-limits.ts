/**
 * The abuse limits every entry point shares (docs/security/abuse-limits.md): their settings, spread
 * into the schema of `config.ts`, and `createAbuseLimits`, which builds one `RateLimiter` per limit on
 * Redis (every instance spends the same budget) or in memory (the single-instance demo).
 *
 * A limit is written `<count>/<window>`, e.g. `20/10m` (20 per 10 minutes), `30/1m`, `5/1h`, `10/30s`,
 * or `off`. `ABUSE_LIMITS=off` turns every limit off at once, for load benchmarks only.
 */
import { z } from 'zod';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { isRedisReady, type RedisClient } from './redis.js';

/** One limit: `points` per `windowSeconds`; undefined when the limit is off. */
export type LimitSpec = { readonly points: number; readonly windowSeconds: number } | undefined;

const LIMIT = /^(\d{1,6})\/(\d{1,5})?([smh])$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;

/** Reads `20/10m`, `30/m`, `5/1h` or `off`; 'invalid' for anything else (a zero count or a window over a day too). */
export function parseLimit(text: string): LimitSpec | 'invalid' {
  const value = text.trim().toLowerCase();
  if (value === 'off') return undefined;
  const match = LIMIT.exec(value.replace(/\s+/g, ''));
  if (!match) return 'invalid';
  const points = Number(match[1]);
  const windowSeconds = Number(match[2] ?? '1') * UNIT_SECONDS[match[3] as keyof typeof UNIT_SECONDS];
  if (points < 1 || windowSeconds < 1 || windowSeconds > 86_400) return 'invalid';
  return { points, windowSeconds };
}

const limitSetting = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((value, context): LimitSpec => {
      const parsed = parseLimit(value === undefined || value.trim() === '' ? fallback : value);
      if (parsed !== 'invalid') return parsed;
      context.addIssue({
        code: 'custom',
        message: `must be a count per window like ${name}=${fallback} (${fallback.split('/')[0]} per ${fallback.split('/')[1]}; units s, m or h, at most 24h), or off`,
      });
      return z.NEVER;
    });

/** The settings of the abuse limits, with defaults sane for a shop (a person never meets them). */
export const abuseLimitSettings = {
  ABUSE_LIMITS: z.enum(['on', 'off'], { error: "must be 'on' (the default) or 'off' (no abuse limits at all: load benchmarks only)" }).default('on'),
  LIMIT_CONVERSATIONS_PER_CLIENT: limitSetting('LIMIT_CONVERSATIONS_PER_CLIENT', '20/10m'),
  LIMIT_MESSAGES_PER_CONVERSATION: limitSetting('LIMIT_MESSAGES_PER_CONVERSATION', '30/1m'),
  LIMIT_ESCALATIONS_PER_CLIENT: limitSetting('LIMIT_ESCALATIONS_PER_CLIENT', '10/1h'),
  LIMIT_ESCALATIONS_PER_CONVERSATION: limitSetting('LIMIT_ESCALATIONS_PER_CONVERSATION', '3/1h'),
  /** Files (photos, voice notes, documents) a customer may send, on any channel (docs/media.md). */
  LIMIT_UPLOADS_PER_CUSTOMER: limitSetting('LIMIT_UPLOADS_PER_CUSTOMER', '20/1h'),
  /** A queued ticket whose customer wrote nothing for this long is abandoned; 0 never abandons. */
  QUEUE_ABANDON_AFTER_MINUTES: z.coerce
    .number({ error: 'must be a whole number of minutes, e.g. QUEUE_ABANDON_AFTER_MINUTES=1440 (a day), or 0 to never abandon' })
    .int({ error: 'must be a whole number of minutes, e.g. 1440 (a day), or 0 to never abandon' })
    .min(0, { error: 'must be 0 (never abandon) or more minutes, e.g. 1440' })
    .max(43_200, { error: 'must be at most 43200 minutes (30 days, when conversation state expires), e.g. 1440' })
    .default(1440),
  /** How often the Slack queue channel gets one digest of the tickets still waiting (after each ticket's one @here). */
  SLACK_DIGEST_EVERY_MINUTES: z.coerce
    .number({ error: 'must be a whole number of minutes, e.g. SLACK_DIGEST_EVERY_MINUTES=10' })
    .int({ error: 'must be a whole number of minutes, e.g. 10' })
    .min(1, { error: 'must be at least 1 minute, e.g. 10' })
    .max(1440, { error: 'must be at most 1440 minutes (a day), e.g. 10' })
    .default(10),
};

/** The validated settings `createAbuseLimits` reads. */
export interface AbuseLimitSettings {
  readonly ABUSE_LIMITS: 'on' | 'off';
  readonly LIMIT_CONVERSATIONS_PER_CLIENT: LimitSpec;
  readonly LIMIT_MESSAGES_PER_CONVERSATION: LimitSpec;
  readonly LIMIT_ESCALATIONS_PER_CLIENT: LimitSpec;
  readonly LIMIT_ESCALATIONS_PER_CONVERSATION: LimitSpec;
  /** Optional so callers built before media keep compiling; absent means the default, 20/1h. */
  readonly LIMIT_UPLOADS_PER_CUSTOMER?: LimitSpec;
}

/** One limiter per limit; a limit that is off allows everything. */
export interface AbuseLimits {
  /** New Direct Line conversations (and anonymous tokens) per client address. */
  readonly conversationsPerClient: RateLimiter;
  /** Customer messages per conversation, keyed `<channel>:<conversation id>`. */
  readonly messagesPerConversation: RateLimiter;
  /** "Too fast" notices per conversation: at most one per message window. */
  readonly messageNotices: RateLimiter;
  /** New tickets per client (address, or channel and customer id). */
  readonly escalationsPerClient: RateLimiter;
  /** New tickets per conversation. */
  readonly escalationsPerConversation: RateLimiter;
  /** Files a customer sends, keyed `<channel>:<customer id>`. */
  readonly uploadsPerCustomer: RateLimiter;
}

/** A limiter that allows everything: a limit that is off. */
export const UNLIMITED: RateLimiter = { consume: async () => ({ allowed: true }) };

export interface AbuseLimitsOptions {
  readonly settings: AbuseLimitSettings;
  /** Shared Redis; without it each instance counts alone. */
  readonly redis?: RedisClient;
  /** Prefix of every Redis key, e.g. `baton:shop-assistant:`. */
  readonly keyPrefix?: string;
}

/**
 * Builds the limiters from the settings.
 * @example
 * const limits = createAbuseLimits({ settings: config, redis, keyPrefix: `${config.REDIS_KEY_PREFIX}${config.BOT_ID}:` });
 * if (!(await limits.messagesPerConversation.consume('telegram:42')).allowed) …
 */
export function createAbuseLimits({ settings, redis, keyPrefix }: AbuseLimitsOptions): AbuseLimits {
  const on = settings.ABUSE_LIMITS === 'on';
  const limiter = (name: string, spec: LimitSpec): RateLimiter => {
    if (!on || !spec) return UNLIMITED;
    const local = createRateLimiter({ name, points: spec.points, windowSeconds: spec.windowSeconds });
    if (!redis) return local;
    const shared = createRateLimiter({ name, points: spec.points, windowSeconds: spec.windowSeconds, redis, ...(keyPrefix ? { keyPrefix } : {}) });
    // While the connection is known to be down, count in memory at once: a call to Redis would wait out
    // a reconnect attempt before the limiter's own fallback answered, and every request would pay it.
    return { consume: (key, points) => (isRedisReady(redis) ? shared : local).consume(key, points) };
  };
  const messages = settings.LIMIT_MESSAGES_PER_CONVERSATION;
  return {
    conversationsPerClient: limiter('conversations', settings.LIMIT_CONVERSATIONS_PER_CLIENT),
    messagesPerConversation: limiter('messages', messages),
    messageNotices: limiter('message-notices', messages && { points: 1, windowSeconds: messages.windowSeconds }),
    escalationsPerClient: limiter('escalations-client', settings.LIMIT_ESCALATIONS_PER_CLIENT),
    escalationsPerConversation: limiter('escalations-conversation', settings.LIMIT_ESCALATIONS_PER_CONVERSATION),
    uploadsPerCustomer: limiter(
      'uploads-customer',
      'LIMIT_UPLOADS_PER_CUSTOMER' in settings ? settings.LIMIT_UPLOADS_PER_CUSTOMER : { points: 20, windowSeconds: 3600 },
    ),
  };
}
