/**
 * Calls to the Bot API: a bounded retry for rate limits and server errors (a grammY transformer), and
 * the one place grammY's errors become Baton's `ChannelApiError`.
 *
 * Why not @grammyjs/auto-retry: it is on the registry, but it retries network errors without any
 * bound and backs off 5xx answers from 3 s doubling up to an hour, so a turn could hang for ever and
 * `drain()` never finish. Customers are waiting; a reply either goes out within a few tries or the turn
 * fails loudly.
 */
import { GrammyError, HttpError, type Transformer } from 'grammy';
import { ChannelApiError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';

/** Options of `retryTransformer`. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3), so at most `maxRetries + 1` calls. */
  maxRetries?: number;
  /** A `retry_after` longer than this is not waited for: the call fails at once (default 30 s). */
  maxRetryAfterSeconds?: number;
  /** First wait after a 5xx or a network error, doubled on each retry (default 500 ms). */
  backoffMs?: number;
  /**
   * Longest wait for one call's answer (default 15 s); a call left unanswered counts as a network
   * failure (retried within `maxRetries`). Not for getUpdates, which the server holds open on purpose:
   * the client's own `timeoutSeconds` bounds it.
   */
  callTimeoutMs?: number;
  logger?: Logger;
}

/**
 * A grammY API transformer that retries a call answered 429 (waiting `parameters.retry_after`), a 5xx,
 * or failed on the network (no answer within `callTimeoutMs` included), at most `maxRetries` times.
 * Other answers pass through untouched.
 * @example api.config.use(retryTransformer({ maxRetries: 2 }))
 */
export function retryTransformer({
  maxRetries = 3,
  maxRetryAfterSeconds = 30,
  backoffMs = 500,
  callTimeoutMs = 15_000,
  logger,
}: RetryOptions = {}): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      const backoff = backoffMs * 2 ** attempt;
      const timeout = method === 'getUpdates' ? undefined : AbortSignal.timeout(callTimeoutMs);
      let response: Awaited<ReturnType<typeof prev>>;
      try {
        // grammY types its signal as the abort-controller polyfill's; a Node AbortSignal is what it gets at run time.
        response = await prev(method, payload, timeout ? (anySignal(timeout, signal) as unknown as typeof signal) : signal);
      } catch (thrown) {
        // grammY reports an aborted fetch as a bare network error; say it was ours, and why.
        const error =
          timeout?.aborted && thrown instanceof HttpError ? new HttpError(`Telegram ${method}: no answer within ${callTimeoutMs} ms`, thrown) : thrown;
        if (!(error instanceof HttpError) || attempt >= maxRetries || signal?.aborted) throw error;
        logger?.warn({ method, attempt, waitMs: backoff }, 'telegram: network error, retrying');
        await pause(backoff, signal);
        continue;
      }
      if (response.ok || attempt >= maxRetries) return response;
      const retryAfter = response.parameters?.retry_after;
      let waitMs: number | undefined;
      if (typeof retryAfter === 'number') waitMs = retryAfter <= maxRetryAfterSeconds ? retryAfter * 1000 : undefined;
      else if (response.error_code >= 500) waitMs = backoff;
      if (waitMs === undefined) return response;
      logger?.warn({ method, attempt, status: response.error_code, waitMs }, 'telegram: call refused, retrying');
      await pause(waitMs, signal);
    }
  };
}

/** The part of an AbortSignal `pause` needs (grammY passes a polyfilled one on Node). */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Aborts when either signal does (grammY's own signal may be a polyfill, so no AbortSignal.any). */
function anySignal(timeout: AbortSignal, other?: AbortSignalLike): AbortSignal {
  if (!other) return timeout;
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (other.aborted) abort();
  other.addEventListener('abort', abort, { once: true });
  timeout.addEventListener('abort', abort, { once: true });
  return controller.signal;
}

function pause(ms: number, signal?: AbortSignalLike): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('Telegram call aborted while waiting to retry'));
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', abort, { once: true });
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(new Error('Telegram call aborted while waiting to retry'));
    }
  });
}

/**
 * Runs one Bot API call and wraps its failure with `toChannelApiError`.
 * @example const message = await callTelegram('sendMessage', payload, () => api.raw.sendMessage(payload));
 */
export async function callTelegram<T>(method: string, payload: unknown, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toChannelApiError(method, payload, error);
  }
}

/**
 * A `ChannelApiError` carrying the method, the payload and Telegram's error code as `status` (0 for a
 * network failure). A network failure keeps only grammY's message and the error code: the fetch error
 * inside names the URL, which holds the bot token, and must not reach the logs.
 */
export function toChannelApiError(method: string, payload: unknown, error: unknown): ChannelApiError {
  if (error instanceof ChannelApiError) return error;
  if (error instanceof GrammyError) {
    return new ChannelApiError(method, payload, `Telegram ${method} failed (${error.error_code}): ${error.description}`, {
      cause: error,
      status: error.error_code,
    });
  }
  if (error instanceof HttpError) {
    const code = (error.error as { code?: unknown } | undefined)?.code;
    const reason = `${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
    return new ChannelApiError(method, payload, `Telegram ${method} failed: ${reason}`, { cause: new Error(reason), status: 0 });
  }
  return new ChannelApiError(method, payload, `Telegram ${method} failed: ${String((error as Error)?.message ?? error)}`, { cause: error, status: 0 });
}
