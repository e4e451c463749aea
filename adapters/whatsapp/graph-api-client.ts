/**
 * The one Graph API call the Cloud API channel makes: `POST {base}/{version}/{phone-number-id}/messages`
 * with a bearer token. Throttling and server errors (HTTP 429 and 5xx, and Meta's rate-limit codes) are
 * retried a bounded number of times with exponential backoff, honouring `Retry-After`; anything else
 * fails at once with a `WhatsAppApiError` carrying the method, the payload and Meta's error. Each attempt
 * is bounded (`timeoutMs`): one that Meta leaves unanswered counts as a network failure, so a turn never
 * waits on a hung connection longer than the attempts and their backoff.
 */
import { ChannelApiError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import type { GraphErrorBody, MediaUrlResponse, OutgoingMessage, SendMessageResponse } from './payload-types.js';
import { downloadMedia } from '../media-intake.js';
import type { Fetched } from '../media-edge.js';
import { withoutTrailingSlashes } from '../../infra/text-ends.js';

/**
 * The Graph API version used when none is set (WHATSAPP_GRAPH_API_VERSION). Meta keeps a version about two
 * years: v25.0 (February 2026) is available until July 29, 2028, per
 * https://developers.facebook.com/docs/graph-api/changelog/versions/ (check there before moving it).
 */
export const DEFAULT_GRAPH_API_VERSION = 'v25.0';

/** Options of `GraphApiClient`. */
export interface GraphApiClientOptions {
  accessToken: string;
  phoneNumberId: string;
  /** e.g. 'https://graph.facebook.com'; tests point it at a loopback fake. */
  graphApiBase: string;
  /** e.g. 'v25.0' (`DEFAULT_GRAPH_API_VERSION`). */
  apiVersion: string;
  /** Attempts per message, the first included (default 3). */
  maxAttempts?: number;
  /** First backoff delay; doubles per retry (default 500 ms). */
  retryBaseMs?: number;
  /** Longest wait between attempts, also capping `Retry-After` (default 10 s). */
  maxRetryDelayMs?: number;
  /** Longest wait for one attempt's answer, body included (default 10 s). */
  timeoutMs?: number;
  logger?: Logger;
}

/** A refused or failed Graph API call; `graphError` is Meta's error object when it sent one. */
export class WhatsAppApiError extends ChannelApiError {
  constructor(
    method: string,
    payload: unknown,
    message: string,
    readonly graphError: GraphErrorBody['error'] | undefined,
    options?: { cause?: unknown; status?: number },
  ) {
    super(method, payload, message, options);
  }

  /** Meta's numeric error code (e.g. 131047 outside the 24-hour window), for branching. */
  get graphCode(): number | undefined {
    return this.graphError?.code;
  }
}

// Meta's throttling and transient codes, which may come with HTTP 400: 4 app rate limit, 80007 WABA rate
// limit, 130429 throughput, 131000 unknown error, 131016 service unavailable.
const RETRYABLE_CODES = new Set([4, 80007, 130429, 131000, 131016]);

/** Sends messages through the Cloud API. */
export class GraphApiClient {
  readonly #url: string;
  readonly #method: string;
  readonly #accessToken: string;
  readonly #maxAttempts: number;
  readonly #retryBaseMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #timeoutMs: number;
  readonly #logger: Logger | undefined;
  /** `<base>/<version>`, for media lookups. */
  readonly #root: string;
  readonly #mediaUrl: string;

  constructor(options: GraphApiClientOptions) {
    const base = withoutTrailingSlashes(options.graphApiBase);
    this.#root = `${base}/${options.apiVersion}`;
    this.#mediaUrl = `${base}/${options.apiVersion}/${encodeURIComponent(options.phoneNumberId)}/media`;
    this.#method = `POST /${options.apiVersion}/${options.phoneNumberId}/messages`;
    this.#url = `${base}/${options.apiVersion}/${encodeURIComponent(options.phoneNumberId)}/messages`;
    this.#accessToken = options.accessToken;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.#retryBaseMs = options.retryBaseMs ?? 500;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#logger = options.logger;
  }

  /**
   * Sends one message and resolves Meta's answer (its `messages[0].id` is the new wamid).
   * @throws WhatsAppApiError when Meta refuses it, or when retries ran out.
   */
  async sendMessage(message: OutgoingMessage): Promise<SendMessageResponse> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      let body: unknown;
      try {
        // The signal bounds the answer and its body: a server that sends headers then stalls times out too.
        response = await fetch(this.#url, {
          method: 'POST',
          headers: { authorization: `Bearer ${this.#accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
        body = await readJson(response);
      } catch (error) {
        const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${this.#timeoutMs} ms` : (error as Error).message;
        // A network failure may or may not have delivered the message; retrying risks a duplicate, which
        // is the lesser harm for a customer waiting on an answer.
        if (attempt < this.#maxAttempts) {
          await this.#backoff(attempt, undefined, `network error: ${reason}`);
          continue;
        }
        throw new WhatsAppApiError(
          this.#method,
          message,
          `WhatsApp Cloud API ${this.#method} could not be reached: ${reason}. Check WHATSAPP_GRAPH_API_BASE and the network.`,
          undefined,
          { cause: error },
        );
      }
      if (response.ok) return body as SendMessageResponse;
      const graphError = (body as Partial<GraphErrorBody> | undefined)?.error;
      const retryable = response.status === 429 || response.status >= 500 || RETRYABLE_CODES.has(graphError?.code ?? -1);
      if (retryable && attempt < this.#maxAttempts) {
        await this.#backoff(attempt, response.headers.get('retry-after'), `HTTP ${response.status}`);
        continue;
      }
      throw new WhatsAppApiError(this.#method, message, describe(this.#method, response.status, graphError, retryable ? attempt : undefined), graphError, {
        status: response.status,
      });
    }
  }

  /**
   * Fetches a customer's file: GET /{media-id} answers a short-lived URL (and the size), which serves the
   * bytes to the same bearer token. Reads at most `maxBytes`; an announced size over it is refused unread.
   * Never throws: a failed lookup or download is `unavailable`.
   */
  async downloadMedia(mediaId: string, { maxBytes, timeoutMs = this.#timeoutMs }: { maxBytes: number; timeoutMs?: number }): Promise<Fetched> {
    const authorization = `Bearer ${this.#accessToken}`;
    let info: Partial<MediaUrlResponse> | undefined;
    try {
      const response = await fetch(`${this.#root}/${encodeURIComponent(mediaId)}`, { headers: { authorization }, signal: AbortSignal.timeout(timeoutMs) });
      info = (await readJson(response)) as Partial<MediaUrlResponse> | undefined;
      if (!response.ok) {
        this.#logger?.warn({ status: response.status, error: (info as Partial<GraphErrorBody> | undefined)?.error?.code }, 'whatsapp: media lookup refused');
        return { ok: false, refusal: { code: 'unavailable' } };
      }
    } catch (error) {
      this.#logger?.warn({ err: error }, 'whatsapp: media lookup failed');
      return { ok: false, refusal: { code: 'unavailable' } };
    }
    if (typeof info?.url !== 'string') return { ok: false, refusal: { code: 'unavailable' } };
    if (typeof info.file_size === 'number' && info.file_size > maxBytes) return { ok: false, refusal: { code: 'too_large', limit: maxBytes } };
    return downloadMedia(info.url, { headers: { authorization }, maxBytes, timeoutMs });
  }

  /**
   * Uploads a file for sending (POST /{phone-number-id}/media, multipart) and resolves its media id,
   * which a message then names. One attempt, bounded by the client's timeout.
   * @throws WhatsAppApiError when Meta refuses it or cannot be reached.
   */
  async uploadMedia(bytes: Uint8Array, { contentType, filename }: { contentType: string; filename: string }): Promise<string> {
    const method = 'POST /media';
    const described = { type: contentType, filename, size: bytes.length };
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', contentType);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), filename);
    let response: Response;
    let body: unknown;
    try {
      response = await fetch(this.#mediaUrl, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.#accessToken}` },
        body: form,
        signal: AbortSignal.timeout(this.#timeoutMs * 3),
      });
      body = await readJson(response);
    } catch (error) {
      throw new WhatsAppApiError(method, described, `WhatsApp Cloud API ${method} could not be reached: ${(error as Error).message}.`, undefined, {
        cause: error,
      });
    }
    const id = (body as { id?: unknown } | undefined)?.id;
    if (response.ok && typeof id === 'string') return id;
    const graphError = (body as Partial<GraphErrorBody> | undefined)?.error;
    throw new WhatsAppApiError(method, described, describe(method, response.status, graphError, undefined), graphError, { status: response.status });
  }

  async #backoff(attempt: number, retryAfter: string | null | undefined, reason: string): Promise<void> {
    const seconds = Number(retryAfter);
    const delay = Math.min(this.#maxRetryDelayMs, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : this.#retryBaseMs * 2 ** (attempt - 1));
    this.#logger?.warn({ method: this.#method, attempt, delayMs: delay, reason }, 'whatsapp: Graph API call failed; retrying');
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return { error: { message: text.slice(0, 200) } };
  }
}

/** A message that says what went wrong and, for the usual causes, what to do. */
function describe(method: string, status: number, graphError: GraphErrorBody['error'] | undefined, attempts: number | undefined): string {
  const meta = graphError
    ? ` (code ${graphError.code ?? '?'}: ${graphError.message}${graphError.error_data?.details ? ` ${graphError.error_data.details}` : ''})`
    : '';
  const tried = attempts ? ` after ${attempts} attempts` : '';
  const fix =
    status === 401 || graphError?.code === 190
      ? ' The access token is invalid or expired: set WHATSAPP_ACCESS_TOKEN to a System User token (Business Settings > System users).'
      : graphError?.code === 131030
        ? ' In test mode, add the recipient to the allowed numbers in WhatsApp > API Setup.'
        : '';
  return `WhatsApp Cloud API ${method} failed with HTTP ${status}${tried}${meta}.${fix}`;
}
