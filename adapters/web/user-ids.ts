/**
 * User ids and names in Direct Line bodies (`{ user: { id, name } }`) and on posted activities.
 * Ids starting with `dl_` are reserved for ids the shop's backend embedded in a token with the secret,
 * as in Azure Direct Line and Web Chat ("user ID prefixed with dl_ is reserved and must be embedded
 * into the Direct Line token to prevent forgery"): a client that claims one is refused.
 */
import { RequestError } from '../../infra/errors.js';

/** Letters, digits and the punctuation ids are made of in shop systems (e-mails, UUIDs, `tenant|id`). */
const USER_ID = /^[\p{L}\p{N}_.@:|+=/-]{1,128}$/u;
const MAX_NAME = 100;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The user a body names, validated; undefined when it names none. */
export interface NamedUser {
  readonly id: string;
  readonly name?: string;
}

/**
 * Reads `body.user` as a backend or client sent it.
 * @param reserved true when the caller holds the Direct Line secret, so `dl_` ids are allowed.
 * @throws RequestError 400 `BadArgument` for an id or name of the wrong shape, or a `dl_` id without the secret.
 */
export function readUser(body: unknown, { reserved }: { reserved: boolean }): NamedUser | undefined {
  const user = (body as { user?: unknown } | null | undefined)?.user;
  if (user === undefined || user === null) return undefined;
  if (typeof user !== 'object' || Array.isArray(user))
    throw new RequestError(400, 'BadArgument', '"user" must be an object like {"id":"dl_123","name":"Ada"}.');
  const { id, name } = user as { id?: unknown; name?: unknown };
  if (id === undefined && name === undefined) return undefined;
  const checkedId = checkUserId(id, reserved);
  if (name === undefined || name === null || name === '') return { id: checkedId };
  if (typeof name !== 'string' || name.length > MAX_NAME || CONTROL.test(name)) {
    throw new RequestError(400, 'BadArgument', `"user.name" must be text of at most ${MAX_NAME} characters without control characters.`);
  }
  return { id: checkedId, name };
}

/**
 * Checks a user id; `reserved` allows the `dl_` prefix (the secret holder only).
 * @throws RequestError 400 `BadArgument`.
 */
export function checkUserId(id: unknown, reserved: boolean): string {
  if (typeof id !== 'string' || !USER_ID.test(id)) {
    throw new RequestError(400, 'BadArgument', '"user.id" must be 1 to 128 letters, digits or _ . @ : | + = / - (e.g. "dl_customer-42").');
  }
  if (!reserved && isReservedUserId(id)) {
    throw new RequestError(
      400,
      'BadArgument',
      'User ids starting with "dl_" are reserved for ids embedded in a token by the shop\'s backend (POST /v3/directline/tokens/generate with the secret). Use another id, or get such a token.',
    );
  }
  return id;
}

/** True for ids only a token generated with the secret may carry. */
export function isReservedUserId(id: string): boolean {
  return id.startsWith('dl_');
}
