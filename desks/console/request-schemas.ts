/**
 * Bodies and parameters of the agent API, validated with zod. Messages state the fix, because the
 * console shows them to the agent as they are.
 */
import { z } from 'zod';
import { RequestError } from '../../infra/errors.js';
import type { Presence, TransferTarget } from '../../handoff/desk-api.js';

/** Longest reply or note, in characters; longer texts are refused rather than cut. */
export const MAX_TEXT_LENGTH = 4000;

const text = z
  .string({ error: 'Send {"text":"..."}: "text" must be a string.' })
  .trim()
  .min(1, { error: 'The text is empty; write something before sending.' })
  .max(MAX_TEXT_LENGTH, { error: `The text is longer than ${MAX_TEXT_LENGTH} characters; shorten it or split it in two messages.` });

export const textBody = z.object({ text }, { error: 'Send a JSON object like {"text":"Hello"}.' });

// `sendAnyway`: the agent read the coach's warning and sends as written; `usedPhrase`: the text carries
// the coach's empathy phrase ("Use phrase"), counted only when the phrase really is in it.
export const replyBody = z.object(
  { text, sendAnyway: z.boolean().optional(), usedPhrase: z.boolean().optional() },
  { error: 'Send a JSON object like {"text":"Hello"} (optionally "sendAnyway": true).' },
);

export const presenceBody = z.object(
  { presence: z.enum(['available', 'away', 'offline'], { error: 'Presence must be "available", "away" or "offline".' }) },
  { error: 'Send a JSON object like {"presence":"available"}.' },
);

const id = z.string().trim().min(1).max(128);
/** A ticket id in a path. */
export const ticketIdParams = z.object({ id });
export const transferBody = z.union([z.object({ toAgentId: id }).strict(), z.object({ toSkill: id }).strict()], {
  error: 'Send {"toAgentId":"<agent id>"} or {"toSkill":"<skill>"}, exactly one of them.',
});

/** The optional `?locale=` of GET /canned. */
export const cannedQuery = z.object({
  locale: z
    .string({ error: 'locale must be a language tag such as "en" or "zh-CN".' })
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'locale must be a language tag such as "en" or "zh-CN".' })
    .optional(),
});

/** Parses with `schema` or throws RequestError 400 `invalid` carrying the first issue's message. */
function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new RequestError(400, 'invalid', issue?.message ?? 'The body is not valid.');
}

/** The trimmed text of a reply or note body. @throws RequestError 400 `invalid`. */
export function parseText(body: unknown): string {
  return parse(textBody, body).text;
}

/** A reply body: its trimmed text and the coach flags. @throws RequestError 400 `invalid`. */
export function parseReply(body: unknown): { text: string; sendAnyway: boolean; usedPhrase: boolean } {
  const parsed = parse(replyBody, body);
  return { text: parsed.text, sendAnyway: parsed.sendAnyway === true, usedPhrase: parsed.usedPhrase === true };
}

/** The presence of a PUT /me/presence body. @throws RequestError 400 `invalid`. */
export function parsePresence(body: unknown): Presence {
  return parse(presenceBody, body).presence;
}

/** The target of a transfer body. @throws RequestError 400 `invalid`. */
export function parseTransfer(body: unknown): TransferTarget {
  return parse(transferBody, body);
}

/** A ticket id from the path; ids that cannot exist are a 404 without asking the desk. */
export function parseTicketId(raw: unknown): string {
  const parsed = id.safeParse(raw);
  if (!parsed.success) throw new RequestError(404, 'not_found', 'No such ticket; pick one from GET /api/agent/queue.');
  return parsed.data;
}

/** The optional `?locale=` of GET /canned (e.g. 'en', 'zh-CN'). @throws RequestError 400 `invalid`. */
export function parseLocale(raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  return parse(cannedQuery, { locale: raw }).locale;
}

/** Longest `Idempotency-Key`, in characters (a UUID is 36). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 64;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]+$/;

/**
 * The optional `Idempotency-Key` header of a send (undefined when absent): 1 to 64 of `A-Z a-z 0-9 . _ : -`,
 * optionally in double quotes (the IETF draft's structured-field string). A repeated header (express joins
 * them with ", ") fails the charset. The desk hashes it with the agent and the ticket; it is never stored as sent.
 * @throws RequestError 400 `invalid` for any other value.
 */
export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const key = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !IDEMPOTENCY_KEY.test(key))
    throw new RequestError(
      400,
      'invalid',
      `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters among A-Z a-z 0-9 . _ : - (a UUID fits); make a new one for each message and send it again unchanged on a retry.`,
    );
  return key;
}
