/**
 * The HTTP server sends no ETag on the JSON it answers (polls, posts, APIs: fresh every time, never
 * revalidated, and hashing each body cost a SHA-1 per answer), while static files keep their validators.
 */
import { get } from 'node:http';
import express from 'express';
import { afterEach, expect, it } from 'vitest';
import { widgetRouter } from '../../adapters/web/index.js';
import { createHttpServer, type HttpServer } from '../../bots/http-server.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close({ graceMs: 100 });
  server = undefined;
});

it('answers JSON without an ETag, and static files with one that revalidates', async () => {
  const api = express.Router().get('/api/thing', (_req, res) => {
    res.json({ same: 'body every time' });
  });
  server = createHttpServer({ channels: [], routers: [api, widgetRouter()] });
  const base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  const json = await fetch(`${base}/api/thing`);
  expect(await json.json()).toEqual({ same: 'body every time' });
  expect(json.headers.get('etag')).toBeNull();
  const script = await fetch(`${base}/widget/baton-widget.js`);
  await script.text();
  const etag = script.headers.get('etag');
  expect(etag).toMatch(/^W\/"/);
  // node:http, not fetch: fetch adds `cache-control: no-cache` to a conditional request, which asks for the whole file.
  const revalidated = await new Promise<number>((resolve, reject) => {
    get(`${base}/widget/baton-widget.js`, { headers: { 'if-none-match': etag! } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
  expect(revalidated).toBe(304);
});
