/**
 * The whatsapp-web.js `BotAdapter`. The leader's client hands it each incoming message (`acceptMessage`):
 * a message seen before is dropped by its id (whatsapp-web.js emits recent messages again when a session
 * reconnects, and a new leader's browser syncs the same chats), the others run as turns, in order per
 * chat. Every outgoing message, a reply in a turn as much as an agent's proactive one, is appended to the
 * outbox, which the leader drains through its browser; so `continueConversation` works on any instance.
 */
import { claimDelivery } from '../../infra/dedupe-store.js';
import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from '../../dialogs/turn-kit.js';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import { BatonError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import type { BotLogic } from '../channel.js';
import { ChatQueue } from '../chat-queue.js';
import { InFlight } from '../kit/in-flight.js';
import type { OptionStore } from './option-store.js';
import { optionNumber, textsFor } from './suggested-actions.js';
import { readWebMessage, renderWebActivity, toWebActivity, type WebInbound } from './web-client-messages.js';
import type { WebOutbox } from './web-client-outbox.js';
import { WHATSAPP_WEB_CHANNEL_ID, type WebMessage } from './web-client-types.js';

/** WhatsApp's limit on a caption, in characters. */
const WEB_CAPTION_MAX = 1024;
import { ProactiveBotAdapter } from '../proactive-adapter.js';
import type { MediaKit } from '../media-intake.js';
import { mediaRefusalText } from '../media-limits.js';
import { outgoingMedia, takeIn, type Fetched } from '../media-edge.js';
import { toActivityAttachment } from '../../dialogs/media.js';

/** Options of `WhatsAppWebAdapter`. */
export interface WhatsAppWebAdapterOptions {
  /** Names the WhatsApp account (RemoteAuth's client id); kept on activities. */
  clientId: string;
  outbox: WebOutbox;
  /** The engine's dedupe store: a Redis one when several instances take turns as leader. */
  dedupe: DedupeStore;
  optionStore: OptionStore;
  /** Language of the adapter's own words when a message gives no clue (default 'en'). */
  defaultLocale?: string;
  /** How long a message id is remembered (default a week: a restored session can sync days of chats). */
  dedupeTtlSeconds?: number;
  /**
   * Photos, voice notes, videos and documents both ways (bots/media-setup.ts). Without it, media get the
   * "text only" answer and agents' files are not sent.
   */
  media?: MediaKit;
  /** Longest time to download one customer file through the browser (default 30 s). */
  fileTimeoutMs?: number;
  logger?: Logger;
}

/** What became of a message handed to `acceptMessage`. */
export type WebMessageOutcome = { outcome: 'accepted' } | { outcome: 'duplicate' } | { outcome: 'ignored'; reason: string };

/** A `BotAdapter` for WhatsApp through whatsapp-web.js. */
export class WhatsAppWebAdapter extends ProactiveBotAdapter {
  readonly #options: WhatsAppWebAdapterOptions;
  readonly #queue = new ChatQueue();
  /** Messages between the client's event and their place in the queue (the dedupe claim is awaited). */
  readonly #accepting = new InFlight();

  constructor(options: WhatsAppWebAdapterOptions) {
    super();
    this.#options = options;
  }

  /**
   * Takes one message from the client: ignores what is not for the bot, claims the message id, and queues
   * the turn behind the chat's earlier ones. Resolves once the claim is stored, before the turn runs.
   * @throws whatever the dedupe store throws (Redis down); the message is then not taken.
   */
  async acceptMessage(message: WebMessage, logic: BotLogic): Promise<WebMessageOutcome> {
    return this.#accepting.track(this.#accept(message, logic));
  }

  async #accept(message: WebMessage, logic: BotLogic): Promise<WebMessageOutcome> {
    const { dedupe, dedupeTtlSeconds = 7 * 24 * 3600, logger } = this.#options;
    const inbound = readWebMessage(message);
    if (inbound.kind === 'ignored') {
      logger?.debug({ id: message.id._serialized, reason: inbound.reason }, 'whatsapp-web: message ignored');
      return { outcome: 'ignored', reason: inbound.reason };
    }
    // Keyed apart from the pipeline's own dedupe key, so both checks pass for a first delivery.
    if (!(await claimDelivery(dedupe, WHATSAPP_WEB_CHANNEL_ID, `message:${message.id._serialized}`, dedupeTtlSeconds))) {
      logger?.info({ id: message.id._serialized }, 'whatsapp-web: message seen before dropped');
      return { outcome: 'duplicate' };
    }
    void this.#queue
      .run(message.from, async () => {
        if (inbound.kind === 'sticker') {
          await this.#send(message.from, [textsFor(undefined, undefined, this.#options.defaultLocale).sticker]);
          return;
        }
        let attachments: Partial<Activity>['attachments'];
        let text = inbound.kind === 'text' ? inbound.text : '';
        if (inbound.kind === 'media' && this.#options.media) {
          const taken = await this.#takeInFile(message, inbound, this.#options.media);
          if (!taken) return;
          ({ attachments, text } = taken);
        } else if (inbound.kind === 'unsupported' || inbound.kind === 'media') {
          await this.#send(message.from, [textsFor(undefined, inbound.caption, this.#options.defaultLocale).unsupported]);
          return;
        }
        if (inbound.kind === 'too_long') {
          logger?.info({ id: message.id._serialized, length: inbound.length }, 'whatsapp-web: text over the length limit; asked for a shorter one');
          await this.#send(message.from, [textsFor(undefined, undefined, this.#options.defaultLocale).tooLong.replace('{limit}', String(inbound.limit))]);
          return;
        }
        const activity =
          inbound.kind === 'media'
            ? { ...toWebActivity(message, text, this.#options), ...(attachments?.length ? { attachments } : {}) }
            : toWebActivity(message, await this.#resolveText(message.from, text), this.#options);
        try {
          await this.runMiddleware(new TurnContext(this, activity), logic);
        } catch (error) {
          logger?.error({ err: error, id: activity.id }, 'whatsapp-web: turn failed');
          await this.#send(message.from, [textsFor(undefined, activity.text, this.#options.defaultLocale).failed]);
        }
      })
      .catch((error: unknown) => logger?.error({ err: error, id: message.id._serialized }, 'whatsapp-web: message handling failed'));
    return { outcome: 'accepted' };
  }

  /** Appends message activities to the outbox; `delay` waits; typing, trace and events are not shown. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return this.sendEach(activities, async (activity) => {
      const rendered = activity.type === ActivityTypes.Message ? renderWebActivity(activity, this.#options.defaultLocale) : undefined;
      const chatId = activity.conversation?.id ?? context.activity.conversation?.id;
      const files = rendered && chatId && this.#options.media ? outgoingMedia(activity, chatId) : [];
      if (!rendered || (rendered.texts.length === 0 && files.length === 0)) return '';
      if (!chatId)
        throw new BatonError(
          'whatsapp_no_conversation',
          'WhatsApp Web: an outgoing activity has no conversation.id (the chat id); send it from a turn or continueConversation.',
        );
      // Stored before sending, so an answer arriving the instant the list shows already finds it.
      if (rendered.numberedOptions) await this.#options.optionStore.write(chatId, rendered.numberedOptions);
      if (files.length > 0) {
        // A lone file carries a short text as its caption; otherwise the text goes first, then the files.
        const text = activity.text?.trim() ?? '';
        const asCaption = files.length === 1 && !rendered.numberedOptions && [...text].length <= WEB_CAPTION_MAX;
        let id = asCaption ? '' : await this.#send(chatId, rendered.texts);
        for (const [index, file] of files.entries()) {
          const media = { mediaId: file.mediaId, kind: file.kind, contentType: file.contentType, ...(file.name ? { name: file.name } : {}) };
          id = await this.#options.outbox.append({ chatId, text: asCaption && index === 0 ? text : '', media });
        }
        return id;
      }
      return this.#send(chatId, rendered.texts);
    });
  }

  /** whatsapp-web.js can edit or delete only its own recent messages by their id, which the outbox does not return. */
  protected override refuseChange(change: 'edit' | 'delete'): BatonError {
    return new BatonError(
      'whatsapp_unsupported',
      change === 'edit'
        ? "WhatsApp Web messages go out through the leader's outbox and cannot be edited afterwards; send a new one."
        : "WhatsApp Web messages go out through the leader's outbox and cannot be deleted afterwards.",
    );
  }

  /** Resolves when every message taken so far has had its turn (its replies are in the outbox). */
  async drain(): Promise<void> {
    while (this.#accepting.size > 0 || this.#queue.size > 0) {
      await this.#accepting.drain();
      await this.#queue.drain();
    }
  }

  /**
   * Takes in a customer's file: refused unread when WhatsApp announces it over the limit, else downloaded
   * through the browser (bounded in time), checked from the bytes and stored. Refused, the customer is
   * told why; a caption still runs its turn, a bare file ends here (undefined).
   */
  async #takeInFile(
    message: WebMessage,
    inbound: Extract<WebInbound, { kind: 'media' }>,
    media: MediaKit,
  ): Promise<{ attachments: Partial<Activity>['attachments']; text: string } | undefined> {
    const { logger } = this.#options;
    const fetch = async (maxBytes: number): Promise<Fetched> => {
      if (inbound.announcedSize !== undefined && inbound.announcedSize > maxBytes) return { ok: false, refusal: { code: 'too_large', limit: maxBytes } };
      const downloaded = await message.downloadMedia!();
      if (!downloaded?.data) return { ok: false, refusal: { code: 'unavailable' } };
      // Base64 is a third larger than the bytes: refuse before decoding what cannot fit.
      if (downloaded.data.length > Math.ceil(maxBytes / 3) * 4 + 4) return { ok: false, refusal: { code: 'too_large', limit: maxBytes } };
      const bytes = Buffer.from(downloaded.data, 'base64');
      return bytes.length > maxBytes ? { ok: false, refusal: { code: 'too_large', limit: maxBytes } } : { ok: true, bytes };
    };
    const result = await takeIn(media, {
      channel: WHATSAPP_WEB_CHANNEL_ID,
      conversationId: message.from,
      customerKey: `${WHATSAPP_WEB_CHANNEL_ID}:${message.from}`,
      ...(inbound.filename ? { name: inbound.filename } : {}),
      timeoutMs: this.#options.fileTimeoutMs ?? 30_000,
      fetch,
    });
    if (result.ok) {
      logger?.info({ id: message.id._serialized, kind: result.media.kind, size: result.media.size }, 'whatsapp-web: customer file stored');
      return { attachments: [toActivityAttachment(result.media)], text: inbound.caption ?? '' };
    }
    logger?.info({ id: message.id._serialized, refusal: result.refusal.code }, 'whatsapp-web: customer file refused; told the customer');
    const locale = /\p{Script=Han}/u.test(inbound.caption ?? '') ? 'zh' : (this.#options.defaultLocale ?? 'en');
    await this.#send(message.from, [mediaRefusalText({ ...result.refusal, kind: result.refusal.kind ?? inbound.type }, locale)]);
    return inbound.caption ? { attachments: [], text: inbound.caption } : undefined;
  }

  /** The customer's text, with a number answering the last numbered list replaced by that option's value. */
  async #resolveText(chatId: string, text: string): Promise<string> {
    const { optionStore } = this.#options;
    const number = optionNumber(text);
    const options = number === undefined ? undefined : await optionStore.read(chatId);
    // Any answer consumes the list: a later "2" means something else.
    await optionStore.delete(chatId);
    return (number === undefined ? undefined : options?.[number - 1]?.value) ?? text;
  }

  /** Appends texts in order; resolves the outbox id of the last one. */
  async #send(chatId: string, texts: readonly string[]): Promise<string> {
    let id = '';
    for (const text of texts) id = await this.#options.outbox.append({ chatId, text });
    return id;
  }
}
