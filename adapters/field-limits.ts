/**
 * Size limits for every field a customer controls, shared by all channels, so one anonymous request
 * cannot fill the stores or make each later read (masking, rendering, search) expensive. A message
 * text over its limit is refused at the edge (Direct Line and Bot Framework: a 4xx with a JSON error;
 * Telegram and WhatsApp: a polite reply, since the platform already took the message); a display name
 * over its limit is cut, because refusing a customer for their profile name would be rude.
 */
import { RequestError } from '../infra/errors.js';

/** The limits, in UTF-16 characters unless the name says otherwise. */
export const FIELD_LIMITS = {
  /** A message's text: Telegram and WhatsApp allow 4,096; Direct Line's default `maxTextLength` is 4,000. */
  text: 4096,
  /** A caption on a photo or file (Telegram allows 1,024). */
  caption: 1024,
  /** A display name (`from.name`, a profile name, a chat title): Telegram allows 64 per name part. */
  name: 128,
  /** An id the client chooses (`from.id`, `conversation.id`, `replyToId`, `id`). */
  id: 256,
  /** A BCP 47 locale ('zh-Hant-TW'); RFC 5646 advises 35 characters. */
  locale: 35,
  /** Any other string field on an activity (`type`, `textFormat`, `speak`, an attachment's `contentType`). */
  shortString: 2048,
  /** Attachments on one activity. */
  attachments: 10,
  /** Entities (mentions, client info) on one activity. */
  entities: 20,
  /** `channelData`, `value`, each attachment's `content` and all entities together, as JSON characters. */
  structuredJson: 8192,
  /** How deep `channelData`, `value` and an attachment's `content` may nest. */
  structuredDepth: 8,
} as const;

/** Which limit a field broke. */
export interface FieldViolation {
  /** The field, as a path: 'from.name', 'attachments[2].contentUrl', 'channelData'. */
  readonly field: string;
  readonly limit: number;
  readonly actual: number;
  /** 'characters', 'items', 'JSON characters' or 'levels'. */
  readonly unit: string;
}

/**
 * `value` cut to at most `max` UTF-16 units, never splitting a surrogate pair.
 * @example clipField('a'.repeat(500), FIELD_LIMITS.name).length // 128
 */
export function clipField(value: string, max: number): string {
  if (value.length <= max) return value;
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Depth of nested objects and arrays, iteratively (a hostile value cannot overflow the stack). */
function depthOf(value: unknown, stopAt: number): number {
  let deepest = 0;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > stopAt) return deepest;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return deepest;
}

function jsonLength(value: unknown): number {
  return value === undefined ? 0 : (JSON.stringify(value)?.length ?? 0);
}

/**
 * The first field of a posted activity (Direct Line, Bot Framework) that breaks a limit, or undefined.
 * `text` is left to the caller, which owns its own (configurable) limit and status. Linear in the
 * body's size. Fields nobody reads are bounded too: they are stored with the activity.
 */
export function activityFieldViolation(activity: Json): FieldViolation | undefined {
  const tooLong = (field: string, value: unknown, limit: number): FieldViolation | undefined =>
    typeof value === 'string' && value.length > limit ? { field, limit, actual: value.length, unit: 'characters' } : undefined;
  const tooBig = (field: string, value: unknown): FieldViolation | undefined => {
    const depth = depthOf(value, FIELD_LIMITS.structuredDepth);
    if (depth > FIELD_LIMITS.structuredDepth) return { field, limit: FIELD_LIMITS.structuredDepth, actual: depth, unit: 'levels' };
    const length = jsonLength(value);
    return length > FIELD_LIMITS.structuredJson ? { field, limit: FIELD_LIMITS.structuredJson, actual: length, unit: 'JSON characters' } : undefined;
  };
  const account = (field: string, value: unknown): FieldViolation | undefined => {
    if (!isObject(value)) return undefined;
    return (
      tooLong(`${field}.id`, value.id, FIELD_LIMITS.id) ?? tooLong(`${field}.name`, value.name, FIELD_LIMITS.name) ?? otherStrings(field, value, ['id', 'name'])
    );
  };
  const otherStrings = (field: string, value: Json, skip: readonly string[]): FieldViolation | undefined => {
    for (const [key, item] of Object.entries(value)) {
      if (skip.includes(key)) continue;
      const found = tooLong(field ? `${field}.${key}` : key, item, FIELD_LIMITS.shortString);
      if (found) return found;
    }
    return undefined;
  };

  const known = ['text', 'from', 'recipient', 'conversation', 'id', 'replyToId', 'locale', 'attachments', 'entities', 'channelData', 'value'];
  const simple =
    account('from', activity.from) ??
    account('recipient', activity.recipient) ??
    account('conversation', activity.conversation) ??
    tooLong('id', activity.id, FIELD_LIMITS.id) ??
    tooLong('replyToId', activity.replyToId, FIELD_LIMITS.id) ??
    tooLong('locale', activity.locale, FIELD_LIMITS.locale) ??
    tooBig('channelData', activity.channelData) ??
    tooBig('value', activity.value) ??
    otherStrings('', activity, known);
  if (simple) return simple;
  // Objects this function does not know, at the top level, count as structured data.
  for (const [key, item] of Object.entries(activity)) {
    if (!known.includes(key) && typeof item === 'object' && item !== null) {
      const found = tooBig(key, item);
      if (found) return found;
    }
  }
  return attachmentsViolation(activity.attachments, tooLong, tooBig) ?? entitiesViolation(activity.entities);
}

