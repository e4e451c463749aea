/**
 * ORDER_CARE_SETTINGS and FEEDBACK_SETTINGS: JSON objects, any subset, validated with zod; a bad
 * value stops the start with a message naming the field.
 */
import { z } from 'zod';
import { ConfigError } from '../../infra/errors.js';
import { isTimeZone } from './quiet-hours.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 21:00');

const orderCareSchema = z
  .object({
    /** The shop's time zone: quiet hours of customers whose own zone is unknown. */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai').default('UTC'),
    quietHours: z.object({ start: hhmm, end: hhmm }).nullable().default({ start: '21:00', end: '08:00' }),
    /** Notices one customer gets per hour at most; more wait for the next hour. */
    perCustomerPerHour: z.number().int().min(1).max(100).default(4),
    /** Delivery attempts per notice before it counts as failed. */
    maxAttempts: z.number().int().min(1).max(20).default(4),
    /** The first retry's delay; each next one doubles. */
    retrySeconds: z.number().int().min(1).max(3600).default(60),
    /** Ask "did everything arrive as expected?" after `delivered`. */
    followUp: z.boolean().default(true),
    /** WhatsApp's approved template for order notices outside the 24-hour window; body {{1}} order number, {{2}} the update. */
    whatsappTemplate: z
      .object({
        name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be a template name as in WhatsApp Manager, e.g. order_update'),
        languages: z
          .record(z.enum(['en', 'zh']), z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a language code like en_US'))
          .default({ en: 'en_US', zh: 'zh_CN' }),
      })
      .optional(),
  })
  .strict();

const feedbackSchema = z
  .object({
    /** Share of bot-only conversations asked for CSAT, 0 to 1. */
    csatSampleRate: z.number().min(0).max(1).default(0.2),
    /** Minutes without a message after which a bot-only conversation counts as finished. */
    idleMinutes: z.number().min(1).max(1440).default(15),
    /** FAQ answers carry "did this help?" buttons. */
    askHelpful: z.boolean().default(true),
  })
  .strict();

export type OrderCareSettings = z.output<typeof orderCareSchema>;
export type FeedbackSettings = z.output<typeof feedbackSchema>;

function parse<T>(name: string, schema: z.ZodType<T>, value: string | undefined): T {
  let raw: unknown = {};
  if (value !== undefined) {
    try {
      raw = JSON.parse(value);
    } catch {
      throw new ConfigError(`${name} is not valid JSON. Write it as one JSON object, see docs/order-events.md and docs/feedback.md.`);
    }
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${name}.${issue.path.join('.')} ${issue.message}`);
  throw new ConfigError(`Invalid settings:\n- ${problems.join('\n- ')}`);
}

export const parseOrderCareSettings = (value: string | undefined) => parse('ORDER_CARE_SETTINGS', orderCareSchema, value);
export const parseFeedbackSettings = (value: string | undefined) => parse('FEEDBACK_SETTINGS', feedbackSchema, value);
