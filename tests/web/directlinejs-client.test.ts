/**
 * Microsoft's own client, botframework-directlinejs, against Baton unchanged: it starts a conversation,
 * opens the WebSocket stream, posts an activity and receives the bot's reply through `activity$`.
 * Node 20 lacks the browser globals it expects, so `ws` and `xhr2` stand in for them.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend, startServer, type Backend, type TestServer } from './helpers.js';

const require = createRequire(import.meta.url);

describe.each(['memory', 'redis'] as const)('botframework-directlinejs client (%s)', (kind) => {
  let backend: Backend;
  let server: TestServer;
  beforeAll(async () => {
    const globals = globalThis as Record<string, unknown>;
    globals.WebSocket ??= WebSocket;
    globals.XMLHttpRequest ??= require('xhr2');
    backend = createBackend(kind);
    server = await startServer({ activityLog: backend.makeLog(), dedupe: backend.makeDedupe() });
  });
  afterAll(async () => {
    await server?.close();
    await backend?.cleanup();
  });

  it('posts over REST and receives the reply over the WebSocket stream', async () => {
    const { DirectLine, ConnectionStatus } = await import('botframework-directlinejs');
    const directLine = new DirectLine({ domain: server.base, webSocket: true, timeout: 5000 });
    // It silently falls back to polling when it finds no WebSocket; this test is about the stream.
    expect((directLine as unknown as { webSocket: boolean }).webSocket).toBe(true);
    try {
      const received: { type?: string; text?: string; from?: { id?: string } }[] = [];
      const reply = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no bot reply on activity$ within 8 s; got ${JSON.stringify(received)}`)), 8000);
        directLine.activity$.subscribe({
          next(activity) {
            received.push(activity);
            if (activity.type === 'message' && activity.from.id === 'baton-bot') {
              clearTimeout(timer);
              resolve(activity.text ?? '');
            }
          },
          error: reject,
        });
      });
      const id = await new Promise<string>((resolve, reject) => {
        directLine
          .postActivity({ type: 'message', from: { id: 'dl-user', name: 'Ann' }, text: 'hello from directlinejs' })
          .subscribe({ next: resolve, error: reject });
      });
      expect(id).toMatch(/\|0000001$/);
      expect(await reply).toBe('echo: hello from directlinejs');
      expect(directLine.connectionStatus$.getValue()).toBe(ConnectionStatus.Online);
      expect(received.some((a) => a.type === 'message' && a.from?.id === 'dl-user')).toBe(true);
    } finally {
      directLine.end();
    }
  });
});
