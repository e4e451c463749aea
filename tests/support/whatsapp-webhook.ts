/**
 * Webhook bodies in the exact shapes the WhatsApp Cloud API sends (text, interactive button and list
 * replies, media, statuses), signed with the app secret like Meta signs them, and a poster for them.
 */
import { createHmac } from 'node:crypto';
import type { InboundMessage, MessageStatus, WebhookPayload } from '../../adapters/whatsapp/payload-types.js';

export const TEST_PHONE_NUMBER_ID = '106540352242922';
export const TEST_APP_SECRET = 'a3f1c9e07b5d4e2f8c6a1b0d9e7f3a25';
export const TEST_VERIFY_TOKEN = 'baton-verify-7d1e';
export const TEST_ACCESS_TOKEN = 'EAAtest-access-token';

let counter = 0;
/** A fresh wamid, shaped like Meta's. */
export const newWamid = () => `wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQz${Date.now().toString(36)}${(++counter).toString(36).toUpperCase()}AA=`;

/** Wraps messages (or statuses) from one customer in the envelope Meta posts. */
export function envelope(value: {
  messages?: InboundMessage[];
  statuses?: MessageStatus[];
  name?: string;
  waId?: string;
  phoneNumberId?: string;
}): WebhookPayload {
  const { messages, statuses, name = 'Sheena Nelson', waId = '16505551234', phoneNumberId = TEST_PHONE_NUMBER_ID } = value;
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...(messages ? { contacts: [{ profile: { name }, wa_id: waId }], messages } : {}),
              ...(statuses ? { statuses } : {}),
            },
          },
        ],
      },
    ],
  };
}

/** Seconds since the epoch, as Meta's string timestamps. */
const seconds = (at: number) => String(Math.floor(at / 1000));

/** A text message from `waId`. */
export function textMessage(waId: string, body: string, { id = newWamid(), at = Date.now() } = {}): InboundMessage {
  return { from: waId, id, timestamp: seconds(at), type: 'text', text: { body } };
}

/** A tap on one of our reply buttons (`id` and `title` as we sent them). */
export function buttonReply(
  waId: string,
  button: { id: string; title: string },
  { id = newWamid(), at = Date.now(), context = 'wamid.fake1' } = {},
): InboundMessage {
  return {
    context: { from: '15550783881', id: context },
    from: waId,
    id,
    timestamp: seconds(at),
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: button },
  };
}

/** A tap on a row of one of our interactive lists. */
export function listReply(waId: string, row: { id: string; title: string }, { id = newWamid(), at = Date.now() } = {}): InboundMessage {
  return {
    context: { from: '15550783881', id: 'wamid.fake1' },
    from: waId,
    id,
    timestamp: seconds(at),
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { ...row, description: '' } },
  };
}

/** A photo from `waId`. */
export function imageMessage(waId: string, { id = newWamid(), at = Date.now(), caption }: { id?: string; at?: number; caption?: string } = {}): InboundMessage {
  return { from: waId, id, timestamp: seconds(at), type: 'image', image: { id: '1479537139650973', mime_type: 'image/jpeg', ...(caption ? { caption } : {}) } };
}

/** A delivery status on one of our messages; `failed` carries Meta's error. */
export function status(waId: string, messageId: string, state: MessageStatus['status']): MessageStatus {
  return {
    id: messageId,
    status: state,
    timestamp: seconds(Date.now()),
    recipient_id: waId,
    ...(state === 'failed'
      ? {
          errors: [
            {
              code: 131047,
              title: 'Re-engagement message',
              message: 'Re-engagement message',
              error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
            },
          ],
        }
      : { conversation: { id: 'a1b2c3', origin: { type: 'service' } }, pricing: { billable: true, pricing_model: 'CBP', category: 'service' } }),
  };
}

/** `sha256=<hex>` of `body` with `secret`, as Meta's X-Hub-Signature-256. */
export function signatureOf(body: string, secret = TEST_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs a webhook body; signed with the test app secret unless `signature` is given (null: no header).
 * The body is sent as given when it is a string, so tests can send malformed JSON.
 */
export async function postWebhook(url: string, payload: WebhookPayload | string, { signature }: { signature?: string | null } = {}): Promise<Response> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const header = signature === undefined ? signatureOf(body) : signature;
  if (header !== null) headers['x-hub-signature-256'] = header;
  return fetch(url, { method: 'POST', headers, body });
}

/** The subscription GET Meta sends when the Callback URL is saved. */
export async function verifyWebhook(url: string, query: Record<string, string>): Promise<Response> {
  return fetch(`${url}?${new URLSearchParams(query)}`);
}
