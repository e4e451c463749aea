/**
 * Baton's error family. Callers branch on `code`, never on a message string.
 * Unknown throws are wrapped once, at the engine boundary, with `BatonError.wrap`.
 */
export class BatonError extends Error {
  override readonly name: string = 'BatonError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Wraps anything thrown into a BatonError, keeping the original as `cause`. */
  static wrap(error: unknown, code = 'internal'): BatonError {
    if (error instanceof BatonError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new BatonError(code, message, { cause: error });
  }
}

/** A setting is missing or malformed; the message states the fix. */
export class ConfigError extends BatonError {
  override readonly name = 'ConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_invalid', message, options);
  }
}

/** A call to a platform's Web API failed (Telegram, Slack, WhatsApp, Bot Framework). */
export class ChannelApiError extends BatonError {
  override readonly name = 'ChannelApiError';
  constructor(
    readonly method: string,
    readonly payload: unknown,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super('channel_api_failed', message, options);
    this.status = options?.status;
  }
  readonly status: number | undefined;
}

/** A store refused a write because another writer got there first (eTag mismatch). */
export class ConcurrencyError extends BatonError {
  override readonly name = 'ConcurrencyError';
  constructor(readonly key: string) {
    super('etag_conflict', `Storage: eTag conflict on '${key}'. Another turn changed it; read it again and retry.`);
  }
}

/** A request from outside (HTTP, webhook) was refused; `status` is the HTTP status to answer with. */
export class RequestError extends BatonError {
  override readonly name: string = 'RequestError';
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * A store could not be reached (Redis down, restarting, or too slow to answer): retryable, nothing is
 * wrong with the request. HTTP edges answer 503; the turn pipeline falls back where it can.
 */
export class StoreUnavailableError extends BatonError {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('store_unavailable', message, options);
  }
}

/**
 * What ioredis rejects a command with when the connection, not the command, failed. It gives these
 * errors no code, so their names and messages are its API here; a `ReplyError` (Redis answered with
 * an error: a script bug, a wrong type) is never one of them. "Command aborted due to connection close"
 * (its AbortError) is a command that was in flight behind others the server had answered (a pipeline,
 * a MULTI) when the connection closed, which ioredis does not send again; by the message, not the
 * name, as a fetch cancelled by its signal is an AbortError too.
 */
const CONNECTION_FAILURE =
  /Connection is closed|Command timed out|Command aborted due to connection close|Stream isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|Failed to refresh slots cache|None of startup nodes is available/;

/**
 * What Redis answers while a failover or a restart is under way: a server demoted to replica (READONLY,
 * also from inside a script; WAIT, which a replica refuses), one still loading its data, or a replica
 * that lost its master. The same command goes through once the deployment is whole again.
 */
const FAILOVER_REPLY = /^(READONLY|LOADING|MASTERDOWN)\b|-READONLY\b|WAIT cannot be used with replica instances/;

/** True when `error` says the store was unreachable (see `StoreUnavailableError`), at any depth of `cause`. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof StoreUnavailableError) return true;
    // A MULTI whose commands a demoted server refused fails as EXECABORT; ioredis lists why in `previousErrors`.
    if (current.name === 'ReplyError')
      return FAILOVER_REPLY.test(current.message) || ((current as { previousErrors?: unknown[] }).previousErrors ?? []).some(isStoreUnavailable);
    if (current.name === 'MaxRetriesPerRequestError' || current.name === 'ClusterAllFailedError') return true;
    if (CONNECTION_FAILURE.test(current.message)) return true;
  }
  return false;
}
