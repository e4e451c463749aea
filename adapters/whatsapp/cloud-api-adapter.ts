/**
 * The WhatsApp Cloud API adapter. A webhook is taken in two steps, "acknowledge, then work":
 * `acceptWebhook` does the fast bookkeeping the acknowledgement depends on (record each message in the
 * durable inbox, which drops redeliveries by wamid; record the customer's 24-hour window) and returns,
 * so the router answers 200; each message's turn then runs in the background, one at a time per
 * customer on this instance. A message accepted by an instance that died before its turn ended is run
 * again by another one (`startRecovery`; adapters/kit/durable-inbox.ts). Replies and proactive messages
 * only call the Graph API and read the shared stores, so `continueConversation` works from any instance.
 */
import { ChatQueue } from '../chat-queue.js';
import { runWithApology } from '../kit/apology.js';
import { createMemoryDeliveryJournal, type DeliveryJournal, journalPayload } from '../kit/delivery-journal.js';
import { DurableInbox, type HeldDelivery, type InboxMetrics, type InboxSettings } from '../kit/durable-inbox.js';
import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from '../../dialogs/turn-kit.js';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import { BatonError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import type { BotLogic } from '../channel.js';
import { activityTemplate, renderActivity, templateContent, textContent } from './cloud-api-messages.js';
import { inboundContent, parseWebhook, toActivity, WHATSAPP_CHANNEL_ID, type WebhookEvent } from './cloud-api-webhook.js';
import type { GraphApiClient } from './graph-api-client.js';
import type { OptionStore } from './option-store.js';
import type { InboundMessage, OutgoingContent, WebhookContact } from './payload-types.js';
import { isWindowOpen, type ServiceWindowStore } from './service-window.js';
import { optionNumber, textsFor } from './suggested-actions.js';
import { reportStatus, windowReport, type DeliveryFailure, type OutsideWindowEvent, type WhatsAppTemplate } from './window-and-status.js';
import { ProactiveBotAdapter } from '../proactive-adapter.js';
import type { MediaKit } from '../media-intake.js';
import { mediaRefusalText } from '../media-limits.js';
import { outgoingMedia, readStored, takeIn } from '../media-edge.js';
import { toActivityAttachment } from '../../dialogs/media.js';
import { mediaContents } from './cloud-api-media.js';

/** Options of `WhatsAppCloudAdapter`. */
export interface WhatsAppCloudAdapterOptions {
  api: GraphApiClient;
  /** The business number this adapter speaks for; webhook events for other numbers are ignored. */
  phoneNumberId: string;
  /** Kept as `serviceUrl` on activities and conversation references. */
  serviceUrl: string;
  /** The engine's dedupe store; redelivered webhooks are dropped by wamid. */
  dedupe: DedupeStore;
  /**
   * Keeps accepted messages until their turn ends, so another instance runs them if this one dies; a
   * Redis one when several instances take webhooks. Default: a memory journal on `dedupe` (one process).
   */
  journal?: DeliveryJournal;
  /** Leases and sweeps of the durable inbox (defaults in adapters/kit/durable-inbox.ts). */
  inbox?: InboxSettings;
  inboxMetrics?: InboxMetrics;
  windowStore: ServiceWindowStore;
  optionStore: OptionStore;
  /** Sent instead of a free-form message outside the 24-hour window. */
  template?: WhatsAppTemplate;
  /** Language of the adapter's own words when a message gives no clue (default 'en'). */
  defaultLocale?: string;
  /** The clock, in epoch ms; injectable so tests can move past the 24-hour window. */
  now?: () => number;
  /** How long a wamid is remembered (default one day; Meta retries for up to a week, rarely past hours). */
  dedupeTtlSeconds?: number;
  logger?: Logger;
  /** Called when a message could not go out free-form because the window is closed (see `OutsideWindowEvent`). */
  onOutsideWindow?: (event: OutsideWindowEvent) => void;
  /** Called for every `failed` status Meta reports on a message we sent. */
  onDeliveryFailure?: (failure: DeliveryFailure) => void;
  /**
   * Photos, voice notes, videos and documents both ways (bots/media-setup.ts). Without it, media get the
   * "text only" answer and agents' files are not sent.
   */
  media?: MediaKit;
}

/** What `acceptWebhook` took on. */
export interface AcceptedWebhook {
  /** Messages whose turns were scheduled. */
  messages: number;
  /** Messages dropped as redeliveries. */
  duplicates: number;
}

/** A `BotAdapter` for the WhatsApp Cloud API. */
export class WhatsAppCloudAdapter extends ProactiveBotAdapter {
  readonly #options: WhatsAppCloudAdapterOptions;
  readonly #now: () => number;
  readonly #logger: Logger | undefined;
  readonly #queue = new ChatQueue();
  readonly #inbox: DurableInbox;

  constructor(options: WhatsAppCloudAdapterOptions) {
    super();
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger;
    this.#inbox = new DurableInbox({
      ...options.inbox,
      channel: WHATSAPP_CHANNEL_ID,
      journal: options.journal ?? createMemoryDeliveryJournal({ dedupe: options.dedupe }),
      markSeconds: options.dedupeTtlSeconds ?? 24 * 3600,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.inboxMetrics ? { metrics: options.inboxMetrics } : {}),
    });
  }

  /**
   * Takes a verified webhook body: reports statuses, drops redelivered messages, records each customer's
   * window, and schedules the turns (awaited by `drain`). Resolves once that bookkeeping is stored.
   * @throws RequestError 400 when the body is not a webhook payload; a store error when Redis failed, after
   * withdrawing this body's messages from the inbox, so the router answers 5xx and Meta's redelivery is processed.
   */
  async acceptWebhook(body: unknown, logic: BotLogic): Promise<AcceptedWebhook> {
    const { phoneNumberId } = this.#options;
    const messages: Extract<WebhookEvent, { kind: 'message' }>[] = [];
    for (const event of parseWebhook(body)) {
      if (event.phoneNumberId !== phoneNumberId) {
        this.#logger?.debug({ phoneNumberId: event.phoneNumberId }, 'whatsapp: event for another business number ignored');
      } else if (event.kind === 'message') messages.push(event);
      else reportStatus(event, { logger: this.#logger, onDeliveryFailure: this.#options.onDeliveryFailure });
    }
    const claimed: (Extract<WebhookEvent, { kind: 'message' }> & { held: HeldDelivery })[] = [];
    try {
      // Keyed by the wamid alone, before anything else is recorded; it also covers messages that never reach
      // the pipeline (images, reactions). Each message is its own entry: what its turn needs, no more.
      for (const event of messages) {
        const { message, contact } = event;
        const held = await this.#inbox.accept({ id: message.id, conversationId: message.from, payload: journalPayload({ message, contact }) });
        if (held) claimed.push({ ...event, held });
        else this.#logger?.info({ id: message.id }, 'whatsapp: redelivered message dropped');
      }
      await Promise.all(claimed.map(({ message }) => this.#recordWindow(message)));
    } catch (error) {
      await Promise.all(claimed.map(({ message }) => this.#inbox.withdraw(message.id)));
      throw error;
    }
    for (const { message, contact, held } of claimed) this.#enqueue(message.from, () => this.#handle(message, contact, logic), held);
    return { messages: claimed.length, duplicates: messages.length - claimed.length };
  }

  /**
   * Starts taking over messages whose instance stopped before their turn ended (every few seconds,
   * unref'd); they run through the same queue and handling as a fresh message, without a dedupe claim.
   */
  startRecovery(logic: BotLogic): void {
    this.#inbox.start((payload, held) => this.#recover(payload, held, logic));
  }

  /** One sweep for lapsed messages now (what the recovery timer does); resolves how many were taken over. */
  recoverNow(logic: BotLogic): Promise<number> {
    return this.#inbox.sweep((payload, held) => this.#recover(payload, held, logic));
  }

  /** Stops taking over messages, waits for every accepted turn, and stops renewing their leases. */
  async close(): Promise<void> {
    await this.#inbox.stop(() => this.drain());
  }

  async #recover(payload: string, held: HeldDelivery, logic: BotLogic): Promise<void> {
    let recorded: { message?: InboundMessage; contact?: WebhookContact } | undefined;
    try {
      recorded = JSON.parse(payload) as typeof recorded;
    } catch {
      recorded = undefined;
    }
    const { message, contact } = recorded ?? {};
    if (typeof message?.id !== 'string' || typeof message.from !== 'string') {
      this.#logger?.error('whatsapp: a recorded message is not a message; dropped');
      return held.done();
    }
    // The instance may have died between recording the message and its 24-hour window: write it again (keeps the later time).
    await this.#recordWindow(message).catch((error: unknown) => this.#logger?.warn({ err: error, id: message.id }, 'whatsapp: could not record the window'));
    this.#logger?.info({ id: message.id, attempt: held.attempts }, 'whatsapp: message of a stopped instance taken over');
    this.#enqueue(message.from, () => this.#handle(message, contact, logic), held);
  }

  /**
   * Records when the customer wrote. Reactions and system notices are not counted: Meta does not document
   * them as opening the window, and thinking it open wrongly makes a free-form send fail, while thinking it
   * closed only costs a template.
   */
  async #recordWindow(message: InboundMessage): Promise<void> {
    if (message.type === 'reaction' || message.type === 'system') return;
    await this.#options.windowStore.write(message.from, this.#receivedAt(message));
  }

  /** Sends message activities through the Graph API; `delay` waits; typing, trace and events are not shown. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    return this.sendEach(activities, async (activity) => {
      const to = activity.conversation?.id ?? context.activity.conversation?.id;
      const rendered = activity.type === ActivityTypes.Message ? renderActivity(activity, this.#options.defaultLocale) : undefined;
      const files = rendered && to && this.#options.media ? outgoingMedia(activity, to) : [];
      if (!rendered || (rendered.contents.length === 0 && files.length === 0)) return '';
      if (!to)
        throw new BatonError(
          'whatsapp_no_conversation',
          'WhatsApp: an outgoing activity has no conversation.id (the customer wa_id); send it from a turn or continueConversation.',
        );
      const lastInbound = await this.#lastInbound(context, to);
      if (!isWindowOpen(lastInbound, this.#now())) return this.#sendOutsideWindow(context, to, activity, lastInbound);
      // Stored before sending, so an answer arriving the instant the list shows already finds it.
      if (rendered.numberedOptions) await this.#options.optionStore.write(to, rendered.numberedOptions);
      if (files.length > 0) return this.#deliver(to, await this.#withFiles(activity, rendered.contents, files));
      return this.#deliver(to, rendered.contents);
    });
  }

  /**
   * The messages of an activity with stored files: each file uploaded (POST /media) and sent as an image,
   * audio, video or document message; the text as the caption of a lone file when it fits, else first.
   * @throws BatonError `media_missing` when a file is no longer stored; WhatsAppApiError when an upload is refused.
   */
  async #withFiles(activity: Partial<Activity>, textContents: OutgoingContent[], files: ReturnType<typeof outgoingMedia>): Promise<OutgoingContent[]> {
    const { api, media } = this.#options;
    const uploaded = [];
    for (const file of files) {
      const stored = await readStored(media!, file.mediaId);
      if (!stored)
        throw new BatonError('media_missing', `WhatsApp: the file ${file.mediaId} is no longer stored (erased or past retention); nothing was sent.`);
      const filename = file.name ?? `${file.kind}`;
      uploaded.push({ file, id: await api.uploadMedia(stored.bytes, { contentType: file.contentType, filename }) });
    }
    return mediaContents({ text: activity.text?.trim() ?? '', textContents, hasOptions: (activity.suggestedActions?.actions?.length ?? 0) > 0, uploaded });
  }

  /** The Cloud API cannot edit or delete a sent message. */
  protected override refuseChange(change: 'edit' | 'delete'): BatonError {
    return new BatonError(
      'whatsapp_unsupported',
      change === 'edit' ? 'WhatsApp cannot edit a sent message; send a new one instead.' : 'WhatsApp Cloud API cannot delete a sent message.',
    );
  }

  /** Resolves when every accepted message's turn has finished. */
  async drain(): Promise<void> {
    await this.#queue.drain();
  }

  async #handle(message: InboundMessage, contact: WebhookContact | undefined, logic: BotLogic): Promise<void> {
    const content = inboundContent(message);
    const to = message.from;
    if (content.kind === 'ignored') {
      this.#logger?.debug({ id: message.id, type: content.type }, 'whatsapp: nothing to answer');
      return;
    }
    if (content.kind === 'sticker') {
      this.#logger?.info({ id: message.id }, 'whatsapp: a sticker; told the customer');
      await this.#deliver(to, [textContent(textsFor(undefined, undefined, this.#options.defaultLocale).sticker)]).catch((error: unknown) =>
        this.#logger?.error({ err: error, id: message.id }, 'whatsapp: could not answer a sticker'),
      );
      return;
    }
    let attachments: Activity['attachments'];
    let text: string | undefined;
    if (content.kind === 'media' && this.#options.media) {
      const taken = await this.#takeInFile(message, content, this.#options.media);
      if (!taken) return;
      ({ attachments, text } = taken);
    }
    if (content.kind === 'unsupported' || (content.kind === 'media' && !this.#options.media)) {
      const { caption } = content;
      this.#logger?.info({ id: message.id, type: content.type }, 'whatsapp: not a text message; told the customer');
      await this.#deliver(to, [textContent(textsFor(undefined, caption, this.#options.defaultLocale).unsupported)]).catch((error: unknown) =>
        this.#logger?.error({ err: error, id: message.id }, 'whatsapp: could not answer a non-text message'),
      );
      return;
    }
    if (content.kind === 'too_long') {
      this.#logger?.info({ id: message.id, length: content.length }, 'whatsapp: text over the length limit; asked for a shorter one');
      const texts = textsFor(undefined, undefined, this.#options.defaultLocale);
      await this.#deliver(to, [textContent(texts.tooLong.replace('{limit}', String(content.limit)))]).catch((error: unknown) =>
        this.#logger?.error({ err: error, id: message.id }, 'whatsapp: could not ask for a shorter message'),
      );
      return;
    }
    const activity =
      content.kind === 'media'
        ? { ...toActivity(message, text ?? '', contact, this.#options), ...(attachments?.length ? { attachments } : {}) }
        : toActivity(message, await this.#resolveText(to, content), contact, this.#options);
    await runWithApology({
      channel: 'whatsapp',
      turn: () => this.runMiddleware(new TurnContext(this, activity), logic),
      apologise: () => this.#deliver(to, [textContent(textsFor(undefined, activity.text, this.#options.defaultLocale).failed)]),
      fields: { id: message.id },
      logger: this.#logger,
    });
  }

  /**
   * Takes in a customer's file: the media URL lookup, a bounded download, the type from the bytes, the
   * store. Refused, the customer is told why; a caption still runs its turn (as text), a bare file ends
   * here (undefined).
   */
  async #takeInFile(
    message: InboundMessage,
    content: Extract<ReturnType<typeof inboundContent>, { kind: 'media' }>,
    media: MediaKit,
  ): Promise<{ attachments: Activity['attachments']; text?: string } | undefined> {
    const to = message.from;
    const result = await takeIn(media, {
      channel: WHATSAPP_CHANNEL_ID,
      conversationId: to,
      customerKey: `${WHATSAPP_CHANNEL_ID}:${to}`,
      ...(content.filename ? { name: content.filename } : {}),
      fetch: (maxBytes) => this.#options.api.downloadMedia(content.mediaId, { maxBytes }),
    });
    if (result.ok) {
      this.#logger?.info({ id: message.id, kind: result.media.kind, size: result.media.size }, 'whatsapp: customer file stored');
      return { attachments: [toActivityAttachment(result.media)], ...(content.caption ? { text: content.caption } : {}) };
    }
    this.#logger?.info({ id: message.id, refusal: result.refusal.code }, 'whatsapp: customer file refused; told the customer');
    const locale = /\p{Script=Han}/u.test(content.caption ?? '') ? 'zh' : (this.#options.defaultLocale ?? 'en');
    const kind = content.type === 'image' ? 'image' : content.type;
    await this.#deliver(to, [textContent(mediaRefusalText({ ...result.refusal, kind: result.refusal.kind ?? kind }, locale))]).catch((error: unknown) =>
      this.#logger?.error({ err: error, id: message.id }, 'whatsapp: could not explain a refused file'),
    );
    return content.caption ? { attachments: [], text: content.caption } : undefined;
  }

  /** The customer's text, with a number answering the last numbered list replaced by that option's value. */
  async #resolveText(conversationId: string, content: { kind: 'text' | 'reply'; text: string }): Promise<string> {
    const { optionStore } = this.#options;
    const number = content.kind === 'text' ? optionNumber(content.text) : undefined;
    const options = number === undefined ? undefined : await optionStore.read(conversationId);
    // Any answer consumes the list: it is not on the customer's mind anymore, and a later "2" means something else.
    await optionStore.delete(conversationId);
    const picked = number === undefined ? undefined : options?.[number - 1];
    return picked?.value ?? content.text;
  }

  async #lastInbound(context: TurnContext, to: string): Promise<number | undefined> {
    const incoming = context.activity;
    // Replying within the turn of the customer's own message: the window opened with it, no store read needed.
    if (incoming.type === ActivityTypes.Message && incoming.channelId === WHATSAPP_CHANNEL_ID && incoming.conversation?.id === to && incoming.timestamp) {
      return new Date(incoming.timestamp).getTime();
    }
    return this.#options.windowStore.read(to);
  }

  async #sendOutsideWindow(context: TurnContext, to: string, activity: Partial<Activity>, lastInbound: number | undefined): Promise<string> {
    const { onOutsideWindow } = this.#options;
    // A proactive notice may bring its own approved template (with its order number), else the default one.
    const template = activityTemplate(activity) ?? this.#options.template;
    return windowReport(context, { conversationId: to, activity, lastInbound, template, logger: this.#logger, onOutsideWindow }, (chosen) =>
      this.#deliver(to, [templateContent(chosen)]),
    );
  }

  /** Sends contents in order and resolves the wamid of the last one. */
  async #deliver(to: string, contents: OutgoingContent[]): Promise<string> {
    let id = '';
    for (const content of contents) {
      const answer = await this.#options.api.sendMessage({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...content });
      id = answer.messages?.[0]?.id ?? '';
    }
    return id;
  }

  /** When the customer wrote: Meta's timestamp (a late redelivery counts from then), never in our future. */
  #receivedAt(message: InboundMessage): number {
    const seconds = Number(message.timestamp);
    return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, this.#now()) : this.#now();
  }

  /**
   * Chains work per customer, so two quick messages are answered in order and never race on state; the
   * message's inbox entry goes once its work is over.
   */
  #enqueue(conversationId: string, work: () => Promise<void>, held: HeldDelivery): void {
    void this.#queue
      .run(conversationId, work)
      .catch((error: unknown) => this.#logger?.error({ err: error }, 'whatsapp: message handling failed'))
      .then(() => held.done());
  }
}
