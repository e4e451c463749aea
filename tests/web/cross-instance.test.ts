/**
 * Two channel instances sharing one Redis log (and token key): a proactive message sent through the
 * second instance's adapter reaches a WebSocket open on the first; expired tokens are refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TokenIssuer } from '../../adapters/web/index.js';
import { call, createBackend, openStream, startServer, waitFor, type Backend, type TestServer } from './helpers.js';

describe('web channel across instances (redis)', () => {
  let backend: Backend;
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    await backend?.cleanup();
  });

  it('continueConversation on instance B reaches a stream open on instance A', async () => {
    backend = createBackend('redis');
    const a = await startServer({ activityLog: backend.makeLog(), dedupe: backend.makeDedupe() });
    const b = await startServer({ activityLog: backend.makeLog(), dedupe: backend.makeDedupe() });
    servers.push(a, b);
    const { body: conv } = await call(`${a.base}/conversations`, { method: 'POST' });
    const stream = await openStream(conv.streamUrl);
    await call(`${a.base}/conversations/${conv.conversationId}/activities`, { token: conv.token, body: { type: 'message', from: { id: 'u1' }, text: 'hi' } });
    await waitFor('the first exchange on A', () => stream.texts().length === 2 || undefined);

    const reference = {
      channelId: 'directline',
      serviceUrl: a.base,
      conversation: { id: conv.conversationId },
      bot: { id: 'baton-bot', name: 'Baton' },
      user: { id: 'u1', name: '' },
    };
    await b.channel.adapter.continueConversation(reference as Parameters<typeof b.channel.adapter.continueConversation>[0], async (context) => {
      await context.sendActivity('an agent will be with you shortly');
    });
    await waitFor("the proactive message on A's stream", () => stream.texts().length === 3 || undefined);
    const proactive = stream.frames.at(-1)!.activities.at(-1)!;
    expect(proactive).toMatchObject({
      text: 'an agent will be with you shortly',
      from: { id: 'baton-bot' },
      recipient: { id: 'u1' },
      id: `${conv.conversationId}|0000004`,
    });

    // B also serves the REST side of a conversation A started: the token and the log are shared.
    const polled = await call(`${b.base}/conversations/${conv.conversationId}/activities?watermark=3`, { token: conv.token });
    expect(polled.body.activities.map((x: { text?: string }) => x.text)).toEqual(['an agent will be with you shortly']);
    stream.close();
  });

  it('refuses an expired token with 403 TokenExpired, and refresh cannot revive it', async () => {
    backend = createBackend('redis');
    const server = await startServer({ activityLog: backend.makeLog() });
    servers.push(server);
    const { body: conv } = await call(`${server.base}/conversations`, { method: 'POST' });
    // Same key as the server, clock an hour back: a genuine token that has expired.
    const past = new TokenIssuer({ key: 'test-token-key', now: () => Date.now() - 3600_000 });
    const expired = past.issue(conv.conversationId);
    const refused = await call(`${server.base}/conversations/${conv.conversationId}/activities`, { token: expired });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'TokenExpired' } } });
    expect((await call(`${server.base}/tokens/refresh`, { method: 'POST', token: expired })).status).toBe(403);
    await expect(openStream(`${conv.streamUrl.split('?')[0]}?t=${expired}`)).rejects.toThrow(/403/);
  });
});
