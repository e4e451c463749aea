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
  /** The raw WhatsApp Web model; `notifyName` is the sender's profile name, `size` a media file's bytes. */
  _data?: { notifyName?: string; size?: number; mimetype?: string; filename?: string };
  /** True when the message carries a photo, voice note, video, document or sticker. */
  hasMedia?: boolean;
  /** Fetches the media from WhatsApp's servers (decrypted); undefined when it is no longer available. */
  downloadMedia?(): Promise<WebMedia | undefined>;
}

/** A file as whatsapp-web.js's `MessageMedia` carries it: base64 data and WhatsApp's claims about it. */
export interface WebMedia {
  /** The sender's claim; Baton sniffs the bytes instead. */
  mimetype: string;
  /** Base64. */
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/** How a file goes out: voice notes as voice, anything else but photos and videos as a document. */
export interface WebMediaSendOptions {
  caption?: string;
  sendAudioAsVoice?: boolean;
  sendMediaAsDocument?: boolean;
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
  /**
   * Sends a file (whatsapp-web.js: `sendMessage(chatId, new MessageMedia(...), options)`; the factory
   * adds this method to the real client, since only it can make a `MessageMedia`).
   */
  sendMedia(chatId: string, media: WebMedia, options: WebMediaSendOptions): Promise<SentWebMessage>;
}

/** Makes a fresh client; called each time this instance becomes the leader, or restarts a lost session. */
export type WebClientFactory = () => WebClient | Promise<WebClient>;

/** A message waiting for the leader to send it. */
export interface OutgoingWebMessage {
  /** The chat id, e.g. '8613800001111@c.us'. */
  chatId: string;
  /** The text, or a file's caption. */
  text: string;
  /** A stored file to send (its bytes are read from the media store by the leader, never put in the outbox). */
  media?: OutgoingWebMedia;
}

/** A stored file named in the outbox. */
export interface OutgoingWebMedia {
  mediaId: string;
  kind: 'image' | 'audio' | 'video' | 'document';
  contentType: string;
  name?: string;
}
