/**
 * Every field a Direct Line client controls is bounded at the door (adapters/field-limits.ts): an
 * oversized one is a 400 naming the field, nothing is stored and no turn runs; the activities Web
 * Chat and Baton's widget send pass untouched. On the memory and the Redis activity log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FIELD_LIMITS } from '../../adapters/field-limits.js';
import { call, createBackend, startServer, type Backend, type TestServer } from './helpers.js';

const long = (n: number) => '1 '.repeat(Math.ceil(n / 2)).slice(0, n);
const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: deep(levels - 1) });

describe.each(['memory', 'redis'] as const)('Direct Line field limits (%s)', (kind) => {
  let backend: Backend;
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
    await backend?.cleanup();
  });

  const start = async () => {
    backend = createBackend(kind);
    server = await startServer({ activityLog: backend.makeLog(), dedupe: backend.makeDedupe() });
    const { body } = await call(`${server.base}/conversations`, { method: 'POST' });
    return body as { conversationId: string; token: string };
  };

  it('accepts what Web Chat sends', async () => {
    const conv = await start();
    const webChat = {
      type: 'message',
      text: 'where is my order?',
      from: { id: 'r_user', name: 'Li Wei', role: 'user' },
      locale: 'zh-CN',
      textFormat: 'plain',
      timestamp: new Date().toISOString(),
      channelData: { clientActivityID: '1701234567890abc', clientTimestamp: new Date().toISOString() },
      entities: [{ type: 'ClientCapabilities', requiresBotState: true, supportsListening: false, supportsTts: false }],
      attachments: [{ contentType: 'image/png', contentUrl: 'https://shop.example/a.png', name: 'photo.png' }],
    };
    const posted = await call(`${server.base}/conversations/${conv.conversationId}/activities`, { token: conv.token, body: webChat });
    expect(posted.status).toBe(200);
  });

  const oversized: Array<[string, Record<string, unknown>]> = [
    ['from.name', { from: { id: 'u1', name: long(FIELD_LIMITS.name + 1) } }],
    ['from.id', { from: { id: long(FIELD_LIMITS.id + 1) } }],
    ['from.role', { from: { id: 'u1', role: long(FIELD_LIMITS.shortString + 1) } }],
    ['recipient.name', { recipient: { id: 'bot', name: long(FIELD_LIMITS.name + 1) } }],
    ['conversation.name', { conversation: { id: 'c', name: long(FIELD_LIMITS.name + 1) } }],
    ['locale', { locale: long(FIELD_LIMITS.locale + 1) }],
    ['replyToId', { replyToId: long(FIELD_LIMITS.id + 1) }],
    ['speak', { speak: long(FIELD_LIMITS.shortString + 1) }],
    ['channelData', { channelData: { note: long(FIELD_LIMITS.structuredJson) } }],
    ['channelData', { channelData: deep(FIELD_LIMITS.structuredDepth + 1) }],
    ['value', { value: { note: long(FIELD_LIMITS.structuredJson) } }],
    ['attachments', { attachments: Array.from({ length: FIELD_LIMITS.attachments + 1 }, () => ({ contentType: 'text/plain' })) }],
    ['attachments[0].name', { attachments: [{ contentType: 'text/plain', name: long(FIELD_LIMITS.name + 1) }] }],
    ['attachments[0].contentUrl', { attachments: [{ contentType: 'text/plain', contentUrl: long(FIELD_LIMITS.shortString + 1) }] }],
    ['attachments[0].content', { attachments: [{ contentType: 'application/json', content: { t: long(FIELD_LIMITS.structuredJson) } }] }],
    ['entities', { entities: Array.from({ length: FIELD_LIMITS.entities + 1 }, () => ({ type: 'mention' })) }],
    ['entities', { entities: [{ type: 'mention', text: long(FIELD_LIMITS.structuredJson) }] }],
    ['suggestedActions', { suggestedActions: { actions: [{ title: long(FIELD_LIMITS.structuredJson) }] } }],
  ];

  it.each(oversized)('refuses an oversized %s with a 400 that names it, storing nothing', async (field, extra) => {
    const conv = await start();
    const url = `${server.base}/conversations/${conv.conversationId}/activities`;
    const refused = await call(url, { token: conv.token, body: { type: 'message', text: 'hi', from: { id: 'u1' }, ...extra } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('BadArgument');
    expect(refused.body.error.message).toContain(`"${field}"`);
    expect(refused.body.error.message).toMatch(/the limit is \d+/);
    expect(server.pipeline.turns).toEqual([]);
    const read = await call(url, { token: conv.token });
    expect(read.body.activities).toEqual([]);
  });

  it('refuses an oversized user id or locale when a conversation starts', async () => {
    backend = createBackend(kind);
    server = await startServer({ activityLog: backend.makeLog(), dedupe: backend.makeDedupe() });
    for (const body of [
      { user: { id: long(FIELD_LIMITS.id + 1) } },
      { locale: long(FIELD_LIMITS.locale + 1) },
      { user: { id: 'u', name: long(FIELD_LIMITS.name + 1) } },
    ]) {
      for (const path of ['/conversations', '/tokens/generate']) {
        const refused = await call(`${server.base}${path}`, { body });
        expect(refused).toMatchObject({ status: 400, body: { error: { code: 'BadArgument' } } });
      }
    }
  });
});