function attachmentsViolation(
  attachments: unknown,
  tooLong: (field: string, value: unknown, limit: number) => FieldViolation | undefined,
  tooBig: (field: string, value: unknown) => FieldViolation | undefined,
): FieldViolation | undefined {
  if (!Array.isArray(attachments)) return undefined;
  if (attachments.length > FIELD_LIMITS.attachments)
    return { field: 'attachments', limit: FIELD_LIMITS.attachments, actual: attachments.length, unit: 'items' };
  for (const [index, attachment] of attachments.entries()) {
    if (!isObject(attachment)) continue;
    for (const [key, item] of Object.entries(attachment)) {
      const field = `attachments[${index}].${key}`;
      const found =
        key === 'name'
          ? tooLong(field, item, FIELD_LIMITS.name)
          : typeof item === 'string'
            ? tooLong(field, item, FIELD_LIMITS.shortString)
            : tooBig(field, item);
      if (found) return found;
    }
  }
  return undefined;
}

function entitiesViolation(entities: unknown): FieldViolation | undefined {
  if (!Array.isArray(entities)) return undefined;
  if (entities.length > FIELD_LIMITS.entities) return { field: 'entities', limit: FIELD_LIMITS.entities, actual: entities.length, unit: 'items' };
  const length = jsonLength(entities);
  if (length > FIELD_LIMITS.structuredJson) return { field: 'entities', limit: FIELD_LIMITS.structuredJson, actual: length, unit: 'JSON characters' };
  const depth = depthOf(entities, FIELD_LIMITS.structuredDepth + 1);
  return depth > FIELD_LIMITS.structuredDepth + 1 ? { field: 'entities', limit: FIELD_LIMITS.structuredDepth, actual: depth - 1, unit: 'levels' } : undefined;
}

/**
 * Refuses a posted activity whose fields break a limit.
 * @throws RequestError 400 with `code` and a message naming the field, its size and the limit.
 */
export function assertActivityFieldLimits(activity: Json, code = 'BadArgument'): void {
  const violation = activityFieldViolation(activity);
  if (!violation) return;
  const { field, limit, actual, unit } = violation;
  throw new RequestError(400, code, `Activity "${field}" is ${actual} ${unit}; the limit is ${limit}. Send a smaller value.`);
}

/**
 * Refuses a Direct Line start body (`POST /conversations`, `/tokens/generate`) whose `user.id`,
 * `user.name` or `locale` is over its limit: they are stored with the conversation and put in tokens.
 * @throws RequestError 400 `BadArgument` naming the field.
 */
export function assertStartBodyLimits(body: unknown): void {
  if (!isObject(body)) return;
  const user = isObject(body.user) ? body.user : {};
  const checks: Array<[string, unknown, number]> = [
    ['user.id', user.id, FIELD_LIMITS.id],
    ['user.name', user.name, FIELD_LIMITS.name],
    ['locale', body.locale, FIELD_LIMITS.locale],
  ];
  for (const [field, value, limit] of checks) {
    if (typeof value === 'string' && value.length > limit) {
      throw new RequestError(400, 'BadArgument', `"${field}" is ${value.length} characters; the limit is ${limit}. Send a shorter value.`);
    }
  }
}
