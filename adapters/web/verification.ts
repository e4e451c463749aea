/**
 * Direct Line verification: HS256-signed tokens bound to one conversation, and the check every
 * request goes through (the Direct Line secret, or a token for this conversation).
 * Tokens are JWT-shaped so botframework-directlinejs can decode them as it expects.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { RequestError } from '../../infra/errors.js';
import { bearerToken } from '../../infra/secrets.js';
import { safeEqual } from '../webhook.js';
import type { TokenBinding, TokenClaims } from './payload-types.js';

export { safeEqual };

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** Options of `TokenIssuer`; `now` (milliseconds) is injectable for expiry tests. */
export interface TokenIssuerOptions {
  /** HMAC key; every instance must share it, or tokens from one instance fail on another. */
  key: string;
  /** Token lifetime; 1800 s as Azure Direct Line. */
  ttlSeconds?: number;
  now?: () => number;
}

/** Signs and verifies conversation tokens. */
export class TokenIssuer {
  readonly #key: string;
  readonly #now: () => number;
  readonly ttlSeconds: number;

  constructor({ key, ttlSeconds = 1800, now = Date.now }: TokenIssuerOptions) {
    this.#key = key;
    this.ttlSeconds = ttlSeconds;
    this.#now = now;
  }

  /**
   * A fresh token for `conversationId`, carrying `binding` (see `TokenBinding`; a refresh passes the
   * old token's claims, so what was bound stays bound). `ttlSeconds` shortens it (origin tokens).
   */
  issue(conversationId: string, binding: TokenBinding = {}, ttlSeconds = this.ttlSeconds): string {
    const iat = Math.floor(this.#now() / 1000);
    const claims: TokenClaims = { conv: conversationId, ...bindingOf(binding), iat, exp: iat + Math.min(ttlSeconds, this.ttlSeconds) };
    const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${body}.${this.#sign(body)}`;
  }

  /**
   * The claims of a valid token.
   * @throws RequestError 401 `Unauthorized` when forged or malformed, 403 `TokenExpired` when expired
   * (Direct Line clients treat 403 as "get a new token").
   */
  verify(token: string): TokenClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || !safeEqual(this.#sign(`${parts[0]}.${parts[1]}`), parts[2])) {
      throw new RequestError(401, 'Unauthorized', 'The token is not valid. Start a conversation or generate a token first.');
    }
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      throw new RequestError(401, 'Unauthorized', 'The token is not valid.');
    }
    if (typeof claims.conv !== 'string' || typeof claims.exp !== 'number') {
      throw new RequestError(401, 'Unauthorized', 'The token is not valid.');
    }
    if (claims.exp * 1000 <= this.#now()) {
      throw new RequestError(403, 'TokenExpired', 'The token has expired. Refresh it before it expires, or start a new conversation.');
    }
    return claims;
  }

  /** Seconds left before a token with these claims expires, on this issuer's clock. */
  secondsLeft(claims: TokenClaims): number {
    return Math.max(0, claims.exp - Math.floor(this.#now() / 1000));
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#key).update(body).digest('base64url');
  }
}

/** Only the binding's own fields, so a refresh copying old claims carries no stale `iat`/`exp`. */
export function bindingOf({ user, name, verified, origin }: TokenBinding): TokenBinding {
  return { ...(user ? { user } : {}), ...(user && name ? { name } : {}), ...(user && verified === true ? { verified } : {}), ...(origin ? { origin } : {}) };
}

/** A random key, for single-instance demos where no token key was configured. */
export function randomTokenKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The bearer credential of an `Authorization` header, or undefined. */
export function bearerOf(header: string | undefined): string | undefined {
  // Some clients send "Bearer undefined" before they have a token: that is no credential.
  const value = bearerToken(header);
  return value && value !== 'undefined' && value !== 'null' ? value : undefined;
}

/** Who a request proved to be: the secret holder (any conversation) or a token bound to one. */
export type Credential = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims } | { kind: 'none' };

/**
 * Classifies a bearer credential: the configured secret, a valid token, or nothing.
 * @throws RequestError 401/403 for a bad or expired token, or a wrong secret.
 */
export function authenticate(credential: string | undefined, secret: string | undefined, tokens: TokenIssuer): Credential {
  if (!credential) return { kind: 'none' };
  if (secret && safeEqual(credential, secret)) return { kind: 'secret' };
  return { kind: 'token', claims: tokens.verify(credential) };
}

/**
 * Allows a call on `conversationId` when made with the secret or a token bound to it.
 * @throws RequestError 401 without a credential, 403 with a token for another conversation.
 */
export function requireConversationAccess(credential: Credential, conversationId: string): Credential {
  if (credential.kind === 'secret') return credential;
  if (credential.kind === 'none') {
    throw new RequestError(401, 'Unauthorized', 'Missing "Authorization: Bearer <token>" header; use the token from POST /conversations.');
  }
  if (credential.claims.conv !== conversationId) {
    throw new RequestError(403, 'Forbidden', 'This token belongs to another conversation.');
  }
  return credential;
}
