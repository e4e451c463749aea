/**
 * The widget as served: one small script at /widget/baton-widget.js, and a source that never turns
 * received text into HTML. (Its behaviour in a browser is covered by the browser tests.)
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { widgetDirectory, widgetRouter } from '../../adapters/web/index.js';

describe('baton widget', () => {
  it('is served by widgetRouter() as JavaScript, with the demo page beside it', async () => {
    const app = express().use(widgetRouter());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const script = await fetch(`${base}/widget/baton-widget.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      const demo = await (await fetch(`${base}/widget/demo.html`)).text();
      expect(demo).toContain('<script src="/widget/baton-widget.js" data-title=');
      expect((await fetch(`${base}/widget/nope.js`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('stays small and builds its DOM with textContent only', async () => {
    const source = await readFile(`${widgetDirectory}baton-widget.js`, 'utf8');
    // 17 KB with the production token flows (a token from the shop's backend or for the page's origin, refreshed);
    // 22 KB with photos and files (the paper clip, drag and drop, pasted screenshots, pictures, players and links).
    expect(Buffer.byteLength(source)).toBeLessThan(22 * 1024);
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    for (const id of ['baton-launcher', 'baton-input', 'baton-send', 'baton-messages', 'suggested-action', 'typing-indicator', "'message-' + who"]) {
      expect(source).toContain(id);
    }
  });
});
