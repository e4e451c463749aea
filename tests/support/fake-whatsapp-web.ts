/**
 * A stand-in for whatsapp-web.js's `Client`: an EventEmitter that emits what the library emits ('qr',
 * 'ready', 'message' with objects shaped like its `Message`), and records every `sendMessage`. A "phone"
 * is shared by every fake client of a test, as one WhatsApp account is shared by every leader in turn.
 */
import { EventEmitter } from 'node:events';
import type { SentWebMessage, WebClient, WebMedia, WebMediaSendOptions, WebMessage } from '../../adapters/whatsapp/index.js';

/** One message a fake client sent, and which client sent it; `text` is a file's caption. */
export interface SentRecord {
  chatId: string;
  text: string;
  client: number;
  /** A file sent with `sendMedia`: its bytes decoded, and the options it went with. */
  media?: { mimetype: string; filename?: string | null; bytes: Buffer; options: WebMediaSendOptions };
}

/** The account every fake client of a test logs into. */
export interface FakePhone {
  /** Everything sent, in order, by any client. */
  readonly sent: SentRecord[];
  /** Clients made so far (one per start of a leader). */
  readonly clients: FakeWebClient[];
  /** Texts sent to `chatId`. */
  sentTo(chatId: string): string[];
  /** The factory to give the channel: a client that shows a QR code, then is ready at once unless `manualReady`. */
  factory(options?: { manualReady?: boolean; hangingStart?: boolean }): () => FakeWebClient;
}

/** A fake client: `receive` plays an incoming message, `ready` finishes the login. */
export class FakeWebClient extends EventEmitter implements WebClient {
  initialized = false;
  destroyed = false;
  constructor(
    readonly number: number,
    readonly phone: FakePhone,
    readonly manualReady: boolean,
    /** Like a WhatsApp Web that never finishes loading: initialize settles only when destroyed. */
    readonly hangingStart = false,
  ) {
    super();
  }

  #destroyed?: () => void;

  async initialize(): Promise<void> {
    this.initialized = true;
    if (this.hangingStart) {
      await new Promise<void>((resolve) => (this.#destroyed = resolve));
      throw new Error('Navigation failed because browser has disconnected!');
    }
    // As the library: the QR code is emitted while initialize runs, ready after the phone scanned it.
    this.emit('qr', `2@fake-ref-${this.number},fake-key,fake-identity,fake-secret`);
    if (!this.manualReady) setImmediate(() => this.ready());
  }

  ready(): void {
    if (this.destroyed) return;
    this.emit('authenticated');
    this.emit('ready');
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.#destroyed?.();
  }

  async sendMessage(chatId: string, content: string): Promise<SentWebMessage> {
    if (this.destroyed) throw new Error('Protocol error: Target closed (the browser was closed)');
    this.phone.sent.push({ chatId, text: content, client: this.number });
    return { id: { _serialized: `true_${chatId}_3EB0${this.phone.sent.length.toString(16).toUpperCase().padStart(16, '0')}` } };
  }

  async sendMedia(chatId: string, media: WebMedia, options: WebMediaSendOptions): Promise<SentWebMessage> {
    if (this.destroyed) throw new Error('Protocol error: Target closed (the browser was closed)');
    const bytes = Buffer.from(media.data, 'base64');
    this.phone.sent.push({
      chatId,
      text: options.caption ?? '',
      client: this.number,
      media: { mimetype: media.mimetype, filename: media.filename, bytes, options },
    });
    return { id: { _serialized: `true_${chatId}_3EB0${this.phone.sent.length.toString(16).toUpperCase().padStart(16, '0')}` } };
  }

  /** Emits an incoming message as whatsapp-web.js does. */
  receive(message: WebMessage): void {
    this.emit('message', message);
  }
}

export function createFakePhone(): FakePhone {
  const phone: FakePhone = {
    sent: [],
    clients: [],
    sentTo: (chatId) => phone.sent.filter((record) => record.chatId === chatId).map((record) => record.text),
    factory:
      ({ manualReady = false, hangingStart = false } = {}) =>
      () => {
        const client = new FakeWebClient(phone.clients.length + 1, phone, manualReady, hangingStart);
        phone.clients.push(client);
        return client;
      },
  };
  return phone;
}

let counter = 0;

/**
 * A media message as whatsapp-web.js emits it: `hasMedia`, the size WhatsApp announces in `_data.size`,
 * and `downloadMedia()` resolving a `MessageMedia`-shaped object (base64), or undefined when WhatsApp no
 * longer has the file. `downloads` counts the calls, so tests see nothing is fetched twice.
 */
export function webMediaMessage(
  from: string,
  type: 'image' | 'ptt' | 'audio' | 'video' | 'document' | 'sticker',
  bytes: Buffer,
  {
    caption = '',
    mimetype = 'application/octet-stream',
    filename,
    announcedSize = bytes.length,
    downloads,
  }: {
    caption?: string;
    mimetype?: string;
    filename?: string;
    announcedSize?: number;
    downloads?: { count: number };
  } = {},
): WebMessage {
  const base = webMessage(from, caption, { type });
  return {
    ...base,
    hasMedia: true,
    _data: { ...base._data, size: announcedSize, mimetype, ...(filename ? { filename } : {}) },
    async downloadMedia() {
      if (downloads) downloads.count++;
      return { mimetype, data: bytes.toString('base64'), filename: filename ?? null, filesize: bytes.length };
    },
  };
}

/** A message as whatsapp-web.js's `Message` carries it (the fields the adapter reads, plus a few more). */
export function webMessage(from: string, body: string, overrides: Partial<WebMessage> & { notifyName?: string } = {}): WebMessage {
  const { notifyName = 'Li Wei', ...rest } = overrides;
  const id = `false_${from}_3EB0${(++counter).toString(16).toUpperCase().padStart(18, '0')}`;
  return {
    id: { _serialized: id },
    from,
    body,
    fromMe: false,
    type: 'chat',
    timestamp: Math.floor(Date.now() / 1000),
    isStatus: false,
    _data: { notifyName },
    ...rest,
  };
}

/** Polls `check` until it returns a value; fails naming `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
