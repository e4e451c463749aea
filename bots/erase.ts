/**
 * Erase on request (GDPR art. 17, PIPL art. 47): every key a conversation left, on every channel, and
 * every conversation of a customer. The answer says what was found and removed, kind by kind, so an
 * operator can tell "erased" from "there was nothing" (README, "Privacy").
 *
 * What a conversation leaves, and where it goes:
 * - handoff: tickets, their audit events, facts, the transcript, the idempotency keys of agents' replies
 *   (their marks hold the channel's message ids) (HandoffService.erase); Slack cards of those tickets;
 * - conversation state, under botbuilder's key `<channelId>/conversations/<id>/` for every channel the
 *   bot serves and every channel id its transcript shows (Bot Framework relays many);
 * - Direct Line: the log, its meta, the marks of re-posted activities, and its tokens (refused from
 *   now on, for the token lifetime);
 * - WhatsApp: the 24-hour window and the numbered options offered last;
 * - the durable inbox (adapters/kit/delivery-journal.ts): Telegram updates and WhatsApp messages of the
 *   conversation acknowledged and not yet answered, on every channel the bot serves;
 * - the customer index entry pointing at the conversation;
 * - order updates (the subscription and its conversation reference), a bot-only CSAT question
 *   waiting for the conversation to go idle, and the feedback comments the conversation left.
 * - media: every photo, voice note, video and document of the conversation, both ways (docs/media.md).
 * - the learning loop's misses of the conversation, open or reviewed (docs/learning-loop.md); phrasings
 *   already accepted for training are masked and carry no conversation id, so they stay.
 * - practice scripts made from the conversation's tickets (docs/practice-mode.md).
 *
 * Left alone, and why: the dedupe marks of platform deliveries (keyed by a digest of the platform's
 * message id, not the conversation, and holding no id; they expire within a day) and Telegram's button
 * data (keyed by a random id, the bot's own words; it expires).
 */
import type { Storage } from '../dialogs/turn-kit.js';
import type { WebChannel } from '../adapters/web/index.js';
import type { OptionStore, ServiceWindowStore } from '../adapters/whatsapp/index.js';
import type { DeliveryJournal } from '../adapters/kit/delivery-journal.js';
import type { CustomerIndex } from '../dialogs/state/customer-index.js';
import type { TranscriptStore } from '../dialogs/state/transcript-store.js';
import type { SlackCardStore } from '../desks/slack/index.js';
import { slackThreadKey } from '../desks/slack/inbox-keys.js';
import type { HandoffService } from '../handoff/service/index.js';
import type { MediaStore } from '../infra/media/media-store.js';

/** What was found and removed for one conversation. */
export interface ConversationErased {
  readonly tickets: number;
  readonly auditEvents: number;
  readonly facts: boolean;
  readonly transcript: boolean;
  /** Idempotency keys of agents' replies to the conversation (handoff/service/reply-keys.ts). */
  readonly agentReplyKeys: number;
  /** botbuilder state items removed (one per channel the conversation had state on). */
  readonly stateItems: number;
  readonly directLineLog: boolean;
  readonly directLineRepostMarks: number;
  readonly whatsappWindow: boolean;
  readonly whatsappOptions: boolean;
  /** Acknowledged deliveries of the conversation whose turn had not ended (the durable inbox). */
  readonly inboxEntries: number;
  readonly slackCards: number;
  /** Customer index entries that pointed at the conversation. */
  readonly customerLinks: number;
  /** Order updates the customer of the conversation had (their subscription is gone). */
  readonly orderUpdates: boolean;
  /** A bot-only CSAT question that waited for the conversation to go idle. */
  readonly pendingCsat: boolean;
  /** Feedback comments the conversation left (bots/feedback.ts). */
  readonly feedbackComments: number;
  /** Stored files (photos, voice notes, documents) of the conversation, sent either way. */
  readonly mediaFiles: number;
  /** Messages the bot could not serve, kept for the learning loop (supervision/learning). */
  readonly misses: number;
  /** Practice scripts made from the conversation's tickets (supervision/practice). */
  readonly practiceScripts: number;
  /** Always true: Direct Line refuses the conversation's tokens from now on. */
  readonly tokensRevoked: boolean;
}

export interface EraserOptions {
  readonly handoff: Pick<HandoffService, 'erase'>;
  readonly transcript: TranscriptStore;
  readonly storage: Storage;
  readonly customers: CustomerIndex;
  /** The names of the channels the bot serves (their `activity.channelId`). */
  readonly channelIds: readonly string[];
  readonly web?: Pick<WebChannel, 'erase'>;
  readonly whatsappWindows?: ServiceWindowStore;
  readonly whatsappOptions?: OptionStore;
  readonly journal?: Pick<DeliveryJournal, 'eraseConversation'>;
  /** The Slack desk's cards and its inbox channel (`SlackDesk.inboxChannel`), where a ticket thread's requests wait. */
  readonly slackDesk?: { readonly cards: SlackCardStore; readonly inboxChannel: string };
  /** Order updates per channel and conversation (bots/order-care). */
  readonly orderUpdates?: { erase(channelIds: readonly string[], conversationId: string): Promise<boolean> };
  /** Bot-only CSAT bookkeeping and the comments (bots/feedback.ts). */
  readonly feedback?: { erase(conversationId: string): Promise<{ readonly pendingCsat: boolean; readonly comments: number }> };
  readonly media?: Pick<MediaStore, 'deleteConversation'>;
  /** The learning loop's misses (supervision/learning/miss-store.ts). */
  readonly misses?: { eraseConversation(conversationId: string): Promise<number> };
  /** Practice mode's library (supervision/practice/practice-service.ts). */
  readonly practice?: { eraseTickets(ticketIds: readonly string[]): Promise<number> };
}

