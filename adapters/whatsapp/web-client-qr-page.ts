/**
 * The ops page of the whatsapp-web.js session: `GET /whatsapp/qr` shows the QR code to scan (or that the
 * session is ready, or why it failed) and reloads itself every few seconds; `GET /whatsapp/qr.svg` is the
 * bare code. Any instance serves it from the status store. It is guarded by `ADMIN_TOKEN`: whoever
 * scans the code owns the bot's WhatsApp account. A browser sends the token as the password of HTTP
 * Basic auth (it prompts, any user name), scripts as `Authorization: Bearer <ADMIN_TOKEN>`.
 */
import express, { type Request, type Response, type Router } from 'express';
import QRCode from 'qrcode';
import { bearerToken, secretsEqual } from '../../infra/secrets.js';
import type { WebClientStatus, WebClientStatusStore } from './web-client-status.js';

/** Options of `createQrPageRouter`. */
export interface QrPageOptions {
  status: WebClientStatusStore;
  /** Unset: the page answers 403 saying how to turn it on (the terminal still shows the code). */
  adminToken?: string;
  /** Seconds between reloads of the page (default 5). */
  refreshSeconds?: number;
}

/** The token a request carries, as a Bearer token or the password of Basic auth. */
function presentedToken(request: Request): string | undefined {
  const header = request.get('authorization') ?? '';
  const bearer = bearerToken(header);
  if (bearer) return bearer;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1) || undefined;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function describe(status: WebClientStatus | undefined): string {
  switch (status?.state) {
    case undefined:
      return 'No instance leads the WhatsApp Web session yet (or its last QR code expired). Wait a few seconds.';
    case 'starting':
      return 'The leader is starting the browser and opening WhatsApp Web…';
    case 'qr':
      return 'On the phone of the business account: WhatsApp > Settings > Linked devices > Link a device, then scan this code.';
    case 'authenticated':
      return 'Scanned. WhatsApp Web is loading the chats…';
    case 'ready':
      return `Linked and ready since ${new Date(status.at).toISOString()}. Nothing to scan.`;
    case 'failed':
      return `Failed: ${status.error}`;
    case 'disconnected':
      return `Disconnected (${status.reason}). The leader starts a new session; a QR code follows if the phone unlinked it.`;
  }
}

/** Builds the router, mounted by the channel at '/whatsapp'. */
export function createQrPageRouter({ status, adminToken, refreshSeconds = 5 }: QrPageOptions): Router {
  const router = express.Router();
  const fail = (res: Response, code: number, error: string, message: string) => res.status(code).json({ error: { code: error, message } });

  router.use(['/qr', '/qr.svg'], (req, res, next) => {
    res.set('cache-control', 'no-store');
    if (!adminToken)
      return fail(
        res,
        403,
        'admin_disabled',
        'The WhatsApp QR page is off. Set ADMIN_TOKEN (16+ random characters), then open /whatsapp/qr and give it as the password.',
      );
    const token = presentedToken(req);
    if (!token || !secretsEqual(token, adminToken)) {
      res.set('www-authenticate', 'Basic realm="Baton ops", charset="UTF-8"');
      return fail(res, 401, 'unauthorized', 'Give ADMIN_TOKEN as the password (HTTP Basic) or as "Authorization: Bearer <ADMIN_TOKEN>".');
    }
    next();
  });

  router.get('/qr.svg', async (_req, res) => {
    const current = await status.read();
    if (current?.state !== 'qr') return fail(res, 404, 'no_qr', describe(current));
    res.type('image/svg+xml').send(await QRCode.toString(current.qr, { type: 'svg', margin: 2 }));
  });

  router.get('/qr', async (_req, res) => {
    const current = await status.read();
    const code = current?.state === 'qr' ? await QRCode.toString(current.qr, { type: 'svg', margin: 2, width: 320 }) : '';
    res.type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${refreshSeconds}">
<title>Baton · WhatsApp Web session</title>
</head>
<body><h1>WhatsApp Web session</h1>
<p data-state="${current?.state ?? 'none'}">${escapeHtml(describe(current))}</p>
${code ? `<figure>${code}</figure>` : ''}
<p><small>whatsapp-web.js is unofficial: WhatsApp may ban a number it flags as automated. Use the Cloud API for production.</small></p>
</body></html>`);
  });
  return router;
}
