/**
 * Reading a Cloud API webhook body (`entry[].changes[].value`): the messages with their contact, the
 * delivery statuses and batch errors, as flat events; what a message says (text, a tapped option, or a
 * kind the bot cannot read); and the Activity a message becomes.
 */
import { ActivityTypes, type Activity } from '../../dialogs/turn-kit.js';
import { RequestError } from '../../infra/errors.js';
import { clipField, FIELD_LIMITS } from '../field-limits.js';
import { MAX_PAYLOAD_DEPTH, nestsDeeperThan } from '../webhook.js';
import { optionValueFromId } from './cloud-api-messages.js';
import type { GraphErrorDetail, InboundMessage, MessageStatus, WebhookContact, WebhookPayload } from './payload-types.js';

/** The channel id on every WhatsApp activity. */
export const WHATSAPP_CHANNEL_ID = 'whatsapp';

/** One thing a webhook reported, for the business number `phoneNumberId`. */
export type WebhookEvent =
  | { kind: 'message'; phoneNumberId: string; message: InboundMessage; contact?: WebhookContact }
  | { kind: 'status'; phoneNumberId: string; status: MessageStatus }
  | { kind: 'error'; phoneNumberId: string; errors: GraphErrorDetail[] };

/**
 * The events of a webhook body, in the order Meta listed them. Items without the fields Baton needs
 * are skipped (Meta signs the body, so these are shapes of a newer API version, not attacks).
 * @throws RequestError 400 when the body is not a webhook payload at all, or nests implausibly deep.
 */
export function parseWebhook(body: unknown): WebhookEvent[] {
  const payload = body as Partial<WebhookPayload> | null;
  if (typeof payload !== 'object' || payload === null || !Array.isArray(payload.entry)) {
    throw new RequestError(400, 'bad_payload', 'The body is not a WhatsApp webhook payload: expected {"object":"whatsapp_business_account","entry":[…]}.');
  }
  if (nestsDeeperThan(body)) {
    throw new RequestError(400, 'bad_payload', `The body nests deeper than ${MAX_PAYLOAD_DEPTH} levels; no webhook payload does.`);
  }
  const events: WebhookEvent[] = [];
  for (const entry of payload.entry) {
    for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
      const value = change?.value;
      // Other fields (template status, account updates) are subscribed to separately and are not for the bot.
      if (change?.field !== 'messages' || typeof value !== 'object' || value === null) continue;
      const phoneNumberId = String(value.metadata?.phone_number_id ?? '');
      const contacts = Array.isArray(value.contacts) ? value.contacts : [];
      for (const message of Array.isArray(value.messages) ? value.messages : []) {
        if (typeof message?.id !== 'string' || typeof message.from !== 'string' || typeof message.type !== 'string') continue;
        events.push({ kind: 'message', phoneNumberId, message, contact: contacts.find((contact) => contact?.wa_id === message.from) ?? contacts[0] });
      }
      for (const status of Array.isArray(value.statuses) ? value.statuses : []) {
        if (typeof status?.id === 'string' && typeof status.status === 'string') events.push({ kind: 'status', phoneNumberId, status });
      }
      if (Array.isArray(value.errors) && value.errors.length > 0) events.push({ kind: 'error', phoneNumberId, errors: value.errors });
    }
  }
  return events;
}

/** What a customer's message says, as far as a text bot is concerned. */
export type InboundContent =
  | { kind: 'text'; text: string }
  /** A tapped reply button, list row or template button: `text` is the option's value. */
  | { kind: 'reply'; text: string; title: string }
  /** A photo, voice note, audio, video or document: fetched by `mediaId`, checked and stored before the turn. */
  | { kind: 'media'; type: 'image' | 'audio' | 'video' | 'document'; mediaId: string; caption?: string; filename?: string }
  /** A sticker: refused politely (nothing to read in it, nothing worth keeping). */
  | { kind: 'sticker' }
  /** A location, a contact card…: the customer is told what the bot can read. */
  | { kind: 'unsupported'; type: string; caption?: string }
  /** Reactions and system notices: nothing to answer. */
  | { kind: 'ignored'; type: string }
  /** A text over `FIELD_LIMITS.text`: the customer is asked for a shorter one; nothing is stored. */
  | { kind: 'too_long'; length: number; limit: number };

