/**
 * Serves Baton's embeddable widget: `<script src="/widget/baton-widget.js"></script>`.
 */
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** The folder holding `baton-widget.js` and `demo.html`. */
export const widgetDirectory = fileURLToPath(new URL('./widget/', import.meta.url));

/**
 * A router serving `/widget/baton-widget.js` (and the example `/widget/demo.html`).
 * @example app.use(widgetRouter());
 */
export function widgetRouter({ path = '/widget', maxAgeSeconds = 300 }: { path?: string; maxAgeSeconds?: number } = {}): Router {
  const router = express.Router();
  router.use(path, express.static(widgetDirectory, { maxAge: maxAgeSeconds * 1000, index: false }));
  return router;
}