export interface Eraser {
  conversation(conversationId: string): Promise<ConversationErased>;
  /** Erases every conversation the customer index knows for the customer, then the entry itself. */
  customer(channelId: string, userId: string): Promise<{ conversations: Record<string, ConversationErased> }>;
}

/** State key of a conversation, as botbuilder's ConversationState builds it (namespace '': a trailing slash). */
export const conversationStateKey = (channelId: string, conversationId: string) => `${channelId}/conversations/${conversationId}/`;

/** Builds the eraser the admin API calls. */
export function createEraser(options: EraserOptions): Eraser {
  const { handoff, transcript, storage, customers, web, whatsappWindows, whatsappOptions, slackDesk, media } = options;

  const conversation = async (conversationId: string): Promise<ConversationErased> => {
    // Read before the handoff erases it: who wrote, and on which channels.
    const activities = await transcript.read(conversationId);
    const channelIds = new Set([...options.channelIds, ...activities.map((a) => a.channelId).filter(Boolean)]);
    const writers = new Map<string, { channelId: string; userId: string }>();
    for (const { channelId, from, type } of activities)
      if (type === 'message' && from?.role === 'user' && from.id && channelId) writers.set(`${channelId}\n${from.id}`, { channelId, userId: from.id });

    const handoffErased = await handoff.erase(conversationId);
    const stateKeys = [...channelIds].map((channelId) => conversationStateKey(channelId, conversationId));
    const stateItems = Object.keys(await storage.read(stateKeys)).length;
    await storage.delete(stateKeys);
    const webErased = web ? await web.erase(conversationId) : { activityLog: false, clientActivityMarks: 0 };
    const whatsappWindow = (await whatsappWindows?.read(conversationId)) !== undefined;
    if (whatsappWindow) await whatsappWindows?.delete(conversationId);
    const offered = (await whatsappOptions?.read(conversationId)) !== undefined;
    if (offered) await whatsappOptions?.delete(conversationId);
    let inboxEntries = 0;
    for (const channelId of channelIds) inboxEntries += (await options.journal?.eraseConversation(channelId, conversationId)) ?? 0;
    let cards = 0;
    for (const ticketId of handoffErased.tickets) {
      const card = await slackDesk?.cards.read(ticketId);
      if (!slackDesk || !card) continue;
      // Slack requests about the ticket's thread still in the desk's inbox (an agent's reply to this customer).
      inboxEntries += (await options.journal?.eraseConversation(slackDesk.inboxChannel, slackThreadKey(card.channel, card.ts))) ?? 0;
      await slackDesk.cards.delete(ticketId);
      cards++;
    }
    for (const { channelId, userId } of writers.values()) await customers.remove(channelId, userId, conversationId);
    const orderUpdates = (await options.orderUpdates?.erase([...channelIds], conversationId)) ?? false;
    const feedback = (await options.feedback?.erase(conversationId)) ?? { pendingCsat: false, comments: 0 };
    const mediaFiles = (await media?.deleteConversation(conversationId)) ?? 0;
    const misses = (await options.misses?.eraseConversation(conversationId)) ?? 0;
    const practiceScripts = (await options.practice?.eraseTickets(handoffErased.tickets)) ?? 0;
    return {
      tickets: handoffErased.tickets.length,
      auditEvents: handoffErased.events,
      facts: handoffErased.facts,
      transcript: handoffErased.transcript,
      agentReplyKeys: handoffErased.replyKeys,
      stateItems,
      directLineLog: webErased.activityLog,
      directLineRepostMarks: webErased.clientActivityMarks,
      whatsappWindow,
      whatsappOptions: offered,
      inboxEntries,
      slackCards: cards,
      customerLinks: writers.size,
      orderUpdates,
      pendingCsat: feedback.pendingCsat,
      feedbackComments: feedback.comments,
      mediaFiles,
      misses,
      practiceScripts,
      tokensRevoked: web !== undefined,
    };
  };

  return {
    conversation,
    async customer(channelId, userId) {
      const conversations: Record<string, ConversationErased> = {};
      for (const conversationId of await customers.list(channelId, userId)) conversations[conversationId] = await conversation(conversationId);
      await customers.delete(channelId, userId);
      return { conversations };
    },
  };
}
