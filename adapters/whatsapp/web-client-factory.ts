/**
 * The real whatsapp-web.js client: Debian's chromium through puppeteer (no browser is downloaded), the
 * login kept by RemoteAuth in Redis (or LocalAuth on disk for a single instance without Redis), and a
 * start that fails fast with a message saying what to fix. whatsapp-web.js and puppeteer are imported
 * only when a client is made, so bots without this transport never load them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BatonError, ConfigError } from '../../infra/errors.js';
import { assertWhatsAppWebInstalled } from './web-client-module.js';
import { createRemoteAuth } from './web-client-remote-auth.js';
import type { RemoteAuthStore } from './web-client-session-store.js';
import type { WebClient, WebClientFactory } from './web-client-types.js';

/** Options of `createWebClientFactory`. */
export interface WebClientFactoryOptions {
  /** Names the session (letters, digits, _ and -): one per WhatsApp account. */
  clientId: string;
  /** The chromium binary (default '/usr/bin/chromium', Debian's package). */
  executablePath?: string;
  /** Where the browser profile and its zip live while the client runs (default './.wwebjs_auth'). */
  dataPath?: string;
  /** Keeps the session in Redis (RemoteAuth); without it the session stays in `dataPath` (LocalAuth). */
  sessionStore?: RemoteAuthStore;
  /** How often RemoteAuth saves the session again (default 5 minutes; its minimum is 1 minute). */
  backupSyncIntervalMs?: number;
  /** Extra chromium flags (tests keep chromium off the network with `--host-resolver-rules`). */
  browserArgs?: readonly string[];
}

/**
 * Flags for chromium in a container: no sandbox (it needs privileges containers drop, and the page is
 * WhatsApp's, not arbitrary content), /tmp instead of a small /dev/shm, and none of chromium's own
 * background traffic.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Makes a factory of real clients.
 * @throws ConfigError when whatsapp-web.js is not installed, chromium is not at `executablePath` or
 * `clientId` has other characters.
 */
export function createWebClientFactory(options: WebClientFactoryOptions): WebClientFactory {
  const {
    clientId,
    executablePath = '/usr/bin/chromium',
    dataPath = './.wwebjs_auth',
    sessionStore,
    backupSyncIntervalMs = 5 * 60_000,
    browserArgs = [],
  } = options;
  if (!/^[-_\w]+$/.test(clientId))
    throw new ConfigError(`WhatsApp Web: the client id may hold only letters, digits, _ and - , e.g. shop-main (WHATSAPP_WEB_CLIENT_ID).`);
  assertWhatsAppWebInstalled();
  if (!existsSync(executablePath)) {
    throw new ConfigError(
      `WhatsApp Web needs chromium, and there is none at ${executablePath}. Install it (apt-get install chromium) or set WHATSAPP_WEB_CHROMIUM_PATH.`,
    );
  }
  return async () => {
    const { default: wwebjs } = await import('whatsapp-web.js');
    const authStrategy = sessionStore
      ? createRemoteAuth(wwebjs, { store: sessionStore, clientId, dataPath, backupSyncIntervalMs })
      : new wwebjs.LocalAuth({ clientId, dataPath });
    const client = new wwebjs.Client({
      authStrategy,
      puppeteer: { executablePath, headless: true, args: [...CHROMIUM_ARGS, ...browserArgs] },
      // The page's code is cached beside the session, not in the process's working directory.
      webVersionCache: { type: 'local', path: join(dataPath, 'web-cache') },
    });
    // The library sends a file only as its own MessageMedia class (an instanceof check), which only it can make.
    const sendMedia: WebClient['sendMedia'] = (chatId, media, options) =>
      client.sendMessage(chatId, new wwebjs.MessageMedia(media.mimetype, media.data, media.filename ?? null), options);
    return Object.assign(client, { sendMedia }) satisfies WebClient;
  };
}

/**
 * Starts `client` and resolves once WhatsApp Web is open (a QR code or the restored session follows as
 * events). whatsapp-web.js waits forever for the page, so a start that takes longer than `timeoutMs`
 * closes the browser and fails.
 * @throws BatonError `whatsapp_web_browser_failed` (chromium did not start), `whatsapp_web_unreachable`
 * (chromium ran but web.whatsapp.com did not load) or `whatsapp_web_start_timeout`; the browser is closed.
 */
export async function startWebClient(client: WebClient, { timeoutMs = 120_000 }: { timeoutMs?: number } = {}): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new BatonError(
            'whatsapp_web_start_timeout',
            `WhatsApp Web did not open within ${Math.round(timeoutMs / 1000)} s; the browser was closed. Check that this host reaches https://web.whatsapp.com/ (proxy, firewall, DNS).`,
          ),
        ),
      timeoutMs,
    );
  });
  const starting = client.initialize();
  try {
    await Promise.race([starting, timeout]);
  } catch (error) {
    // A start abandoned on timeout may still reject later; nobody waits for it anymore.
    starting.catch(() => undefined);
    await client.destroy().catch(() => undefined);
    throw explainStartFailure(error);
  } finally {
    clearTimeout(timer);
  }
}

/** Turns what puppeteer or whatsapp-web.js threw into an error that says what to fix. */
export function explainStartFailure(error: unknown): BatonError {
  if (error instanceof BatonError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const network = /net::ERR_[A-Z_]+/.exec(message)?.[0];
  if (network) {
    return new BatonError(
      'whatsapp_web_unreachable',
      `WhatsApp Web: chromium started, but https://web.whatsapp.com/ did not load (${network}). This host needs outbound https to WhatsApp (check proxy, firewall and DNS); the leader retries.`,
      { cause: error },
    );
  }
  if (/Failed to launch|spawn|ENOENT|Browser was not found|Could not find/i.test(message)) {
    return new BatonError(
      'whatsapp_web_browser_failed',
      `WhatsApp Web: chromium did not start (${message.split('\n')[0]}). Check WHATSAPP_WEB_CHROMIUM_PATH and that chromium runs here (apt-get install chromium).`,
      { cause: error },
    );
  }
  return new BatonError('whatsapp_web_start_failed', `WhatsApp Web could not start: ${message.split('\n')[0]}`, { cause: error });
}
