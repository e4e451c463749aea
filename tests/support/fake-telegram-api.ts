/**
 * A loopback fake of the Telegram Bot API (`<root>/bot<token>/<method>`), for grammY's `client.apiRoot`.
 * It records every call with its params and the status it answered, answers the methods Baton
 * uses as Telegram does, serves queued updates to getUpdates (long polling), and can be told to refuse
 * the next call of a method with 429 + retry_after or a 500, as Telegram's flood control and outages do.
 *
 * Files both ways, as the Bot API has them: `addFile` puts a file a customer sent on the "server";
 * getFile answers its `file_path` (or "file is too big" past 20 MB, as Telegram does), and
 * `<root>/file/bot<token>/<file_path>` serves its bytes. sendPhoto, sendDocument, sendVoice, sendVideo
 * and sendAudio take multipart bodies (grammY's InputFile: the field says `attach://<part>`); the
 * uploaded file is recorded on the call's params as a `FakeUpload`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';
import { type HeldCall as HeldCallOf, heldCalls } from './held-calls.js';

export interface RecordedCall {
  readonly method: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary Bot API params
  readonly params: Record<string, any>;
  /** The HTTP status the fake answered: 200, or the injected failure's. */
  readonly status: number;
  /** The `result` answered on success, e.g. the sent Message with its `message_id`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary Bot API results
  readonly result?: any;
}

/** A file uploaded with a send method (the params' field holds it instead of `attach://...`). */
export interface FakeUpload {
  readonly filename: string;
  readonly size: number;
  readonly bytes: Buffer;
}

/** A file on the fake server, as getFile describes it. */
export interface FakeTelegramFile {
  readonly file_id: string;
  readonly file_unique_id: string;
  readonly file_size: number;
  readonly file_path: string;
}

/** The send methods that upload a file, and the field that carries it. */
export const UPLOAD_FIELDS: Readonly<Record<string, string>> = {
  sendPhoto: 'photo',
  sendDocument: 'document',
  sendVoice: 'voice',
  sendVideo: 'video',
  sendAudio: 'audio',
};

/** Telegram's ceiling for bot downloads (getFile answers "file is too big" past it). */
export const BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export type InjectedFailure = { status: 429; retryAfter: number } | { status: 500 };

/** A call the fake holds open; see `holdNext`. */
export type HeldCall = HeldCallOf<RecordedCall['params']>;

export interface FakeTelegramApi {
  /** Pass as `apiRoot` / TELEGRAM_API_ROOT. */
  readonly apiRoot: string;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  /** Every call, in arrival order. */
  readonly calls: readonly RecordedCall[];
  /** Calls of `method` that succeeded, optionally only those matching `where`. */
  succeeded(method: string, where?: (params: RecordedCall['params']) => boolean): RecordedCall[];
  /** Refuses the next call of `method` once with `failure`. */
  failNext(method: string, failure: InjectedFailure): void;
  /** Queues updates for getUpdates. */
  pushUpdates(...updates: Update[]): void;
  /**
   * Holds the next call of `method` until `release()`: `reached` resolves with its params once the call
   * arrived, so a test knows a turn is in flight (e.g. to stop the process in the middle of it).
   */
  holdNext(method: string): HeldCall;
  /**
   * Puts a file a customer sent on the fake server; `size` may claim more than the bytes (a file too big
   * for getFile without holding 20 MB in memory).
   */
  addFile(bytes: Buffer, options?: { size?: number; path?: string }): FakeTelegramFile;
  /** File paths downloaded through `/file/bot<token>/...`, in order. */
  readonly downloads: readonly string[];
  close(): Promise<void>;
}

export const FAKE_TOKEN = '123456789:AAFakeTokenForTheLoopbackBotApi_0123';

