/**
 * Direct Line 3.0 wire shapes, as Microsoft's service sends them, so Web Chat and
 * botframework-directlinejs work against Baton unchanged.
 */
import type { Activity } from '../../dialogs/turn-kit.js';

/** The answer to POST /conversations, GET /conversations/:id and the token endpoints. */
export interface DirectLineConversation {
  conversationId: string;
  token: string;
  /** Seconds until `token` expires. */
  expires_in: number;
  /** WebSocket URL for the activity stream; absent on the token endpoints. */
  streamUrl?: string;
  referenceGrammarId?: string;
  eTag?: string;
}

/** A page of activities and the watermark to pass back for the next page. */
export interface ActivitySet {
  activities: Partial<Activity>[];
  /** Opaque to clients; a decimal sequence number here. Empty string when the log is empty. */
  watermark: string;
}

/** The answer to POST /conversations/:id/activities. */
export interface ResourceId {
  id: string;
}

/** Every refusal has this body, as Direct Line's own errors do. */
export interface DirectLineErrorBody {
  error: { code: string; message: string };
}

/** Direct Line's error codes, used for `error.code`. */
export type DirectLineErrorCode =
  | 'BadArgument'
  | 'MissingProperty'
  | 'Unauthorized'
  | 'Forbidden'
  | 'TokenExpired'
  | 'NotFound'
  | 'MessageSizeTooBig'
  | 'NotImplemented'
  | 'TooManyRequests';

/** What a client may send when it starts a conversation, or a backend when it generates a token (all optional). */
export interface StartConversationBody {
  user?: { id?: string; name?: string };
  locale?: string;
}

/** What a token binds besides its conversation: the user, and where the binding came from. */
export interface TokenBinding {
  /** The user id fixed in the token: activities posted with it carry this id, whatever the client says. */
  user?: string;
  /** The user's display name, bound with the id by the shop's backend. */
  name?: string;
  /**
   * True only when the Direct Line secret holder (the shop's backend) generated the token with this
   * user id: the one proof of the customer's identity a token carries.
   */
  verified?: true;
  /** The page origin a token Baton issued to a browser is bound to (`POST /tokens/origin`). */
  origin?: string;
}

/** The claims inside a Baton Direct Line token. */
export interface TokenClaims extends TokenBinding {
  /** The conversation the token is bound to. */
  conv: string;
  /** Issued at, seconds since epoch. */
  iat: number;
  /** Expires at, seconds since epoch. */
  exp: number;
}
