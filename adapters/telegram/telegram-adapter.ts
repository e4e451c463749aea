/**
 * The Telegram `BotAdapter`. `processUpdate` translates an update, records it in the durable inbox
 * (claiming its `update_id`, so a redelivery is dropped) and queues the turn, resolving as soon as the
 * update is safely accepted (acknowledge, then work). An update accepted by an instance that died
 * before its turn ended is run again by another one (`startRecovery`; adapters/kit/durable-inbox.ts).
 * Outgoing Activities become Bot API calls. The adapter holds no conversation state, so
 * `continueConversation` works from any instance with the bot's token.
 */
import { APOLOGY, runWithApology } from '../kit/apology.js';
import { createMemoryDeliveryJournal, type DeliveryJournal, journalPayload } from '../kit/delivery-journal.js';
import { DurableInbox, type HeldDelivery, type InboxMetrics, type InboxSettings } from '../kit/durable-inbox.js';
import { ActivityTypes, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from '../../dialogs/turn-kit.js';
import type { Api } from 'grammy';
import type { DedupeStore } from '../../infra/dedupe-store.js';
import { BatonError, RequestError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import { offerTyping } from '../../dialogs/turn-state.js';
import type { BotLogic } from '../channel.js';
import { callTelegram } from './api-calls.js';
import type { CallbackDataCodec } from './callback-data.js';
import { ChatQueue } from '../chat-queue.js';
import { TELEGRAM_CHANNEL_ID, telegramDataOf, type Update, type UserFromGetMe } from './payload-types.js';
import { renderMessage } from './render.js';
import { EXPIRED_BUTTON_REPLIES, localized, type LocalizedReplies } from './text-only.js';
import { toInbound, type IgnoreReason, type Inbound } from './to-activity.js';
import { ProactiveBotAdapter } from '../proactive-adapter.js';
import type { MediaKit } from '../media-intake.js';
import { downloadMedia } from '../media-intake.js';
import { mediaLimitFor, mediaRefusalText } from '../media-limits.js';
import { takeIn, type Fetched } from '../media-edge.js';
import { toActivityAttachment } from '../../dialogs/media.js';
import { sendFiles } from './media-out.js';

/** Options of `TelegramAdapter`. */
export interface TelegramAdapterOptions {
  /** grammY's Bot API client (with the retry transformer installed). */
  api: Api;
  /** The bot's own account (getMe), needed to tell whether a group message is addressed to it. */
  botInfo: () => Promise<UserFromGetMe>;
  /** Remembers seen `update_id`s; a shared (Redis) one when several instances take webhooks. */
  dedupe: DedupeStore;
  /**
   * Keeps accepted updates until their turn ends, so another instance runs them if this one dies; a
   * Redis one when several instances take webhooks. Default: a memory journal on `dedupe` (one process).
   */
  journal?: DeliveryJournal;
  /** Leases and sweeps of the durable inbox (defaults in adapters/kit/durable-inbox.ts). */
  inbox?: InboxSettings;
  inboxMetrics?: InboxMetrics;
  callbackData: CallbackDataCodec;
  /** Recorded as `activity.serviceUrl`: the Bot API root. */
  serviceUrl: string;
  logger?: Logger;
  /** How long an `update_id` is remembered (default one day; Telegram keeps updates for 24 h). */
  dedupeTtlSeconds?: number;
  /** Telegram shows "typing…" for 5 s; it is renewed this often while a turn runs (default 4500 ms). */
  typingIntervalMs?: number;
  /** Answer to a press on a button whose long value expired. */
  expiredButtonReplies?: LocalizedReplies;
  /** Sent when a turn throws past the pipeline's error boundary. */
  apologyReplies?: LocalizedReplies;
  /**
   * Photos, voice notes, videos and documents both ways (bots/media-setup.ts). Without it, media
   * messages get the "text only" answer and agents' files are not sent.
   */
  media?: MediaKit;
  /** Longest time to fetch one customer file, getFile and download together (default 30 s). */
  fileTimeoutMs?: number;
}

/** What became of an update handed to `processUpdate`. */
export type UpdateOutcome = { outcome: 'accepted' } | { outcome: 'duplicate' } | { outcome: 'ignored'; reason: IgnoreReason } | { outcome: 'too_long' };

/** Said to a message over its length limit; `{limit}` is replaced by the limit. */
export const TOO_LONG_REPLIES: LocalizedReplies = {
  en: 'Sorry, that message is too long for me to read (the limit is {limit} characters). Could you send it in shorter parts?',
  zh: '抱歉，这条消息太长了，我无法读取（上限为 {limit} 个字符）。请分成几条较短的消息发送。',
};

/** A botbuilder adapter for the Telegram Bot API. */
export class TelegramAdapter extends ProactiveBotAdapter {
  readonly #api: Api;
  readonly #botInfo: () => Promise<UserFromGetMe>;
  readonly #inbox: DurableInbox;
  readonly #codec: CallbackDataCodec;
  readonly #serviceUrl: string;
  readonly #logger: Logger | undefined;
  readonly #dedupeTtlSeconds: number;
  readonly #typingIntervalMs: number;
  readonly #expired: LocalizedReplies;
  readonly #apology: LocalizedReplies;
  readonly #queue = new ChatQueue();
  readonly #media: MediaKit | undefined;
  readonly #fileTimeoutMs: number;

  constructor(options: TelegramAdapterOptions) {
    super();
    this.#media = options.media;
    this.#fileTimeoutMs = options.fileTimeoutMs ?? 30_000;
    this.#api = options.api;
    this.#botInfo = options.botInfo;
    this.#codec = options.callbackData;
    this.#serviceUrl = options.serviceUrl;
    this.#logger = options.logger;
    this.#dedupeTtlSeconds = options.dedupeTtlSeconds ?? 24 * 3600;
    this.#typingIntervalMs = options.typingIntervalMs ?? 4500;
    this.#expired = options.expiredButtonReplies ?? EXPIRED_BUTTON_REPLIES;
    this.#apology = options.apologyReplies ?? APOLOGY;
    this.#inbox = new DurableInbox({
      ...options.inbox,
      channel: TELEGRAM_CHANNEL_ID,
      journal: options.journal ?? createMemoryDeliveryJournal({ dedupe: options.dedupe }),
      markSeconds: this.#dedupeTtlSeconds,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.inboxMetrics ? { metrics: options.inboxMetrics } : {}),
    });
  }

  /**
   * Accepts one update: translates it, records it in the inbox (claiming its `update_id`), and queues
   * its turn behind the chat's earlier ones. Resolves once the record is stored, before the turn runs;
   * the turn's own failures are logged and apologised for, never thrown here.
   * @throws RequestError 400 when the update is not shaped like one (nothing is claimed or run).
   * @throws whatever the journal throws (e.g. Redis down): the update is then not accepted, and
   * the webhook answers 5xx so Telegram delivers it again.
   */
  async processUpdate(update: Update, logic: BotLogic): Promise<UpdateOutcome> {
    const me = await this.#botInfo();
    let inbound: Inbound;
    try {
      inbound = toInbound(update, me, this.#serviceUrl);
    } catch (error) {
      // The translation is pure, so a throw means a body that is not shaped like an Update (a `message`
      // without a `chat`, a `text` that is not a string): the sender's mistake, answered 400, never a 5xx.
      this.#logger?.warn({ err: error, updateId: update.update_id }, 'telegram: malformed update refused');
      throw new RequestError(
        400,
        'bad_request',
        'The update is not shaped like a Telegram Update (see core.telegram.org/bots/api#update); it was not processed.',
      );
    }
    if (inbound.kind === 'ignored') {
      this.#logger?.debug({ updateId: update.update_id, reason: inbound.reason }, 'telegram: update ignored');
      return { outcome: 'ignored', reason: inbound.reason };
    }
    // The update as parsed (bounded by the webhook's body limit and per string): what a survivor needs to run it again.
    const held = await this.#inbox.accept({ id: `update:${update.update_id}`, conversationId: inbound.chatId, payload: journalPayload(update) });
    if (!held) {
      this.#logger?.info({ updateId: update.update_id }, 'telegram: redelivered update dropped');
      return { outcome: 'duplicate' };
    }
    this.#schedule(inbound, logic, held);
    return { outcome: inbound.kind === 'too_long' ? 'too_long' : 'accepted' };
  }

  /**
   * Starts taking over updates whose instance stopped before their turn ended (every few seconds,
   * unref'd); they run through the same queue and turn as a fresh update, without a dedupe claim.
   */
  startRecovery(logic: BotLogic): void {
    this.#inbox.start((payload, held) => this.#recover(payload, held, logic));
  }

  /** Stops taking over updates, waits for every accepted turn, and stops renewing their leases. */
  async close(): Promise<void> {
    await this.#inbox.stop(() => this.drain());
  }

  /** One sweep for lapsed updates now (what the recovery timer does); resolves how many were taken over. */
  recoverNow(logic: BotLogic): Promise<number> {
    return this.#inbox.sweep((payload, held) => this.#recover(payload, held, logic));
  }

  async #recover(payload: string, held: HeldDelivery, logic: BotLogic): Promise<void> {
    let update: Update | undefined;
    try {
      update = JSON.parse(payload) as Update;
    } catch {
      update = undefined;
    }
    if (typeof update?.update_id !== 'number') {
      this.#logger?.error('telegram: a recorded update is not an Update; dropped');
      return held.done();
    }
    const me = await this.#botInfo().catch((error: unknown) => {
      // Not known now (the Bot API unreachable): the lease lapses and the update is tried again.
      this.#logger?.warn({ err: error, updateId: update.update_id }, 'telegram: could not run a recorded update yet');
      held.abandon();
    });
    if (!me) return;
    let inbound: Inbound;
    try {
      inbound = toInbound(update, me, this.#serviceUrl);
    } catch (error) {
      this.#logger?.error({ err: error, updateId: update.update_id }, 'telegram: a recorded update is malformed; dropped');
      return held.done();
    }
    if (inbound.kind === 'ignored') return held.done();
    this.#logger?.info({ updateId: update.update_id, attempt: held.attempts }, 'telegram: update of a stopped instance taken over');
    this.#schedule(inbound, logic, held);
  }

  /** Queues the update's work behind the chat's earlier turns; its inbox entry goes once the work is over. */
  #schedule(inbound: Exclude<Inbound, { kind: 'ignored' }>, logic: BotLogic, held: HeldDelivery): void {
    if (inbound.kind === 'too_long') {
      this.#logger?.info(
        { updateId: inbound.activity.id, length: inbound.length, limit: inbound.limit },
        'telegram: message over the length limit; asked for a shorter one',
      );
    }
    const work = inbound.kind === 'too_long' ? () => this.#askShorter(inbound) : () => this.#turn(inbound, logic);
    void this.#queue
      .run(inbound.chatId, work)
      .catch((error: unknown) => this.#logger?.error({ err: error, conversationId: inbound.chatId }, 'telegram: update handling failed'))
      .then(() => held.done());
  }

  /** Sends bot Activities: messages (with inline keyboards), typing; `delay` waits, `trace` is skipped. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const chatId = activity.conversation?.id ?? context.activity.conversation?.id;
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
      } else if (activity.type === ActivityTypes.Typing && chatId) {
        await this.#sendTyping(chatId);
      } else if ((activity.type ?? ActivityTypes.Message) === ActivityTypes.Message) {
        if (!chatId)
          throw new BatonError(
            'telegram_no_chat',
            'Telegram: an outgoing message has no conversation.id (the chat id); send it from a turn or continueConversation.',
          );
        responses.push({ id: await this.#sendMessage(context, activity, chatId) });
        continue;
      } else if (activity.type !== ActivityTypes.Trace) {
        this.#logger?.debug({ type: activity.type }, 'telegram: activity type has no Telegram form; skipped');
      }
      responses.push({ id: '' });
    }
    return responses;
  }

  /** Edits a sent message (`activity.id` is its message id) to the activity's text and buttons. */
  override async updateActivity(_context: TurnContext, activity: Partial<Activity>): Promise<void> {
    const chatId = activity.conversation?.id;
    if (!chatId || !activity.id) throw new BatonError('telegram_no_message', 'Telegram: updateActivity needs conversation.id and the id of the sent message.');
    const [first, ...rest] = await renderMessage(activity, chatId, this.#codec);
    if (!first || rest.length > 0)
      throw new BatonError('telegram_edit_invalid', `Telegram: an edited message needs 1 to 4096 characters of text; got ${activity.text?.length ?? 0}.`);
    const payload = {
      chat_id: chatId,
      message_id: Number(activity.id),
      text: first.text,
      link_preview_options: first.link_preview_options,
      reply_markup: first.reply_markup,
    };
    await callTelegram('editMessageText', payload, () => this.#api.raw.editMessageText(payload));
  }

  /** Deletes a sent message. */
  override async deleteActivity(_context: TurnContext, reference: Partial<ConversationReference>): Promise<void> {
    const chatId = reference.conversation?.id;
    if (!chatId || !reference.activityId)
      throw new BatonError('telegram_no_message', 'Telegram: deleteActivity needs conversation.id and activityId (the message id).');
    const payload = { chat_id: chatId, message_id: Number(reference.activityId) };
    await callTelegram('deleteMessage', payload, () => this.#api.raw.deleteMessage(payload));
  }

  /** Resolves when every accepted update's turn has finished. */
  async drain(): Promise<void> {
    await this.#queue.drain();
  }

  async #turn(inbound: Extract<Inbound, { kind: 'turn' }>, logic: BotLogic): Promise<void> {
    const { activity, chatId, callbackQueryId } = inbound;
    if (callbackQueryId) {
      const value = await this.#codec.decode(activity.text ?? '').catch((error: unknown) => {
        this.#logger?.error({ err: error }, 'telegram: could not read a button value');
        return undefined;
      });
      await this.#answerCallback(callbackQueryId, value === undefined ? localized(this.#expired, activity.locale) : undefined);
      if (value === undefined) return;
      activity.text = value;
    }
    if (inbound.file && this.#media && !(await this.#takeInFile(inbound, this.#media))) return;
    // Offered, not shown: the pipeline starts it only when the bot will answer (not while a person holds the chat).
    let typing: NodeJS.Timeout | undefined;
    const context = new TurnContext(this, activity);
    offerTyping(context, () => {
      if (typing) return;
      typing = setInterval(() => void this.#sendTyping(chatId), this.#typingIntervalMs);
      typing.unref();
      void this.#sendTyping(chatId);
    });
    await runWithApology({
      channel: 'telegram',
      turn: () => this.runMiddleware(context, logic),
      apologise: () => this.#sendMessage(context, { type: ActivityTypes.Message, text: localized(this.#apology, activity.locale) }, chatId),
      fields: { conversationId: chatId, updateId: activity.id },
      logger: this.#logger,
    }).finally(() => clearInterval(typing));
  }

  /** Sends one message Activity (possibly in several parts); resolves the id of the last part. */
  async #sendMessage(context: TurnContext, activity: Partial<Activity>, chatId: string): Promise<string> {
    const incoming = telegramDataOf(context.activity);
    // In groups, thread replies under the customer's message so it is clear whom the bot answers.
    const replyTo =
      context.activity.conversation?.isGroup && incoming && !incoming.callbackQueryId && context.activity.conversation.id === chatId
        ? incoming.messageId
        : undefined;
    if (this.#media) {
      const sent = await sendFiles({ api: this.#api, media: this.#media, activity, chatId, codec: this.#codec, replyTo });
      if (sent) return sent;
    }
    if (activity.attachments?.length)
      this.#logger?.warn({ count: activity.attachments.length }, 'telegram: attachments are not rendered; only text and suggested actions are sent');
    let id = '';
    for (const payload of await renderMessage(activity, chatId, this.#codec, replyTo)) {
      const message = await callTelegram('sendMessage', payload, () => this.#api.raw.sendMessage(payload));
      id = String(message.message_id);
    }
    return id;
  }

  /**
   * Takes in the customer's file before the turn: getFile, a bounded download, the type from the bytes,
   * the store. Refused (too large, a type not taken, Telegram cannot serve it), the customer is told why;
   * a caption still runs its turn, a bare file ends here. True when the turn should run.
   */
  async #takeInFile(inbound: Extract<Inbound, { kind: 'turn' }>, media: MediaKit): Promise<boolean> {
    const { activity, chatId, file } = inbound;
    if (!file) return true;
    const result = await takeIn(media, {
      channel: TELEGRAM_CHANNEL_ID,
      conversationId: chatId,
      customerKey: `${TELEGRAM_CHANNEL_ID}:${activity.from?.id ?? chatId}`,
      ...(file.name ? { name: file.name } : {}),
      timeoutMs: this.#fileTimeoutMs,
      // Telegram's announced size against the limit of the kind it names: refused unread. The bytes decide the rest.
      fetch: (maxBytes) => {
        const limit = mediaLimitFor(TELEGRAM_CHANNEL_ID).maxBytes[file.kind];
        return file.size !== undefined && file.size > limit
          ? Promise.resolve<Fetched>({ ok: false, refusal: { code: 'too_large', limit, kind: file.kind } })
          : this.#download(file.fileId, maxBytes);
      },
    });
    // The marker that asks for the "text only" answer goes either way: a file was sent, and is kept or refused.
    const { media: _marker, ...channelData } = (activity.channelData ?? {}) as Record<string, unknown>;
    activity.channelData = channelData;
    if (result.ok) {
      activity.attachments = [toActivityAttachment(result.media)];
      this.#logger?.info({ conversationId: chatId, kind: result.media.kind, size: result.media.size }, 'telegram: customer file stored');
      return true;
    }
    activity.attachments = [];
    this.#logger?.info({ conversationId: chatId, refusal: result.refusal.code }, 'telegram: customer file refused; told the customer');
    const refusal = { ...result.refusal, kind: result.refusal.kind ?? file.kind };
    await this.#sendMessage(
      new TurnContext(this, activity),
      { type: ActivityTypes.Message, text: mediaRefusalText(refusal, activity.locale ?? 'en') },
      chatId,
    ).catch((error: unknown) => this.#logger?.error({ err: error, conversationId: chatId }, 'telegram: could not explain a refused file'));
    return Boolean(activity.text);
  }

  /** getFile, then the file's bytes from `<api root>/file/bot<token>/<file_path>`, read up to `maxBytes`. */
  async #download(fileId: string, maxBytes: number): Promise<Fetched> {
    const payload = { file_id: fileId };
    const file = await callTelegram('getFile', payload, () => this.#api.raw.getFile(payload)).catch((error: unknown) => {
      // Telegram refuses getFile past 20 MB, or for a file id it does not know: either way nothing to fetch.
      this.#logger?.warn({ err: error }, 'telegram: getFile failed');
      return undefined;
    });
    if (!file?.file_path) return { ok: false, refusal: { code: 'unavailable' } };
    if (file.file_size !== undefined && file.file_size > maxBytes) return { ok: false, refusal: { code: 'too_large', limit: maxBytes } };
    // The URL holds the bot token: it is never logged, and downloadMedia's refusals do not carry it.
    const url = `${this.#serviceUrl}/file/bot${this.#api.token}/${file.file_path.split('/').map(encodeURIComponent).join('/')}`;
    return downloadMedia(url, { maxBytes, timeoutMs: this.#fileTimeoutMs });
  }

  /** Answers a message over the length limit without running a turn: nothing of it is stored. */
  async #askShorter(inbound: Extract<Inbound, { kind: 'too_long' }>): Promise<void> {
    const { activity, chatId, limit } = inbound;
    const text = localized(TOO_LONG_REPLIES, activity.locale).replace('{limit}', String(limit));
    await this.#sendMessage(new TurnContext(this, activity), { type: ActivityTypes.Message, text }, chatId).catch((error: unknown) =>
      this.#logger?.error({ err: error, conversationId: chatId }, 'telegram: could not ask for a shorter message'),
    );
  }

  /** "typing…" is a courtesy: a failure is logged, never fails the turn. */
  async #sendTyping(chatId: string): Promise<void> {
    const payload = { chat_id: chatId, action: 'typing' as const };
    await callTelegram('sendChatAction', payload, () => this.#api.raw.sendChatAction(payload)).catch((error: unknown) =>
      this.#logger?.debug({ err: error, chatId }, 'telegram: typing not shown'),
    );
  }

  /** Stops the button's spinner; `text` shows as a short notice to the customer. */
  async #answerCallback(callbackQueryId: string, text?: string): Promise<void> {
    const payload = { callback_query_id: callbackQueryId, ...(text ? { text } : {}) };
    await callTelegram('answerCallbackQuery', payload, () => this.#api.raw.answerCallbackQuery(payload)).catch((error: unknown) =>
      this.#logger?.warn({ err: error }, 'telegram: could not answer a button press'),
    );
  }
}
