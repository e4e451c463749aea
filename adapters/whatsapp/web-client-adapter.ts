/**
 * The whatsapp-web.js `BotAdapter`. The leader's client hands it each incoming message (`acceptMessage`):
 * a message seen before is dropped by its id (whatsapp-web.js emits recent messages again when a session
 * reconnects, and a new leader's browser syncs the same chats), the others run as turns, in order per
 * chat. Every outgoing message, a reply in a turn as much as an agent's proactive one, is appended to the
 * outbox, which the leader drains through its browser; so `continueConversation` works on any instance.
 */
import { ActivityTypes, TurnContext, type Activity, type ResourceResponse } from 'botbuilder-core';
import type { DedupeStore } from '../../dialogs/state/dedupe-store.js';
import { BatonError } from '../../infra/errors.js';
import type { Logger } from '../../infra/logger.js';
import type { BotLogic } from '../channel.js';
import { ChatQueue } from '../chat-queue.js';
import type { OptionStore } from './option-store.js';
import { optionNumber, textsFor } from './suggested-actions.js';
import { readWebMessage, renderWebActivity, toWebActivity } from './web-client-messages.js';
import type { WebOutbox } from './web-client-outbox.js';
import { WHATSAPP_WEB_CHANNEL_ID, type WebMessage } from './web-client-types.js';
import { ProactiveBotAdapter } from '../proactive-adapter.js';

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
  logger?: Logger;
}

/** What became of a message handed to `acceptMessage`. */
export type WebMessageOutcome = { outcome: 'accepted' } | { outcome: 'duplicate' } | { outcome: 'ignored'; reason: string };

/** A `BotAdapter` for WhatsApp through whatsapp-web.js. */
export class WhatsAppWebAdapter extends ProactiveBotAdapter {
  readonly #options: WhatsAppWebAdapterOptions;
  readonly #queue = new ChatQueue();
  /** Messages between the client's event and their place in the queue (the dedupe claim is awaited). */
  readonly #accepting = new Set<Promise<unknown>>();

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
    const accepting = this.#accept(message, logic);
    this.#accepting.add(accepting);
    try {
      return await accepting;
    } finally {
      this.#accepting.delete(accepting);
    }
  }

  async #accept(message: WebMessage, logic: BotLogic): Promise<WebMessageOutcome> {
    const { dedupe, dedupeTtlSeconds = 7 * 24 * 3600, logger } = this.#options;
    const inbound = readWebMessage(message);
    if (inbound.kind === 'ignored') {
      logger?.debug({ id: message.id._serialized, reason: inbound.reason }, 'whatsapp-web: message ignored');
      return { outcome: 'ignored', reason: inbound.reason };
    }
    // Keyed apart from the pipeline's own dedupe key, so both checks pass for a first delivery.
    if (!(await dedupe.firstSeen(WHATSAPP_WEB_CHANNEL_ID, `message:${message.id._serialized}`, dedupeTtlSeconds))) {
      logger?.info({ id: message.id._serialized }, 'whatsapp-web: message seen before dropped');
      return { outcome: 'duplicate' };
    }
    void this.#queue
      .run(message.from, async () => {
        if (inbound.kind === 'unsupported') {
          await this.#send(message.from, [textsFor(undefined, inbound.caption, this.#options.defaultLocale).unsupported]);
          return;
        }
        if (inbound.kind === 'too_long') {
          logger?.info({ id: message.id._serialized, length: inbound.length }, 'whatsapp-web: text over the length limit; asked for a shorter one');
          await this.#send(message.from, [textsFor(undefined, undefined, this.#options.defaultLocale).tooLong.replace('{limit}', String(inbound.limit))]);
          return;
        }
        const activity = toWebActivity(message, await this.#resolveText(message.from, inbound.text), this.#options);
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
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
        responses.push({ id: '' });
        continue;
      }
      const rendered = activity.type === ActivityTypes.Message ? renderWebActivity(activity, this.#options.defaultLocale) : undefined;
      if (!rendered || rendered.texts.length === 0) {
        responses.push({ id: '' });
        continue;
      }
      const chatId = activity.conversation?.id ?? context.activity.conversation?.id;
      if (!chatId)
        throw new BatonError(
          'whatsapp_no_conversation',
          'WhatsApp Web: an outgoing activity has no conversation.id (the chat id); send it from a turn or continueConversation.',
        );
      // Stored before sending, so an answer arriving the instant the list shows already finds it.
      if (rendered.numberedOptions) await this.#options.optionStore.write(chatId, rendered.numberedOptions);
      responses.push({ id: await this.#send(chatId, rendered.texts) });
    }
    return responses;
  }

  /** whatsapp-web.js can edit only its own recent messages by their id, which the outbox does not return. */
  override async updateActivity(): Promise<void> {
    throw new BatonError('whatsapp_unsupported', "WhatsApp Web messages go out through the leader's outbox and cannot be edited afterwards; send a new one.");
  }

  /** See `updateActivity`. */
  override async deleteActivity(): Promise<void> {
    throw new BatonError('whatsapp_unsupported', "WhatsApp Web messages go out through the leader's outbox and cannot be deleted afterwards.");
  }

  /** Resolves when every message taken so far has had its turn (its replies are in the outbox). */
  async drain(): Promise<void> {
    while (this.#accepting.size > 0 || this.#queue.size > 0) {
      await Promise.allSettled([...this.#accepting]);
      await this.#queue.drain();
    }
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
