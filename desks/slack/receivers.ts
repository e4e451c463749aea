/**
 * How Slack reaches the desk, chosen by SLACK_MODE:
 * - `http`: bolt's ExpressReceiver, whose router Baton mounts on its own server at `/slack/events`
 *   (events, interactivity and the slash command share the path). Every request's signature is
 *   checked against SLACK_SIGNING_SECRET and refused with 401 when forged or older than 5 minutes,
 *   and its shape checked, by the guard in request-guard.ts (JSON errors, at once); requests are
 *   answered as soon as they are acknowledged, the work follows.
 * - `socket`: bolt's SocketModeReceiver, which opens an outbound WebSocket with SLACK_APP_TOKEN, for
 *   teams without a public URL. The Web API base (SLACK_API_URL) applies to its connection call too.
 */
import { ExpressReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { writeRefusal } from '../../adapters/kit/http-errors.js';
import { isStoreUnavailable, RequestError } from '../../infra/errors.js';
import { slackRequestGuard } from './request-guard.js';
import type { SlackSettings } from './settings.js';

/** The path Slack posts to in HTTP mode (the manifest's request URLs end with it). */
export const EVENTS_PATH = '/slack/events';

/** Bolt's logger interface over pino, so Slack's own lines join Baton's JSON logs. */
export function boltLogger(log: Logger | undefined): BoltLogger {
  let level = LogLevel.INFO;
  const write =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...messages: unknown[]) => {
      const error = messages.find((message): message is Error => message instanceof Error);
      const text = messages
        .filter((message) => message !== error)
        .map(String)
        .join(' ');
      log?.[method]({ module: 'slack-bolt', ...(error ? { err: error } : {}) }, text);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** The receiver of the configured mode; `router` only in HTTP mode. */
export interface DeskReceiver {
  readonly receiver: Receiver;
  readonly router?: Router;
}

/** Builds the receiver SLACK_MODE asks for. */
export function createReceiver(
  settings: SlackSettings,
  { logger, clientOptions, log }: { logger: BoltLogger; clientOptions: { slackApiUrl?: string }; log?: Logger },
): DeskReceiver {
  if (settings.mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: settings.appToken!,
      logger,
      // The socket client opens its connection with apps.connections.open on this Web API base.
      installerOptions: { clientOptions },
    });
    return { receiver };
  }
  // The guard runs first: refusals as JSON at once, instead of bolt's empty 400/401 and its 3-second 404.
  const router = express.Router().use(EVENTS_PATH, slackRequestGuard({ signingSecret: settings.signingSecret!, ...(log ? { logger: log } : {}) }));
  const receiver = new ExpressReceiver({
    signingSecret: settings.signingSecret!,
    endpoints: EVENTS_PATH,
    router,
    logger,
    // Answer Slack at ack(), then do the work: Slack retries anything not answered within 3 s.
    processBeforeResponse: false,
    // Before the ack only a few things fail: the desk's inbox out of reach (503: Slack delivers the request
    // again), the inbox refusing it (full: 503; too large: 413; slack-inbox.ts), or bolt reading a payload it
    // cannot make sense of, e.g. "channel": null, which the signature proves Slack did not send as such
    // (400). The desk's listeners acknowledge first.
    processEventErrorHandler: async ({ error, response, logger: log }) => {
      const unavailable = isStoreUnavailable(error);
      const refused = error instanceof RequestError ? error : undefined;
      if (unavailable || refused?.status === 503) log.error('slack desk: a request failed before it was acknowledged', error);
      else log.warn('slack desk: a payload bolt could not read was refused', error);
      if (!response.headersSent) {
        if (unavailable) writeRefusal(response, 503, 'unavailable', 'The desk could not take this request now; Slack will retry it.');
        else if (refused) writeRefusal(response, refused.status, refused.code, refused.message);
        else writeRefusal(response, 400, 'bad_request', 'The payload could not be read as a Slack request; it was not processed.');
      }
      return false;
    },
    unhandledRequestHandler: ({ response }) => {
      if (!response.headersSent) writeRefusal(response, 404, 'not_handled', 'No listener of the desk acknowledged this request.');
    },
  });
  return { receiver, router };
}
