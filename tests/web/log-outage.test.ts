/**
 * Direct Line while its activity log is unreachable (Redis restarting): a post is refused at once
 * with 503 and a message saying nothing was sent, never left hanging; a turn already taken waits for
 * the log and its reply is stored once the log is back, so the customer still gets it, also when the
 * log stays away longer than the turn waits (`replyRetryMs`): the reply is kept, not dropped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryActivityLog, type ActivityLog } from '../../adapters/web/index.js';
import { isStoreUnavailable, StoreUnavailableError } from '../../infra/errors.js';
import { call, startServer, waitFor, type TestServer } from './helpers.js';

/** A memory log that can be switched off, failing as an unreachable Redis does. */
function switchableLog(): { log: ActivityLog; down: { all: boolean; botReplies: boolean }; botAppendsTaken: { count: number } } {
  const inner = createMemoryActivityLog();
  const down = { all: false, botReplies: false };
  /** Bot appends the log answered (written or refused) rather than failed as unreachable. */
  const botAppendsTaken = { count: 0 };
  const unreachable = () => new StoreUnavailableError('activity log unreachable (test)');
  const guard =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (down.all) throw unreachable();
      return method(...args);
    };
  const log: ActivityLog = {
    ...inner,
    createConversation: guard(inner.createConversation),
    getConversation: guard(inner.getConversation),
    read: guard(inner.read),
    async append(conversationId, activity, options) {
      if (down.all || (down.botReplies && activity.from?.role !== 'user')) throw unreachable();
      if (activity.from?.role === 'user') return inner.append(conversationId, activity, options);
      try {
        return await inner.append(conversationId, activity, options);
      } finally {
        botAppendsTaken.count++;
      }
    },
  };
  return { log, down, botAppendsTaken };
}

describe('Direct Line with its activity log unreachable', () => {
  let server: TestServer;
  afterEach(async () => server?.close());

  it('refuses posts and reads with 503 and a JSON message while the log is away, and serves them again after', async () => {
    const { log, down } = switchableLog();
    server = await startServer({ activityLog: log });
    const { body: conv } = await call(`${server.base}/conversations`, { method: 'POST' });
    down.all = true;
    const refused = await call(`${server.base}/conversations/${conv.conversationId}/activities`, {
      token: conv.token,
      body: { type: 'message', text: 'hello', from: { id: 'u1' } },
    });
    expect(refused).toEqual({ status: 503, body: { error: { code: 'ServiceUnavailable', message: expect.stringMatching(/nothing was sent/) } } });
    expect((await call(`${server.base}/conversations/${conv.conversationId}/activities`, { token: conv.token })).status).toBe(503);
    expect((await call(`${server.base}/conversations`, { method: 'POST' })).status).toBe(503);
    expect(server.pipeline.turns).toEqual([]);
    down.all = false;
    expect(
      (
        await call(`${server.base}/conversations/${conv.conversationId}/activities`, {
          token: conv.token,
          body: { type: 'message', text: 'hello', from: { id: 'u1' } },
        })
      ).status,
    ).toBe(200);
  });

  it('stores the reply of a turn already taken once the log is back', async () => {
    const { log, down } = switchableLog();
    server = await startServer({ activityLog: log, replyRetryMs: 10_000 });
    const { body: conv } = await call(`${server.base}/conversations`, { method: 'POST' });
    down.botReplies = true;
    const posted = call(`${server.base}/conversations/${conv.conversationId}/activities`, {
      token: conv.token,
      body: { type: 'message', text: 'are you there?', from: { id: 'u1' } },
    });
    await waitFor('the turn to run', () => (server.pipeline.turns.length === 1 ? true : undefined));
    down.botReplies = false;
    expect((await posted).status).toBe(200);
    const { body: page } = await call(`${server.base}/conversations/${conv.conversationId}/activities`, { token: conv.token });
    expect(page.activities.map((activity: { text?: string }) => activity.text).filter(Boolean)).toEqual(['are you there?', 'echo: are you there?']);
  });

  it('keeps a reply the log refused for longer than replyRetryMs, and stores it once, without an apology, when the log is back', async () => {
    const { log, down } = switchableLog();
    server = await startServer({ activityLog: log, replyRetryMs: 200 });
    const { body: conv } = await call(`${server.base}/conversations`, { method: 'POST' });
    down.botReplies = true;
    const posted = await call(`${server.base}/conversations/${conv.conversationId}/activities`, {
      token: conv.token,
      body: { type: 'message', text: 'are you there?', from: { id: 'u1' } },
    });
    // Answered once the turn gave up waiting for its reply; the log is still away.
    expect(posted.status).toBe(200);
    expect(server.pipeline.turns).toHaveLength(1);
    down.botReplies = false;
    const texts = async () => {
      const { body: page } = await call(`${server.base}/conversations/${conv.conversationId}/activities`, { token: conv.token });
      return page.activities.map((activity: { text?: string }) => activity.text).filter(Boolean) as string[];
    };
    await waitFor('the kept reply in the log', async () => ((await texts()).includes('echo: are you there?') ? true : undefined));
    expect(await texts()).toEqual(['are you there?', 'echo: are you there?']);
  });

  it('never writes a kept reply into a conversation erased while the reply waited for the log', async () => {
    const { log, down, botAppendsTaken } = switchableLog();
    server = await startServer({ activityLog: log, replyRetryMs: 200 });
    const { body: conv } = await call(`${server.base}/conversations`, { method: 'POST' });
    down.botReplies = true;
    const posted = await call(`${server.base}/conversations/${conv.conversationId}/activities`, {
      token: conv.token,
      body: { type: 'message', text: 'my card is 4111 1111 1111 1111', from: { id: 'u1' } },
    });
    expect(posted.status).toBe(200);
    // The customer asks for the conversation to be erased; the reply is still kept for the log.
    await server.channel.erase(conv.conversationId);
    down.botReplies = false;
    await waitFor('the kept reply tried on the log that is back', () => (botAppendsTaken.count > 0 ? true : undefined));
    expect((await log.read(conv.conversationId)).activities).toEqual([]);
    expect(await log.getConversation(conv.conversationId)).toBeUndefined();
  });

  it('fails a proactive send (an agent reply) the log refused for longer than replyRetryMs, and never writes it later', async () => {
    const { log, down } = switchableLog();
    server = await startServer({ activityLog: log, replyRetryMs: 200 });
    const { body: conv } = await call(`${server.base}/conversations`, { method: 'POST' });
    down.botReplies = true;
    // Whoever sent it (the agent API) is told it failed and may send it again: keeping it too would send it twice.
    await expect(
      server.channel.adapter.continueConversation({ conversation: { id: conv.conversationId } as never, serviceUrl: server.base }, async (context) => {
        await context.sendActivity('an agent writes');
      }),
    ).rejects.toSatisfy(isStoreUnavailable);
    down.botReplies = false;
    await server.channel.adapter.continueConversation({ conversation: { id: conv.conversationId } as never, serviceUrl: server.base }, async (context) => {
      await context.sendActivity('the agent again');
    });
    const { body: page } = await call(`${server.base}/conversations/${conv.conversationId}/activities`, { token: conv.token });
    expect(page.activities.map((activity: { text?: string }) => activity.text)).toEqual(['the agent again']);
    expect(await server.channel.adapter.close()).toBe(0);
  });
});
