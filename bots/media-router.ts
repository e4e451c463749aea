/**
 * Serves stored files at `/media/<id>?exp=…&sig=…`, only through a valid signed URL
 * (infra/media/signed-urls.ts): a tampered, made-up or expired URL gets 403, an unknown file 404.
 * Files are sent with the type sniffed when they came in, `nosniff` and a sandboxing CSP, so an
 * uploaded file can never run as a page of this origin; documents (and `dl=1`) download.
 */
import { pipeline } from 'node:stream/promises';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { MediaKit } from '../adapters/media-intake.js';
import { MEDIA_PATH } from '../infra/media/signed-urls.js';

/** Serves the kit's files by signed URL. */
export function mediaRouter({ kit, logger }: { kit: MediaKit; logger?: Logger }): Router {
  const router = express.Router();
  router.get(`${MEDIA_PATH}/:id`, async (req, res) => {
    const id = String(req.params.id);
    const { exp, sig, dl } = req.query;
    const check = kit.signer.verify(id, exp, sig, dl);
    res.set('Cache-Control', 'private, no-store').set('X-Content-Type-Options', 'nosniff');
    if (!check.ok) {
      const message =
        check.reason === 'expired'
          ? 'This link has expired. Open the file again from the conversation for a new one.'
          : 'This link is not valid. Open the file from the conversation.';
      res.status(403).json({ error: { code: check.reason, message } });
      return;
    }
    const object = await kit.store.get(id).catch((error: unknown) => {
      logger?.warn({ err: error }, 'media: could not read a file');
      return null;
    });
    if (object === null) {
      res.status(503).json({ error: { code: 'unavailable', message: 'The file store did not answer; try again in a moment.' } });
      return;
    }
    if (!object) {
      res.status(404).json({ error: { code: 'not_found', message: 'This file was removed (erased, or past its retention).' } });
      return;
    }
    const { record, body } = object;
    const inline = dl !== '1' && record.kind !== 'document';
    const name = record.name ?? `${record.kind}-${record.id.slice(-6)}`;
    res
      .status(200)
      .set('Content-Type', record.contentType)
      .set('Content-Length', String(record.size))
      .set('Content-Security-Policy', "default-src 'none'; img-src 'self'; media-src 'self'; sandbox")
      .set(
        'Content-Disposition',
        `${inline ? 'inline' : 'attachment'}; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      // The page that shows it (the widget, the console) may sit on another origin.
      .set('Cross-Origin-Resource-Policy', 'cross-origin');
    try {
      await pipeline(body, res);
    } catch (error) {
      // The client went away mid-file, or the store's stream broke: nothing more can be said to it.
      logger?.debug({ err: error }, 'media: a download ended early');
    }
  });
  return router;
}
