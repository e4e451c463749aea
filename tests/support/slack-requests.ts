/**
 * Requests as Slack sends them to an app in HTTP mode, signed with the app's signing secret
 * (`v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}`): Events API callbacks (JSON), block_actions
 * interactions (form-encoded `payload=`), slash commands (form-encoded). Each resolves the HTTP status.
 */
import { createHmac, randomUUID } from 'node:crypto';

/** Slack's request signature of `body` at `timestamp` (seconds). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  readonly timestamp?: number;
  /** Sign with this secret instead (a forgery). */
  readonly secret?: string;
  readonly headers?: Record<string, string>;
}

/** A click on a button or a menu choice in a message the app posted. */
export interface Click {
  readonly user: string;
  readonly channel: string;
  /** The message clicked (the card, or the controls in a thread). */
  readonly messageTs: string;
  readonly threadTs?: string;
  readonly action: Record<string, unknown>;
  /** Where `respond()` posts (a fake's `responseUrl(id)`); default: nowhere useful. */
  readonly responseUrl?: string;
  /** A click on an ephemeral message (its `container` says so). */
  readonly ephemeral?: boolean;
}

/** A message shortcut used on a message in a channel (the message's ⋯ menu). */
export interface MessageShortcutUse {
  readonly user: string;
  readonly channel: string;
  readonly callbackId: string;
  /** The message it was used on, as Slack sends it. */
  readonly message: { readonly ts: string; readonly thread_ts?: string; readonly user?: string; readonly bot_id?: string; readonly text?: string };
}

export interface SlackSender {
  /** Posts a raw body; for the signature tests. */
  post(body: string, contentType: string, options?: SendOptions): Promise<{ status: number; text: string }>;
  /** An Events API callback wrapping `event`; resolves the status. */
  event(event: Record<string, unknown>, options?: SendOptions & { eventId?: string; retryNum?: number }): Promise<number>;
  /** A message in a thread, as the message.channels event brings it. */
  threadReply(
    reply: { user: string; channel: string; threadTs: string; text: string },
    options?: SendOptions & { eventId?: string; retryNum?: number },
  ): Promise<number>;
  click(click: Click, options?: SendOptions): Promise<number>;
  /** A message shortcut (`message_action` payload). */
  shortcut(use: MessageShortcutUse, options?: SendOptions): Promise<number>;
  /** `/baton <text>`; the answer goes to `responseUrl`. */
  command(command: { user: string; channel: string; text: string; responseUrl: string }, options?: SendOptions): Promise<number>;
}

let messageCounter = 0;
/** A message ts as Slack makes them: unique, increasing. */
export const nextMessageTs = () => `${1_900_000_000 + ++messageCounter}.000200`;

let triggerCounter = 0;
/** A trigger_id as Slack makes one per interaction and slash command: unique (the desk's inbox claims it). */
export const nextTriggerId = () => `${Date.now()}.${++triggerCounter}.${randomUUID().slice(0, 8)}`;

/** An Events API callback body wrapping `event`. */
export function eventCallback(
  event: Record<string, unknown>,
  { eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 12)}`, teamId = 'T0SHOP' } = {},
): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: teamId,
    api_app_id: 'A0BATON',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: nextMessageTs(), ...event },
  };
}

/** A message in a thread, as the message.channels event brings it. */
export function threadMessage({ user, channel, threadTs, text }: { user: string; channel: string; threadTs: string; text: string }): Record<string, unknown> {
  return { type: 'message', channel, user, text, ts: nextMessageTs(), thread_ts: threadTs, channel_type: 'channel' };
}

/** The block_actions payload of a click. */
export function blockActions(
  { user, channel, messageTs, threadTs, action, ephemeral = false }: Click,
  { teamId = 'T0SHOP', responseUrl = 'http://127.0.0.1:9/unused' } = {},
): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: teamId, domain: 'shop' },
    user: { id: user, username: user.toLowerCase(), team_id: teamId },
    api_app_id: 'A0BATON',
    token: 'legacy',
    trigger_id: nextTriggerId(),
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: ephemeral, ...(threadTs ? { thread_ts: threadTs } : {}) },
    channel: { id: channel, name: 'support' },
    message: { type: 'message', ts: messageTs, text: 'card', ...(threadTs ? { thread_ts: threadTs } : {}) },
    response_url: responseUrl,
    actions: [{ block_id: 'card', action_ts: String(Date.now() / 1000), ...action }],
  };
}

/** The `message_action` payload of a message shortcut. */
export function messageShortcut(
  { user, channel, callbackId, message }: MessageShortcutUse,
  { teamId = 'T0SHOP', responseUrl = 'http://127.0.0.1:9/unused' } = {},
): Record<string, unknown> {
  return {
    type: 'message_action',
    token: 'legacy',
    action_ts: String(Date.now() / 1000),
    team: { id: teamId, domain: 'shop' },
    user: { id: user, name: user.toLowerCase(), team_id: teamId },
    channel: { id: channel, name: 'support' },
    callback_id: callbackId,
    trigger_id: nextTriggerId(),
    message_ts: message.ts,
    message: { type: 'message', ...message },
    response_url: responseUrl,
  };
}

/** The fields of a `/baton` slash command. */
export function slashCommand(
  { user, channel, text, responseUrl }: { user: string; channel: string; text: string; responseUrl: string },
  { teamId = 'T0SHOP' } = {},
): Record<string, string> {
  return {
    token: 'legacy',
    team_id: teamId,
    team_domain: 'shop',
    channel_id: channel,
    channel_name: 'support',
    user_id: user,
    user_name: user.toLowerCase(),
    command: '/baton',
    text,
    api_app_id: 'A0BATON',
    response_url: responseUrl,
    trigger_id: nextTriggerId(),
  };
}

/** Sends signed Slack requests to `${baseUrl}/slack/events`. */
export function slackSender({ baseUrl, signingSecret, teamId = 'T0SHOP' }: { baseUrl: string; signingSecret: string; teamId?: string }): SlackSender {
  async function post(
    body: string,
    contentType: string,
    { timestamp = Math.floor(Date.now() / 1000), secret = signingSecret, headers = {} }: SendOptions = {},
  ) {
    const response = await fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(secret, timestamp, body),
        ...headers,
      },
      body,
    });
    return { status: response.status, text: await response.text() };
  }
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  const sender: SlackSender = {
    post,
    async event(event, { eventId, retryNum, ...options } = {}) {
      const body = JSON.stringify(eventCallback(event, { ...(eventId ? { eventId } : {}), teamId }));
      const headers =
        retryNum === undefined ? options.headers : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout', ...options.headers };
      return (await post(body, 'application/json', { ...options, ...(headers ? { headers } : {}) })).status;
    },
    threadReply(reply, options) {
      return sender.event(threadMessage(reply), options);
    },
    async click(click, options) {
      const payload = blockActions(click, { teamId, responseUrl: click.responseUrl ?? `${baseUrl}/unused-response-url` });
      return (await post(form({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded', options)).status;
    },
    async shortcut(use, options) {
      return (await post(form({ payload: JSON.stringify(messageShortcut(use, { teamId })) }), 'application/x-www-form-urlencoded', options)).status;
    },
    async command(command, options) {
      return (await post(form(slashCommand(command, { teamId })), 'application/x-www-form-urlencoded', options)).status;
    },
  };
  return sender;
}
