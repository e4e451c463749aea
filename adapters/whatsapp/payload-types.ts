/**
 * WhatsApp Cloud API wire shapes, as Meta sends and accepts them (Graph API v21): the webhook body with
 * its messages, contacts and statuses, the outgoing message bodies, and the Graph API's answers.
 * Only the fields Baton reads or writes are typed; Meta adds fields over time, which pass through.
 */

/** The body Meta POSTs to the webhook. `object` is 'whatsapp_business_account'. */
export interface WebhookPayload {
  object: string;
  entry: WebhookEntry[];
}

/** One WhatsApp Business Account's batch of changes. */
export interface WebhookEntry {
  /** The WhatsApp Business Account id. */
  id: string;
  changes: WebhookChange[];
}

/** One change; Baton reads `field: 'messages'` (messages and statuses) and ignores the others. */
export interface WebhookChange {
  field: string;
  value: WebhookValue;
}

/** What happened on one business phone number. */
export interface WebhookValue {
  messaging_product: 'whatsapp';
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: WebhookContact[];
  messages?: InboundMessage[];
  statuses?: MessageStatus[];
  /** Errors not tied to one message (e.g. the webhook could not be delivered in full). */
  errors?: GraphErrorDetail[];
}

/** The customer behind a message: `wa_id` is their WhatsApp id (a phone number without '+'). */
export interface WebhookContact {
  wa_id: string;
  profile?: { name?: string };
}

interface InboundBase {
  /** The customer's wa_id. */
  from: string;
  /** The message id ('wamid.…'), unique per message; redeliveries repeat it. */
  id: string;
  /** Seconds since the epoch, as a string. */
  timestamp: string;
  /** Set when the customer replied to (quoted) one of our messages, or tapped a button on it. */
  context?: { from?: string; id?: string };
}

/** A text message. */
export interface InboundText extends InboundBase {
  type: 'text';
  text: { body: string };
}

/** A tap on an interactive reply button or list row we sent; `id` is the id we gave it. */
export interface InboundInteractive extends InboundBase {
  type: 'interactive';
  interactive:
    | { type: 'button_reply'; button_reply: { id: string; title: string } }
    | { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } };
}

/** A tap on a quick-reply button of a template message. */
export interface InboundTemplateButton extends InboundBase {
  type: 'button';
  button: { payload?: string; text: string };
}

/** An emoji reaction to one of our messages. */
export interface InboundReaction extends InboundBase {
  type: 'reaction';
  reaction: { message_id: string; emoji?: string };
}

/** A media object of an inbound message: `id` is fetched with GET /{media-id}; `mime_type` is WhatsApp's claim. */
export interface InboundMedia {
  id: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
}

/** Media, locations, shared contacts, orders, system notices and types this API version cannot show. */
export interface InboundOther extends InboundBase {
  type: 'image' | 'sticker' | 'audio' | 'video' | 'document' | 'location' | 'contacts' | 'order' | 'system' | 'unsupported' | 'unknown';
  image?: InboundMedia;
  video?: InboundMedia;
  /** A voice note has `voice: true`. */
  audio?: InboundMedia & { voice?: boolean };
  document?: InboundMedia & { filename?: string };
  sticker?: InboundMedia & { animated?: boolean };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
}

/** What GET /{version}/{media-id} answers: a URL valid for 5 minutes, fetched with the same bearer token. */
export interface MediaUrlResponse {
  messaging_product: 'whatsapp';
  url: string;
  mime_type: string;
  sha256?: string;
  file_size?: number;
  id: string;
}

/** Every inbound message kind, discriminated by `type`. */
export type InboundMessage = InboundText | InboundInteractive | InboundTemplateButton | InboundReaction | InboundOther;

/** A delivery report on a message we sent. */
export interface MessageStatus {
  /** The wamid of our message. */
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'deleted';
  timestamp: string;
  /** The customer's wa_id. */
  recipient_id: string;
  conversation?: { id: string; expiration_timestamp?: string; origin?: { type: string } };
  pricing?: { billable?: boolean; pricing_model?: string; category?: string };
  /** Why a `failed` message failed, e.g. code 131047 (outside the 24-hour window). */
  errors?: GraphErrorDetail[];
}

/** One error as webhooks report it. */
export interface GraphErrorDetail {
  code: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
}

/** An interactive reply button (at most 3 per message; title at most 20 characters, id 256). */
export interface ReplyButton {
  type: 'reply';
  reply: { id: string; title: string };
}

/** A row of an interactive list (at most 10 in all; title 24 characters, description 72, id 200). */
export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

/** The part of an outgoing message that depends on its type. */
export type OutgoingContent =
  | { type: 'text'; text: { body: string; preview_url?: boolean } }
  | { type: 'interactive'; interactive: { type: 'button'; body: { text: string }; action: { buttons: ReplyButton[] } } }
  | { type: 'interactive'; interactive: { type: 'list'; body: { text: string }; action: { button: string; sections: { title?: string; rows: ListRow[] }[] } } }
  | { type: 'template'; template: { name: string; language: { code: string }; components?: TemplateComponent[] } }
  | { type: 'image'; image: { id: string; caption?: string } }
  | { type: 'video'; video: { id: string; caption?: string } }
  | { type: 'audio'; audio: { id: string } }
  | { type: 'document'; document: { id: string; caption?: string; filename?: string } };

/** A template's filled-in part: Meta's `components` entry, here only body text parameters ({{1}}, {{2}}...). */
export interface TemplateComponent {
  type: 'body';
  parameters: { type: 'text'; text: string }[];
}

/** The body of `POST /{version}/{phone-number-id}/messages`. */
export type OutgoingMessage = { messaging_product: 'whatsapp'; recipient_type: 'individual'; to: string } & OutgoingContent;

/** The Graph API's answer to a sent message. */
export interface SendMessageResponse {
  messaging_product: 'whatsapp';
  contacts?: { input: string; wa_id: string }[];
  messages: { id: string; message_status?: string }[];
}

/** The Graph API's error body. */
export interface GraphErrorBody {
  error: {
    message: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { messaging_product?: string; details?: string };
    fbtrace_id?: string;
  };
}
