/**
 * How Slack reaches the desk, chosen by SLACK_MODE:
 * - `http`: bolt's ExpressReceiver, whose router Baton mounts on its own server at `/slack/events`
 *   (events, interactivity and the slash command share the path). Every request's signature is
 *   checked against SLACK_SIGNING_SECRET and refused with 401 when forged or older than 5 minutes;
 *   requests are answered as soon as they are acknowledged, the work follows.
 * - `socket`: bolt's SocketModeReceiver, which opens an outbound WebSocket with SLACK_APP_TOKEN, for
 *   teams without a public URL. The Web API base (SLACK_API_URL) applies to its connection call too.
 */
import { ExpressReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger, type Receiver } from '@slack/bolt';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { SlackSettings } from './settings.js';

/** The path Slack posts to in HTTP mode (the manifest's request URLs end with it). */
export const EVENTS_PATH = '/slack/events';

/** Bolt's logger interface over pino, so Slack's own lines join Baton's JSON logs. */
export function boltLogger(log: Logger | undefined): BoltLogger {
  let level = LogLevel.INFO;
  const write = (method: 'debug' | 'info' | 'warn' | 'error') => (...messages: unknown[]) => {
    const error = messages.find((message): message is Error => message instanceof Error);
    const text = messages.filter((message) => message !== error).map(String).join(' ');
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
export function createReceiver(settings: SlackSettings, { logger, clientOptions }: { logger: BoltLogger; clientOptions: { slackApiUrl?: string } }): DeskReceiver {
  if (settings.mode === 'socket') {
    const receiver = new SocketModeReceiver({
      appToken: settings.appToken!,
      logger,
      // The socket client opens its connection with apps.connections.open on this Web API base.
      installerOptions: { clientOptions },
    });
    return { receiver };
  }
  const receiver = new ExpressReceiver({
    signingSecret: settings.signingSecret!,
    endpoints: EVENTS_PATH,
    logger,
    // Answer Slack at ack(), then do the work: Slack retries anything not answered within 3 s.
    processBeforeResponse: false,
  });
  return { receiver, router: receiver.router };
}
