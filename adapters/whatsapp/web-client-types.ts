/**
 * The part of whatsapp-web.js Baton depends on, written as our own small interfaces: the client (a
 * browser session of WhatsApp Web) and the messages it emits. The real `Client` satisfies them (checked
 * where it is created, in `web-client-factory.ts`); tests drive the adapter with an EventEmitter of the
 * same shape, so no test needs a browser or a phone.
 */

/** The channel id on every activity of the whatsapp-web.js transport. */
export const WHATSAPP_WEB_CHANNEL_ID = 'whatsapp-web';

/**
 * A message as whatsapp-web.js emits it with 'message' (its `Message` class; only the fields read here).
 * `from` is the chat: '<number>@c.us' for a person, '<id>@lid' for a hidden number, '<id>@g.us' for a group.
 */
export interface WebMessage {
  id: { _serialized: string };
  from: string;
  /** The text, or a media message's caption. */
  body: string;
  /** True for messages this account sent (another device of the business, or the bot itself). */
  fromMe: boolean;
  /** 'chat' for text; 'image', 'ptt', 'sticker', 'location', 'revoked', 'e2e_notification'… otherwise. */
  type: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** A status update posted to contacts, not a message to the business. */
  isStatus?: boolean;
  /** The raw WhatsApp Web model; `notifyName` is the sender's profile name. */
  _data?: { notifyName?: string };
}

/** What `sendMessage` resolves: the sent message, of which only the id is kept. */
export interface SentWebMessage {
  id: { _serialized: string };
}

/** The events of a whatsapp-web.js `Client` that Baton listens to, with their arguments. */
export interface WebClientEvents {
  /** A new QR code to scan (WhatsApp refreshes it every 20 seconds or so until scanned). */
  qr: [qr: string];
  authenticated: [];
  /** The stored session was refused (logged out on the phone, or corrupted). */
  auth_failure: [message: string];
  /** Logged in and synced: messages can be sent. */
  ready: [];
  message: [message: WebMessage];
  /** The session ended: 'LOGOUT' when unlinked on the phone, else a connection state. */
  disconnected: [reason: string];
}

/** A whatsapp-web.js `Client`, as far as Baton uses it. */
export interface WebClient {
  on<E extends keyof WebClientEvents>(event: E, listener: (...args: WebClientEvents[E]) => void): unknown;
  removeAllListeners(event?: string): unknown;
  /** Starts the browser and opens WhatsApp Web; resolves once the page is injected (before login). */
  initialize(): Promise<void>;
  /** Closes the browser; the session stays stored for the next start. */
  destroy(): Promise<void>;
  sendMessage(chatId: string, content: string): Promise<SentWebMessage>;
}

/** Makes a fresh client; called each time this instance becomes the leader, or restarts a lost session. */
export type WebClientFactory = () => WebClient | Promise<WebClient>;

/** A message waiting for the leader to send it. */
export interface OutgoingWebMessage {
  /** The chat id, e.g. '8613800001111@c.us'. */
  chatId: string;
  text: string;
}