/** Reads a message's content; a tapped option's id is mapped back to the value the bot offered. */
export function inboundContent(message: InboundMessage): InboundContent {
  switch (message.type) {
    case 'text': {
      // WhatsApp caps a text at 4,096 characters; a body forged with the app secret can carry anything.
      const text = message.text?.body ?? '';
      if (text.length > FIELD_LIMITS.text) return { kind: 'too_long', length: text.length, limit: FIELD_LIMITS.text };
      return { kind: 'text', text };
    }
    case 'interactive': {
      const reply =
        message.interactive?.type === 'button_reply'
          ? message.interactive.button_reply
          : message.interactive?.type === 'list_reply'
            ? message.interactive.list_reply
            : undefined;
      if (!reply) return { kind: 'unsupported', type: `interactive:${String(message.interactive?.type)}` };
      const title = clipField(String(reply.title ?? ''), FIELD_LIMITS.name);
      return { kind: 'reply', text: optionValueFromId(reply.id) ?? title, title };
    }
    case 'button':
      return {
        kind: 'reply',
        text: clipField(message.button?.payload || message.button?.text || '', FIELD_LIMITS.text),
        title: clipField(message.button?.text ?? '', FIELD_LIMITS.name),
      };
    case 'reaction':
    case 'system':
      return { kind: 'ignored', type: message.type };
    case 'sticker':
      return { kind: 'sticker' };
    case 'image':
    case 'audio':
    case 'video':
    case 'document': {
      const media = message[message.type] as { id?: unknown; caption?: unknown; filename?: unknown } | undefined;
      // Meta's media ids are digits; anything else is not one to look up.
      if (typeof media?.id !== 'string' || !/^\d{1,40}$/.test(media.id)) return { kind: 'unsupported', type: message.type };
      const caption = typeof media.caption === 'string' && media.caption.trim() ? clipField(media.caption, FIELD_LIMITS.caption) : undefined;
      const filename = typeof media.filename === 'string' ? clipField(media.filename, FIELD_LIMITS.name) : undefined;
      return { kind: 'media', type: message.type, mediaId: media.id, ...(caption ? { caption } : {}), ...(filename ? { filename } : {}) };
    }
    default: {
      const caption = message.image?.caption ?? message.video?.caption ?? message.document?.caption;
      return {
        kind: 'unsupported',
        type: clipField(String(message.type), FIELD_LIMITS.shortString),
        ...(caption ? { caption: clipField(caption, FIELD_LIMITS.caption) } : {}),
      };
    }
  }
}

/** Where activities of this channel say they come from and go to. */
export interface ActivityOrigin {
  phoneNumberId: string;
  /** The Graph API URL of the business number, kept in conversation references. */
  serviceUrl: string;
}

/**
 * The message Activity for a customer's text: `id` is the wamid (dedupe and `replyToId` use it),
 * the conversation and `from.id` are the customer's wa_id, `from.name` their WhatsApp profile name.
 */
export function toActivity(message: InboundMessage, text: string, contact: WebhookContact | undefined, origin: ActivityOrigin): Partial<Activity> {
  const seconds = Number(message.timestamp);
  // Cut to FIELD_LIMITS.name: the name is stored, shown to agents and masked on every read.
  const name = clipField(contact?.profile?.name ?? '', FIELD_LIMITS.name);
  return {
    type: ActivityTypes.Message,
    id: message.id,
    channelId: WHATSAPP_CHANNEL_ID,
    serviceUrl: origin.serviceUrl,
    timestamp: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(),
    conversation: { id: message.from, isGroup: false, conversationType: 'personal', name },
    from: { id: message.from, name, role: 'user' },
    recipient: { id: origin.phoneNumberId, name: '', role: 'bot' },
    text,
    textFormat: 'plain',
    ...(message.context?.id ? { replyToId: message.context.id } : {}),
    channelData: { message, contact },
  };
}
