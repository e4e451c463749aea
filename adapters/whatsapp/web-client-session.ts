/**
 * What the leader does while it leads: runs the whatsapp-web.js client, shows its QR code (terminal and
 * ops page), turns its messages into turns, and drains the outbox through it once WhatsApp Web is ready.
 * A start that fails, or a session that disconnects, is retried after `restartDelayMs`, as long as this
 * instance still leads; stepping down stops the outbox first, then closes the browser.
 */
import type { Logger } from '../../infra/logger.js';
import { readStored } from '../media-edge.js';
import type { MediaKit } from '../media-intake.js';
import type { BotLogic } from '../channel.js';
import type { WhatsAppWebAdapter } from './web-client-adapter.js';
import { explainStartFailure, startWebClient } from './web-client-factory.js';
import type { Leadership } from './web-client-leader.js';
import type { WebOutbox } from './web-client-outbox.js';
import type { WebClientStatus, WebClientStatusStore } from './web-client-status.js';
import { printTerminalQr } from './web-client-terminal-qr.js';
import type { OutgoingWebMessage, WebClient, WebClientFactory } from './web-client-types.js';

/** Options of `WebSession`. */
export interface WebSessionOptions {
  createClient: WebClientFactory;
  adapter: WhatsAppWebAdapter;
  logic: BotLogic;
  outbox: WebOutbox;
  status: WebClientStatusStore;
  /** This instance's consumer name in the outbox group (the leader lock's owner id). */
  consumer: string;
  /** Prints each QR code in the terminal, on stderr (default true: the first login of a development run). */
  qrInTerminal?: boolean;
  /** How long a start may take before it counts as failed (default 120 s). */
  startTimeoutMs?: number;
  /** Wait before starting again after a failure or disconnection (default 10 s). */
  restartDelayMs?: number;
  /** Sending attempts per outgoing message (default 3); then it is dropped and reported. */
  maxSendAttempts?: number;
  onDeliveryFailure?: (message: OutgoingWebMessage, error: unknown) => void;
  /** Where the files named in the outbox are read from. */
  media?: MediaKit;
  now?: () => number;
  logger?: Logger;
}

/** The leader's client and outbox consumer; `Leadership` for `campaign`. */
export class WebSession implements Leadership {
  readonly #o: WebSessionOptions;
  #client: WebClient | undefined;
  #consumer: { abort: AbortController; done: Promise<void> } | undefined;
  #restart: NodeJS.Timeout | undefined;
  #leading = false;

  constructor(options: WebSessionOptions) {
    this.#o = options;
  }

  /** Starts the browser without waiting for it: the lock's renewals must go on while WhatsApp Web loads. */
  async onElected(): Promise<void> {
    this.#leading = true;
    void this.#start();
  }

