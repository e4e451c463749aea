/**
 * Telegram webhook verification. Telegram signs nothing: it echoes the `secret_token` given to
 * `setWebhook` in the `X-Telegram-Bot-Api-Secret-Token` header of every webhook call, so the check is
 * a constant-time compare of that header with our secret, plus a shape check of the body.
 */
import { RequestError } from '../../infra/errors.js';
import { secretsEqual } from '../../infra/secrets.js';
import { MAX_PAYLOAD_DEPTH, nestsDeeperThan } from '../webhook.js';
import type { Update } from './payload-types.js';

/** The header Telegram puts the webhook secret in. */
export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/** Telegram's rule for `secret_token`: 1 to 256 characters of A-Z, a-z, 0-9, _ and -. */
export const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

export { secretsEqual };

/**
 * Checks the secret header of a webhook call.
 * @throws RequestError 401 `unauthorized` when the header is missing or wrong.
 */
export function verifySecretToken(header: string | undefined, secret: string): void {
  if (!header) {
    throw new RequestError(
      401,
      'unauthorized',
      `Missing ${SECRET_HEADER} header. Telegram sends it when the webhook was set with secret_token; register the webhook with the same secret Baton has.`,
    );
  }
  if (!secretsEqual(header, secret)) {
    throw new RequestError(401, 'unauthorized', `Wrong ${SECRET_HEADER}. Register the webhook again with the secret Baton has (TELEGRAM_WEBHOOK_SECRET).`);
  }
}

/**
 * Checks the posted body is a Telegram update: an object with a non-negative integer `update_id`, nested
 * no deeper than any update is. The rest is trusted to Telegram's shape, since the secret proved the
 * sender (a body that breaks the translation anyway is refused by the adapter).
 * @throws RequestError 400 `bad_request` otherwise.
 */
export function parseUpdate(body: unknown): Update {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestError(400, 'bad_request', 'The body must be a Telegram Update object, e.g. {"update_id": 1, "message": {...}}.');
  }
  const updateId = (body as { update_id?: unknown }).update_id;
  if (typeof updateId !== 'number' || !Number.isSafeInteger(updateId) || updateId < 0) {
    throw new RequestError(400, 'bad_request', 'The update has no integer "update_id"; this is not a Telegram Update.');
  }
  if (nestsDeeperThan(body)) {
    throw new RequestError(400, 'bad_request', `The update nests deeper than ${MAX_PAYLOAD_DEPTH} levels; no Telegram Update does.`);
  }
  return body as Update;
}