/** Starts the fake on 127.0.0.1 and an ephemeral port. */
export async function startFakeTelegramApi({ username = 'baton_shop_bot', token = FAKE_TOKEN } = {}): Promise<FakeTelegramApi> {
  const botInfo: UserFromGetMe = {
    id: Number(token.split(':')[0]),
    is_bot: true,
    first_name: 'Baton Shop',
    username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
  } as UserFromGetMe;
  const calls: RecordedCall[] = [];
  const failures = new Map<string, InjectedFailure[]>();
  const holds = heldCalls<RecordedCall['params']>();
  const queued: Update[] = [];
  const waiting = new Set<() => void>();
  let nextMessageId = 500;
  const files = new Map<string, { file: FakeTelegramFile; bytes: Buffer }>();
  const downloads: string[] = [];
  let fileCounter = 0;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  async function getUpdates(params: RecordedCall['params'], req: IncomingMessage): Promise<Update[]> {
    const offset = Number(params.offset ?? 0);
    // A getUpdates with an offset confirms every earlier update, as on Telegram.
    while (queued.length > 0 && queued[0].update_id < offset) queued.shift();
    const ready = () => queued.slice(0, Number(params.limit ?? 100));
    if (queued.length > 0 || !params.timeout) return ready();
    await new Promise<void>((resolve) => {
      const wake = () => {
        waiting.delete(wake);
        clearTimeout(timer);
        req.socket.off('close', wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.min(Number(params.timeout), 2) * 1000);
      waiting.add(wake);
      req.socket.once('close', wake);
    });
    return ready();
  }

  function result(method: string, params: RecordedCall['params']): unknown {
    switch (method) {
      case 'getMe':
        return botInfo;
      case 'sendMessage':
      case 'editMessageText':
        return {
          message_id: method === 'sendMessage' ? ++nextMessageId : Number(params.message_id),
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(params.chat_id), type: Number(params.chat_id) < 0 ? 'supergroup' : 'private' },
          from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username },
          text: params.text,
          ...(params.reply_markup ? { reply_markup: params.reply_markup } : {}),
        };
      case 'sendPhoto':
      case 'sendDocument':
      case 'sendVoice':
      case 'sendVideo':
      case 'sendAudio': {
        const upload = params[UPLOAD_FIELDS[method]!] as FakeUpload | string | undefined;
        if (upload === undefined) return undefined;
        const field = UPLOAD_FIELDS[method]!;
        const fileId = `AgAC${method}${++fileCounter}`;
        const described =
          field === 'photo'
            ? [{ file_id: fileId, file_unique_id: `u${fileCounter}`, width: 640, height: 480, file_size: typeof upload === 'string' ? 0 : upload.size }]
            : { file_id: fileId, file_unique_id: `u${fileCounter}`, file_size: typeof upload === 'string' ? 0 : upload.size };
        return {
          message_id: ++nextMessageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(params.chat_id), type: Number(params.chat_id) < 0 ? 'supergroup' : 'private' },
          from: { id: botInfo.id, is_bot: true, first_name: botInfo.first_name, username },
          [field]: described,
          ...(params.caption ? { caption: params.caption } : {}),
        };
      }
      case 'getFile': {
        const stored = files.get(String(params.file_id));
        if (!stored) return { error: 'Bad Request: invalid file_id' };
        if (stored.file.file_size > BOT_DOWNLOAD_LIMIT) return { error: 'Bad Request: file is too big' };
        return stored.file;
      }
      case 'setWebhook':
      case 'deleteWebhook':
      case 'answerCallbackQuery':
      case 'sendChatAction':
      case 'deleteMessage':
        return true;
      default:
        return undefined;
    }
  }

  const server = createServer(async (req, res) => {
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (download && req.method === 'GET') {
      const stored = [...files.values()].find(({ file }) => file.file_path === download[2]);
      if (download[1] !== token || !stored) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      downloads.push(stored.file.file_path);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(stored.bytes.length) }).end(stored.bytes);
      return;
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!match) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, givenToken, method] = match;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const params = await readParams(raw, req.headers['content-type']);
    const record = (status: number, result?: unknown) => calls.push({ method, params, status, result });
    if (givenToken !== token) {
      record(401);
      return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const failure = failures.get(method)?.shift();
    if (failure?.status === 429) {
      record(429);
      return answer(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${failure.retryAfter}`,
        parameters: { retry_after: failure.retryAfter },
      });
    }
    if (failure?.status === 500) {
      record(500);
      return answer(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    }
    if (method === 'getUpdates') {
      const updates = await getUpdates(params, req);
      record(200, updates);
      return res.destroyed ? undefined : answer(res, 200, { ok: true, result: updates });
    }
    await holds.pass(method, params);
    const value = result(method, params);
    const refused = (value as { error?: unknown } | undefined)?.error;
    if (typeof refused === 'string') {
      record(400);
      return answer(res, 400, { ok: false, error_code: 400, description: refused });
    }
    if (value === undefined) {
      record(404);
      return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
    record(200, value);
    answer(res, 200, { ok: true, result: value });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botInfo,
    calls,
    succeeded: (method, where = () => true) => calls.filter((call) => call.method === method && call.status === 200 && where(call.params)),
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    holdNext: holds.holdNext,
    addFile(bytes, { size = bytes.length, path } = {}) {
      const n = ++fileCounter;
      const file: FakeTelegramFile = {
        file_id: `BQACAgIAAxkBAAI${n}`,
        file_unique_id: `AgAD${n}`,
        file_size: size,
        file_path: path ?? `documents/file_${n}.bin`,
      };
      files.set(file.file_id, { file, bytes });
      return file;
    },
    downloads,
    pushUpdates(...updates) {
      queued.push(...updates);
      for (const wake of [...waiting]) wake();
    },
    async close() {
      for (const wake of [...waiting]) wake();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The params of a Bot API call: JSON, or multipart (grammY's InputFile), where each `attach://<part>`
 * field is replaced by the uploaded part and the other fields are JSON-decoded when they look like it.
 */
async function readParams(raw: Buffer, contentType: string | undefined): Promise<RecordedCall['params']> {
  if (!contentType?.startsWith('multipart/form-data')) return raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const params: RecordedCall['params'] = {};
  const parts = new Map<string, FakeUpload>();
  for (const [key, value] of form) {
    if (typeof value === 'string') {
      params[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } else {
      const bytes = Buffer.from(await value.arrayBuffer());
      parts.set(key, { filename: value.name, size: bytes.length, bytes });
    }
  }
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.startsWith('attach://')) params[key] = parts.get(value.slice('attach://'.length)) ?? value;
  }
  for (const [key, part] of parts) if (!(key in params)) params[key] = part;
  return params;
}