  async onDeposed(): Promise<void> {
    this.#leading = false;
    clearTimeout(this.#restart);
    await this.#stop();
  }

  async #start(): Promise<void> {
    const { createClient, adapter, logic, logger } = this.#o;
    await this.#report({ state: 'starting', at: this.#now() });
    let client: WebClient;
    try {
      client = await createClient();
    } catch (error) {
      return this.#failed(explainStartFailure(error).message);
    }
    if (!this.#leading) return;
    this.#client = client;
    client.on('qr', (qr) => {
      logger?.info('whatsapp-web: scan the QR code (terminal, or /whatsapp/qr) with WhatsApp > Linked devices');
      if (this.#o.qrInTerminal !== false)
        printTerminalQr(qr).catch((error: unknown) => logger?.warn({ err: error }, 'whatsapp-web: the QR code could not be drawn; use /whatsapp/qr'));
      void this.#report({ state: 'qr', qr, at: this.#now() });
    });
    client.on('authenticated', () => void this.#report({ state: 'authenticated', at: this.#now() }));
    client.on('auth_failure', (message) => void this.#failed(`WhatsApp refused the stored session (${message}). Scan a new QR code; the leader restarts.`));
    client.on('ready', () => {
      logger?.info('whatsapp-web: ready; sending the outbox');
      void this.#report({ state: 'ready', at: this.#now() });
      this.#startConsumer(client);
    });
    client.on('message', (message) => {
      adapter
        .acceptMessage(message, logic)
        .catch((error: unknown) => logger?.error({ err: error, id: message.id?._serialized }, 'whatsapp-web: message not taken'));
    });
    client.on('disconnected', (reason) => {
      logger?.warn({ reason }, 'whatsapp-web: disconnected');
      void this.#report({ state: 'disconnected', reason, at: this.#now() });
      void this.#stop().then(() => this.#scheduleRestart());
    });
    try {
      await startWebClient(client, { timeoutMs: this.#o.startTimeoutMs });
    } catch (error) {
      // Stepping down closed the browser under the start: that is not a failure to report.
      if (this.#client !== client) return;
      this.#client = undefined;
      await this.#failed(explainStartFailure(error).message);
    }
  }

  #startConsumer(client: WebClient): void {
    if (this.#consumer || this.#client !== client) return;
    const { outbox, consumer, maxSendAttempts, onDeliveryFailure, logger } = this.#o;
    const abort = new AbortController();
    const done = outbox
      .consume({
        consumer,
        signal: abort.signal,
        maxAttempts: maxSendAttempts,
        deliver: async ({ chatId, text, media }) => {
          if (!media) {
            await client.sendMessage(chatId, text);
            return;
          }
          // Thrown when the file is gone (erased): the outbox retries, then drops and reports it.
          const stored = this.#o.media ? await readStored(this.#o.media, media.mediaId) : undefined;
          if (!stored) throw new Error(`whatsapp-web: the file ${media.mediaId} is not in the media store; it cannot be sent.`);
          await client.sendMedia(
            chatId,
            { mimetype: media.contentType, data: stored.bytes.toString('base64'), filename: media.name ?? null },
            {
              ...(text ? { caption: text } : {}),
              // Opus in OGG is what WhatsApp records as a voice note; other files than photos and videos go as documents.
              ...(media.contentType === 'audio/ogg' ? { sendAudioAsVoice: true } : {}),
              ...(media.kind === 'document' ? { sendMediaAsDocument: true } : {}),
            },
          );
        },
        onFailure: (message, error) => {
          logger?.error({ err: error, chatId: message.chatId }, 'whatsapp-web: message dropped after repeated send failures');
          onDeliveryFailure?.(message, error);
        },
      })
      .catch((error: unknown) => logger?.error({ err: error }, 'whatsapp-web: the outbox stopped'));
    this.#consumer = { abort, done };
  }

  /** Stops sending (waiting for a send in progress), then closes the browser. */
  async #stop(): Promise<void> {
    const consumer = this.#consumer;
    this.#consumer = undefined;
    consumer?.abort.abort();
    await consumer?.done;
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    client.removeAllListeners();
    await client.destroy().catch((error: unknown) => this.#o.logger?.warn({ err: error }, 'whatsapp-web: the browser did not close cleanly'));
  }

  async #failed(error: string): Promise<void> {
    if (!this.#leading) return;
    this.#o.logger?.error({ error }, 'whatsapp-web: session failed');
    await this.#report({ state: 'failed', error, at: this.#now() });
    await this.#stop();
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    if (!this.#leading) return;
    clearTimeout(this.#restart);
    this.#restart = setTimeout(() => {
      if (this.#leading && !this.#client) void this.#start();
    }, this.#o.restartDelayMs ?? 10_000);
    this.#restart.unref();
  }

  async #report(status: WebClientStatus): Promise<void> {
    await this.#o.status.write(status).catch((error: unknown) => this.#o.logger?.warn({ err: error }, 'whatsapp-web: status not stored'));
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }
}
