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
  override readonly name = 'RequestError';
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}
