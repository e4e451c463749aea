/**
 * The Direct Line 3.0 API through its front door: real HTTP and WebSocket against an express server,
 * on the memory and the Redis activity log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, openStream, startServer, call, waitFor, type Backend, type TestServer } from './helpers.js';

describe.each(['memory', 'redis'] as const)('Direct Line API (%s)', (kind) => {
  let backend: Backend;
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
    await backend?.cleanup();
  });
  const start = async (options: { secret?: string; turnTimeoutMs?: number } = {}) => {
    backend = createBackend(kind);
    server = await startServer({ activityLog: backend.makeLog(), dedupe: backend.makeDedupe(), ...options });
    return server;
  };
  const startConversation = async () => {
    const { status, body } = await call(`${server.base}/conversations`, { method: 'POST' });
    expect(status).toBe(201);
    return body as { conversationId: string; token: string; streamUrl: string; expires_in: number };
  };
  const say = (conversationId: string, token: string, text: string, extra: object = {}) =>
    call(`${server.base}/conversations/${conversationId}/activities`, { token, body: { type: 'message', from: { id: 'u1' }, text, ...extra } });

  it('starts a conversation, echoes the user and streams the reply with watermarks', async () => {
    await start();
    const conv = await startConversation();
    expect(conv).toMatchObject({ expires_in: 1800 });
    expect(conv.streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${conv.conversationId}/stream\\?t=`));
    const stream = await openStream(conv.streamUrl);
    const posted = await say(conv.conversationId, conv.token, 'hello');
    expect(posted).toEqual({ status: 200, body: { id: `${conv.conversationId}|0000001` } });
    await waitFor('the echo of the user and the bot reply on the stream', () => stream.texts().length === 2 || undefined);
    expect(stream.texts()).toEqual(['hello', 'echo: hello']);
    const activities = stream.frames.flatMap((f) => f.activities);
    expect(activities.map((a) => a.type)).toEqual(['message', 'typing', 'message']);
    const reply = activities[2];
    expect(reply).toMatchObject({
      id: `${conv.conversationId}|0000003`,
      channelId: 'directline',
      conversation: { id: conv.conversationId },
      from: { id: 'baton-bot', role: 'bot' },
      recipient: { id: 'u1' },
      replyToId: `${conv.conversationId}|0000001`,
    });
    expect(typeof reply.timestamp).toBe('string');
    expect(activities[0]).toMatchObject({ from: { id: 'u1', role: 'user' }, recipient: { id: 'baton-bot' }, serviceUrl: server.base });
    expect(stream.frames.at(-1)!.watermark).toBe('3');
    // The bot was told the conversation started (to greet), without that showing on the stream.
    await waitFor('the conversationUpdate turn', () => server.pipeline.started.length === 1 || undefined);
    expect(server.pipeline.started).toEqual([conv.conversationId]);
    stream.close();
  });

  it('greets once when a client starts the same conversation twice at once (a retried start with its token)', async () => {
    await start({ secret: 'a-secret-of-sixteen-chars' });
    const generated = await call(`${server.base}/tokens/generate`, { method: 'POST', token: 'a-secret-of-sixteen-chars' });
    const { token, conversationId } = generated.body as { token: string; conversationId: string };
    const starts = await Promise.all([1, 2, 3].map(() => call(`${server.base}/conversations`, { method: 'POST', token })));
    expect(starts.map((answer) => answer.status).every((status) => status === 200 || status === 201)).toBe(true);
    await waitFor('the conversationUpdate turn', () => server.pipeline.started.length >= 1 || undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.pipeline.started).toEqual([conversationId]);
  });

  it('sends empty heartbeat frames on an idle stream', async () => {
    backend = createBackend(kind);
    server = await startServer({ activityLog: backend.makeLog(), heartbeatMs: 30 });
    const conv = await startConversation();
    const stream = await openStream(conv.streamUrl);
    await waitFor('a heartbeat frame', () => stream.heartbeats > 0 || undefined);
    expect(stream.frames).toEqual([]);
    stream.close();
  });

  it('reconnecting with a watermark delivers only what was missed; polling pages by watermark', async () => {
    await start();
    const conv = await startConversation();
    await say(conv.conversationId, conv.token, 'first');
    const seen = await call(`${server.base}/conversations/${conv.conversationId}/activities`, { token: conv.token });
    expect(seen.status).toBe(200);
    expect(seen.body.activities.map((a: { text?: string }) => a.text)).toEqual(['first', undefined, 'echo: first']);
    const watermark = seen.body.watermark as string;
    await say(conv.conversationId, conv.token, 'second');

    const polled = await call(`${server.base}/conversations/${conv.conversationId}/activities?watermark=${watermark}`, { token: conv.token });
    expect(polled.body.activities.map((a: { text?: string }) => a.text)).toEqual(['second', undefined, 'echo: second']);
    const none = await call(`${server.base}/conversations/${conv.conversationId}/activities?watermark=${polled.body.watermark}`, { token: conv.token });
    expect(none.body).toEqual({ activities: [], watermark: polled.body.watermark });

    const reconnect = await call(`${server.base}/conversations/${conv.conversationId}?watermark=${watermark}`, { token: conv.token });
    expect(reconnect.status).toBe(200);
    expect(reconnect.body.streamUrl).toContain(`watermark=${watermark}`);
    expect(reconnect.body.token).toEqual(expect.any(String));
    const stream = await openStream(reconnect.body.streamUrl);
    await waitFor('the missed activities', () => stream.texts().length === 2 || undefined);
    expect(stream.texts()).toEqual(['second', 'echo: second']);
    stream.close();
  });

  it('requires the conversation token; refuses forged, foreign and missing tokens', async () => {
    await start();
    const conv = await startConversation();
    const other = await startConversation();
    const url = `${server.base}/conversations/${conv.conversationId}/activities`;
    expect((await call(url)).status).toBe(401);
    const forged = `${conv.token.split('.').slice(0, 2).join('.')}.AAAA`;
    const refused = await call(url, { token: forged });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'Unauthorized', message: expect.any(String) });
    expect((await call(url, { token: other.token })).status).toBe(403);
    expect((await call(`${server.base}/conversations/nope`, { token: conv.token })).status).toBe(403);
    await expect(openStream(`${conv.streamUrl.split('?')[0]}?t=${forged}`)).rejects.toThrow(/401/);
    await expect(openStream(`${conv.streamUrl.split('?')[0]}`)).rejects.toThrow(/401/);
  });

  it('refreshes a token, and generated tokens start their own conversation', async () => {
    await start();
    const generated = await call(`${server.base}/tokens/generate`, { method: 'POST' });
    expect(generated.status).toBe(200);
    const started = await call(`${server.base}/conversations`, { method: 'POST', token: generated.body.token });
    expect(started.body.conversationId).toBe(generated.body.conversationId);
    const refreshed = await call(`${server.base}/tokens/refresh`, { method: 'POST', token: generated.body.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ conversationId: generated.body.conversationId, expires_in: 1800 });
    expect((await say(generated.body.conversationId, refreshed.body.token, 'hi')).status).toBe(200);
    expect((await call(`${server.base}/tokens/refresh`, { method: 'POST' })).status).toBe(401);
  });

  it('answers 404 to a post or a poll of a conversation never started (a generated token not yet used), and runs no turn', async () => {
    await start();
    const generated = await call(`${server.base}/tokens/generate`, { method: 'POST' });
    const { conversationId, token } = generated.body as { conversationId: string; token: string };
    const posted = await say(conversationId, token, 'hello before the start', { channelData: { clientActivityID: 'early-1' } });
    expect(posted).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect(posted.body.error.message).toMatch(/does not exist or has expired\. Start a new one with POST \/conversations/);
    const polled = await call(`${server.base}/conversations/${conversationId}/activities`, { token });
    expect(polled).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
    expect(server.pipeline.turns).toEqual([]);
    // Once started, the same client message goes through: the refused post left no claim behind.
    expect((await call(`${server.base}/conversations`, { method: 'POST', token })).status).toBe(201);
    const retried = await say(conversationId, token, 'hello before the start', { channelData: { clientActivityID: 'early-1' } });
    expect(retried).toEqual({ status: 200, body: { id: `${conversationId}|0000001` } });
    const log = await call(`${server.base}/conversations/${conversationId}/activities`, { token });
    expect(log.body.activities.map((activity: { text?: string }) => activity.text)).toContain('hello before the start');
  });

  it('in secret mode, needs the secret or a token made from it', async () => {
    await start({ secret: 'dl-secret' });
    expect((await call(`${server.base}/conversations`, { method: 'POST' })).status).toBe(401);
    expect((await call(`${server.base}/tokens/generate`, { method: 'POST' })).status).toBe(401);
    expect((await call(`${server.base}/conversations`, { method: 'POST', token: 'wrong-secret' })).status).toBe(401);
    const withSecret = await call(`${server.base}/conversations`, { method: 'POST', token: 'dl-secret' });
    expect(withSecret.status).toBe(201);
    expect((await say(withSecret.body.conversationId, 'dl-secret', 'by secret')).status).toBe(200);
    const generated = await call(`${server.base}/tokens/generate`, { method: 'POST', token: 'dl-secret', body: { user: { id: 'dl_u7' } } });
    const started = await call(`${server.base}/conversations`, { method: 'POST', token: generated.body.token });
    expect((await say(started.body.conversationId, generated.body.token, 'by token')).status).toBe(200);
    const log = await call(`${server.base}/conversations/${started.body.conversationId}/activities`, { token: generated.body.token });
    expect(log.body.activities[0].from.id).toBe('dl_u7');
  });

  it('answers bad input with 4xx Direct Line errors, never 5xx', async () => {
    await start();
    const conv = await startConversation();
    const url = `${server.base}/conversations/${conv.conversationId}/activities`;
    const tooLong = await say(conv.conversationId, conv.token, 'x'.repeat(4001));
    expect(tooLong.status).toBe(413);
    expect(tooLong.body.error.code).toBe('MessageSizeTooBig');
    expect((await call(url, { token: conv.token, body: { text: 'x'.repeat(300_000), type: 'message' } })).status).toBe(413);
    const malformed = await call(url, { token: conv.token, rawBody: '{"type": "message", ' });
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'BadArgument' } } });
    expect((await call(url, { token: conv.token, body: { text: 'no type' } })).status).toBe(400);
    expect((await call(url, { token: conv.token, body: [1, 2] })).status).toBe(400);
    expect((await call(url, { token: conv.token, body: { type: 'message', text: 5 } })).status).toBe(400);
    const upload = await call(`${server.base}/conversations/${conv.conversationId}/upload`, { token: conv.token, body: {} });
    expect(upload).toMatchObject({ status: 501, body: { error: { code: 'NotImplemented' } } });
    expect((await call(`${server.base}/nowhere`)).status).toBe(404);
    expect(server.pipeline.turns).toEqual([]);
  });

  it('runs a re-posted clientActivityID once and answers with the same id', async () => {
    await start();
    const conv = await startConversation();
    const channelData = { clientActivityID: 'web-chat-123' };
    const [a, b] = await Promise.all([
      say(conv.conversationId, conv.token, 'once', { channelData }),
      say(conv.conversationId, conv.token, 'once', { channelData }),
    ]);
    const c = await say(conv.conversationId, conv.token, 'once', { channelData });
    expect(a.body.id).toBe(`${conv.conversationId}|0000001`);
    expect([b.body.id, c.body.id]).toEqual([a.body.id, a.body.id]);
    expect(server.pipeline.turns).toEqual(['once']);
  });

  it('runs a re-post whose first POST died with its instance mid-turn, once its lease lapsed', async () => {
    backend = createBackend(kind);
    // The dead instance: it claimed the client id and never renewed or resolved it.
    const deadInstance = backend.makeDedupe();
    server = await startServer({ activityLog: backend.makeLog(), dedupe: backend.makeDedupe(), dedupeLeaseSeconds: 1 });
    const conv = await startConversation();
    expect(await deadInstance.claim(`${conv.conversationId}|web-chat-lost`, 1)).toBe(true);
    const retried = await say(conv.conversationId, conv.token, 'lost once', { channelData: { clientActivityID: 'web-chat-lost' } });
    expect(retried).toEqual({ status: 200, body: { id: `${conv.conversationId}|0000001` } });
    expect(server.pipeline.turns).toEqual(['lost once']);
    // From now on it is a plain duplicate.
    expect((await say(conv.conversationId, conv.token, 'lost once', { channelData: { clientActivityID: 'web-chat-lost' } })).body).toEqual(retried.body);
    expect(server.pipeline.turns).toEqual(['lost once']);
  });

  it('apologises instead of failing when the turn throws, and answers after a turn timeout', async () => {
    await start({ turnTimeoutMs: 50 });
    const conv = await startConversation();
    expect((await say(conv.conversationId, conv.token, 'boom')).status).toBe(200);
    const slow = await say(conv.conversationId, conv.token, 'slow');
    expect(slow.status).toBe(200);
    const texts = async () => {
      const { body } = await call(`${server.base}/conversations/${conv.conversationId}/activities`, { token: conv.token });
      return (body.activities as { text?: string }[]).map((a) => a.text).filter(Boolean);
    };
    await waitFor('the apology and the slow reply', async () => ((await texts()).includes('echo: slow') ? true : undefined));
    expect(await texts()).toEqual(['boom', expect.stringMatching(/^Sorry/), 'slow', 'echo: slow']);
  });
});
