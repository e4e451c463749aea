/**
 * An agent's reply sent again is not delivered twice, through the front doors: the console's agent API
 * over HTTP (Idempotency-Key), the handoff service, and a web customer's Direct Line log, on memory and
 * on the real Redis. The log fails as a Redis whose WAIT for replicas times out does: the write is
 * applied and reported failed, for longer than the adapter waits, so the agent gets 502 and sends again.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryActivityLog, createRedisActivityLog, DirectLineAdapter, type ActivityLog } from '../../adapters/web/index.js';
import { createConsoleDesk } from '../../desks/console/index.js';
import { createMemoryEventBus } from '../../handoff/bus/event-bus.js';
import { decideEscalation } from '../../handoff/policy/index.js';
import { createMemoryFactsStore, createRedisFactsStore, HandoffService } from '../../handoff/service/index.js';
import { createMemoryHandoffStore, createRedisHandoffStore } from '../../handoff/store/index.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { createMemoryDedupeStore, createRedisDedupeStore, type DedupeStore } from '../../infra/dedupe-store.js';
import { replyKeyScope, sendFingerprint } from '../../handoff/service/reply-keys.js';
import type { AgentDesk } from '../../handoff/desk-api.js';
import { StoreUnavailableError } from '../../infra/errors.js';
import { createMediaKit } from '../../adapters/media-intake.js';
import { createMemoryMediaStore } from '../../infra/media/memory-media-store.js';
import { createMediaSigner } from '../../infra/media/signed-urls.js';
import type { MediaStore } from '../../infra/media/media-store.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';

const TOKENS: Readonly<Record<string, string>> = { 'token-ada': 'ada', 'token-ben': 'ben' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** Another picture of the same type, name (the test's `label.png`) and size: one byte of its pixel data differs. */
const OTHER_PNG = Buffer.from(PNG);
OTHER_PNG[OTHER_PNG.length - 20] = OTHER_PNG[OTHER_PNG.length - 20]! ^ 0xff;

/** A log whose bot appends are written and then reported failed while `stalled` (a WAIT that timed out). */
function stallingLog(inner: ActivityLog): { log: ActivityLog; stall: { on: boolean } } {
  const stall = { on: false };
  const log: ActivityLog = {
    createConversation: (...args) => inner.createConversation(...args),
    getConversation: (...args) => inner.getConversation(...args),
    read: (...args) => inner.read(...args),
    subscribe: (...args) => inner.subscribe(...args),
    delete: (...args) => inner.delete(...args),
    wasErased: (...args) => inner.wasErased(...args),
    close: () => inner.close(),
    async append(conversationId, activity, options) {
      const position = await inner.append(conversationId, activity, options);
      if (stall.on && activity.from?.role !== 'user') throw new StoreUnavailableError('NOREPLICAS: WAIT timed out (test)');
      return position;
    },
  };
  return { log, stall };
}

interface Desk {
  readonly service: HandoffService;
  readonly stall: { on: boolean };
  /** Where the agents' files are kept. */
  readonly files: MediaStore;
  /** Where the reply keys live (the service's `replyKeys`). */
  readonly keys: DedupeStore;
  /** The customer's messages in their Direct Line log, in order. */
  texts(conversationId: string): Promise<string[]>;
  /** The text of the customer's Direct Line activity `id` (a reply's `messageId`). */
  textOf(conversationId: string, id: string): Promise<string | undefined>;
  /** The media ids of the files in the customer's Direct Line log, in order. */
  mediaIds(conversationId: string): Promise<string[]>;
  /** Opens a web conversation and queues it. */
  customer(conversationId: string): Promise<string>;
  /** POSTs to the agent API as `token` with `key` as Idempotency-Key (none when undefined). */
  post(token: string, path: string, body: unknown, key?: string): Promise<{ status: number; body: any }>; // any: tests read arbitrary JSON fields
  /** POSTs a file to a ticket's media route as `token`, with `key` as Idempotency-Key. */
  postFile(token: string, ticketId: string, bytes: Buffer, key: string): Promise<{ status: number; body: any }>; // any: as `post`
  close(): Promise<void>;
}

/** The service as an `AgentDesk` written before `ActionResult.mediaId`: its answers name no file. */
function withoutMediaIds(service: HandoffService): AgentDesk {
  return new Proxy(service, {
    get(target, property) {
      if (property === 'sendMedia')
        return async (...args: Parameters<AgentDesk['sendMedia']>) => {
          const { mediaId: _named, ...answer } = await target.sendMedia(...args);
          return answer;
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function startDesk(kind: 'memory' | 'redis', { namesNoFile = false }: { namesNoFile?: boolean } = {}): Promise<Desk> {
  const testRedis: TestRedis | undefined = kind === 'redis' ? connectTestRedis('reply-keys-api') : undefined;
  const redis = testRedis?.redis;
  const keyPrefix = testRedis?.keyPrefix ?? '';
  const inner = redis ? createRedisActivityLog({ redis, keyPrefix }) : createMemoryActivityLog();
  const { log, stall } = stallingLog(inner);
  const adapter = new DirectLineAdapter({ activityLog: log, dedupe: createMemoryDedupeStore(), replyRetryMs: 300 });
  const store = redis ? createRedisHandoffStore({ redis, keyPrefix }) : createMemoryHandoffStore();
  const facts = redis ? createRedisFactsStore({ redis, keyPrefix }) : createMemoryFactsStore();
  const bus = createMemoryEventBus();
  const keys = redis ? createRedisDedupeStore({ redis, keyPrefix }) : createMemoryDedupeStore();
  const service = new HandoffService({
    store,
    facts,
    transcript: createMemoryTranscriptStore(),
    bus,
    replyKeys: keys,
  });
  service.registerChannel('directline', adapter);
  for (const id of ['ada', 'ben']) await store.upsertAgent({ id, name: id, languages: ['en'], skills: ['general'], capacity: 5, presence: 'available' });
  await service.start({ tickerMs: 0 });
  const files = createMemoryMediaStore();
  const media = createMediaKit({ store: files, signer: createMediaSigner({ secret: 'reply-keys-api-test-secret' }) });
  const consoleDesk = createConsoleDesk({ desk: namesNoFile ? withoutMediaIds(service) : service, authenticate: async (token) => TOKENS[token], media });
  const app = express();
  app.use(consoleDesk.router);
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/agent`;

  return {
    service,
    stall,
    files,
    keys,
    async texts(conversationId) {
      return (await inner.read(conversationId, '', 100)).activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');
    },
    async textOf(conversationId, id) {
      return (await inner.read(conversationId, '', 100)).activities.find((a) => a.id === id)?.text;
    },
    async mediaIds(conversationId) {
      const { activities } = await inner.read(conversationId, '', 100);
      return activities.flatMap((a) => a.attachments ?? []).map((attachment) => (attachment.content as { mediaId: string }).mediaId);
    },
    async customer(conversationId) {
      await log.createConversation(conversationId, { createdAt: Date.now(), userId: `u-${conversationId}` });
      const recognition = { text: 'a person please', locale: 'en', intent: 'contact_human_agent', score: 0.95, outOfScope: false, alternatives: [] };
      const decision = decideEscalation({ recognition: { ...recognition, emotion: { score: 0, negative: false } }, history: [], customer: { vip: false } });
      if (!decision.escalate) throw new Error('the policy did not escalate');
      const reference = {
        channelId: 'directline',
        serviceUrl: 'http://127.0.0.1/directline',
        conversation: { id: conversationId },
        user: { id: `u-${conversationId}`, name: 'Ana' },
        bot: { id: 'baton-bot', name: 'Baton' },
      };
      const { ticket } = await service.escalate({
        facts: { conversationId, locale: 'en', emotionTrend: [0], updatedAt: Date.now(), reference },
        customer: { id: `u-${conversationId}`, name: 'Ana' },
        decision,
      });
      return ticket.id;
    },
    async post(token, path, body, key) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      if (key !== undefined) headers['idempotency-key'] = key;
      const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    },
    async postFile(token, ticketId, bytes, key) {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-file-name': 'label.png', 'idempotency-key': key };
      const res = await fetch(`${base}/tickets/${ticketId}/media`, { method: 'POST', headers, body: new Uint8Array(bytes) });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await consoleDesk.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await service.stop();
      await adapter.close();
      await testRedis?.cleanup();
    },
  };
}

describe.each(['memory', 'redis'] as const)('agent replies with an Idempotency-Key (%s)', (kind) => {
  let desk: Desk;
  afterEach(async () => desk?.close());

  it('delivers a reply retried after an ambiguous failure once, and answers the retry with its message id', async () => {
    desk = await startDesk(kind);
    const ticketId = await desk.customer('c-stall');
    expect((await desk.post('token-ada', `/tickets/${ticketId}/claim`, {})).status).toBe(200);
    desk.stall.on = true;
    const failed = await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Your refund is on its way.' }, 'draft-0001');
    expect(failed).toMatchObject({ status: 502, body: { error: { code: 'delivery_failed' } } });
    desk.stall.on = false;
    const retried = await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Your refund is on its way.' }, 'draft-0001');
    expect(retried.status).toBe(200);
    const texts = await desk.texts('c-stall');
    expect(texts.filter((text) => text === 'Your refund is on its way.')).toHaveLength(1);
    // The id is the position the first attempt wrote, found by the retry's keyed append.
    expect(retried.body.messageId).toMatch(/^c-stall\|\d{7}$/);
    const again = await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Your refund is on its way.' }, 'draft-0001');
    expect(again).toMatchObject({ status: 200, body: { messageId: retried.body.messageId, repeated: true, ticket: { id: ticketId } } });
    expect((await desk.texts('c-stall')).filter((text) => text === 'Your refund is on its way.')).toHaveLength(1);
  });

  it('leaves a web customer a file that works when its keyed send was applied and reported failed, and sends it once', async () => {
    desk = await startDesk(kind);
    const ticketId = await desk.customer('c-file');
    expect((await desk.post('token-ada', `/tickets/${ticketId}/claim`, {})).status).toBe(200);
    desk.stall.on = true;
    expect(await desk.postFile('token-ada', ticketId, PNG, 'file-0001')).toMatchObject({ status: 502, body: { error: { code: 'delivery_failed' } } });
    desk.stall.on = false;
    const retried = await desk.postFile('token-ada', ticketId, PNG, 'file-0001');
    expect(retried.status).toBe(200);
    // The customer's log has the first attempt's activity (the keyed append found it): its file must still be there.
    const sent = await desk.mediaIds('c-file');
    expect(sent).toHaveLength(1);
    expect(await desk.files.get(sent[0]!), 'the file the customer was sent').toBeDefined();
  });

  it('keeps one stored file for a keyed file applied and reported failed, however often it is retried: each retry sends that file', async () => {
    desk = await startDesk(kind);
    const ticketId = await desk.customer('c-file-once');
    expect((await desk.post('token-ada', `/tickets/${ticketId}/claim`, {})).status).toBe(200);
    desk.stall.on = true;
    expect(await desk.postFile('token-ada', ticketId, PNG, 'file-0002')).toMatchObject({ status: 502, body: { error: { code: 'delivery_failed' } } });
    expect(await desk.postFile('token-ada', ticketId, PNG, 'file-0002')).toMatchObject({ status: 502, body: { error: { code: 'delivery_failed' } } });
    desk.stall.on = false;
    expect((await desk.postFile('token-ada', ticketId, PNG, 'file-0002')).status).toBe(200);
    expect(await desk.postFile('token-ada', ticketId, PNG, 'file-0002')).toMatchObject({ status: 200, body: { repeated: true } });
    const sent = await desk.mediaIds('c-file-once');
    expect(sent).toHaveLength(1);
    expect(await desk.files.get(sent[0]!), 'the file the customer was sent').toBeDefined();
    // No upload of the four attempts stayed behind but that one.
    expect(await desk.files.deleteConversation('c-file-once')).toBe(1);
  });

  it('refuses the key of a sent reply for other words (422 key_reused), sending nothing', async () => {
    desk = await startDesk(kind);
    const ticketId = await desk.customer('c-reused');
    await desk.post('token-ada', `/tickets/${ticketId}/claim`, {});
    expect((await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Refund approved.' }, 'draft-7')).status).toBe(200);
    const reused = await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Refund refused.' }, 'draft-7');
    expect(reused).toMatchObject({ status: 422, body: { error: { code: 'key_reused' } } });
    expect(await desk.texts('c-reused')).not.toContain('Refund refused.');
    expect((await desk.texts('c-reused')).filter((text) => text === 'Refund approved.')).toHaveLength(1);
  });

  it('refuses the key of a sent file for another file of the same type, name and size (422 key_reused), sending nothing', async () => {
    desk = await startDesk(kind);
    const ticketId = await desk.customer('c-file-reused');
    await desk.post('token-ada', `/tickets/${ticketId}/claim`, {});
    expect(OTHER_PNG.length).toBe(PNG.length);
    expect((await desk.postFile('token-ada', ticketId, PNG, 'file-7')).status).toBe(200);
    const sent = await desk.mediaIds('c-file-reused');
    const reused = await desk.postFile('token-ada', ticketId, OTHER_PNG, 'file-7');
    expect(reused).toMatchObject({ status: 422, body: { error: { code: 'key_reused' } } });
    expect(await desk.mediaIds('c-file-reused')).toEqual(sent);
    // The same file again under its key is still the repeat it is.
    expect(await desk.postFile('token-ada', ticketId, PNG, 'file-7')).toMatchObject({ status: 200, body: { repeated: true } });
  });

  it('answers the retry of a file the previous release sent (its record has no content digest) as a repeat, not 422 key_reused', async () => {
    desk = await startDesk(kind);
    const ticketId = await desk.customer('c-file-upgrade');
    await desk.post('token-ada', `/tickets/${ticketId}/claim`, {});
    // What the previous release recorded for it: the untagged scope, a fingerprint of type, size, name and caption.
    const legacyScope = replyKeyScope('c-file-upgrade', 'ada', ticketId, 'file-8').replace(/^\{([^}]*)\}/, '$1');
    const fingerprint = sendFingerprint(['file', 'image', 'image/png', PNG.length, 'label.png', '']);
    await desk.keys.resolve(legacyScope, JSON.stringify({ fingerprint, messageId: 'm-before-upgrade' }), 60);
    expect(await desk.postFile('token-ada', ticketId, PNG, 'file-8')).toMatchObject({ status: 200, body: { repeated: true, messageId: 'm-before-upgrade' } });
    expect(await desk.mediaIds('c-file-upgrade')).toEqual([]);
    // Nothing of the retry's upload is kept.
    expect(await desk.files.deleteConversation('c-file-upgrade')).toBe(0);
  });

  it('keeps the file an AgentDesk that names no file in its answer sent (or may have sent), and drops the upload of a repeat', async () => {
    desk = await startDesk(kind, { namesNoFile: true });
    const ticketId = await desk.customer('c-older-desk');
    await desk.post('token-ada', `/tickets/${ticketId}/claim`, {});
    expect((await desk.postFile('token-ada', ticketId, PNG, 'file-9')).status).toBe(200);
    const [sent] = await desk.mediaIds('c-older-desk');
    expect(await desk.files.get(sent!), 'the file the customer was sent').toBeDefined();
    expect(await desk.postFile('token-ada', ticketId, PNG, 'file-9')).toMatchObject({ status: 200, body: { repeated: true } });
    desk.stall.on = true;
    expect(await desk.postFile('token-ada', ticketId, OTHER_PNG, 'file-10')).toMatchObject({ status: 502, body: { error: { code: 'delivery_failed' } } });
    const maybe = (await desk.mediaIds('c-older-desk'))[1];
    expect(await desk.files.get(maybe!), 'the file the customer may have').toBeDefined();
    expect(await desk.files.deleteConversation('c-older-desk')).toBe(2);
  });

  it('sends the new words of a retry after a 502 under the same key: the customer gets what the agent is shown as sending', async () => {
    desk = await startDesk(kind);
    const ticketId = await desk.customer('c-edited');
    await desk.post('token-ada', `/tickets/${ticketId}/claim`, {});
    desk.stall.on = true;
    expect((await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Your refund left on Monday.' }, 'draft-8')).status).toBe(502);
    desk.stall.on = false;
    const edited = await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Your refund left on Tuesday.' }, 'draft-8');
    expect(edited.status).toBe(200);
    expect((await desk.texts('c-edited')).at(-1)).toBe('Your refund left on Tuesday.');
    // The message the agent is answered with (and the desk's transcript line) is the one with the new words.
    expect(await desk.textOf('c-edited', edited.body.messageId)).toBe('Your refund left on Tuesday.');
  });

  it('without a key, the same retry reaches the customer twice (what the key prevents)', async () => {
    desk = await startDesk(kind);
    const ticketId = await desk.customer('c-bare');
    await desk.post('token-ada', `/tickets/${ticketId}/claim`, {});
    desk.stall.on = true;
    expect((await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Sorted!' })).status).toBe(502);
    desk.stall.on = false;
    expect((await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Sorted!' })).status).toBe(200);
    expect((await desk.texts('c-bare')).filter((text) => text === 'Sorted!')).toHaveLength(2);
  });

  it('does not let a key reused by another agent or on another ticket suppress that reply', async () => {
    desk = await startDesk(kind);
    const first = await desk.customer('c-one');
    const second = await desk.customer('c-two');
    await desk.post('token-ada', `/tickets/${first}/claim`, {});
    await desk.post('token-ada', `/tickets/${second}/claim`, {});
    expect((await desk.post('token-ada', `/tickets/${first}/reply`, { text: 'One' }, 'same-key')).body.repeated).toBeUndefined();
    // Another ticket, same agent, same key: sent.
    const other = await desk.post('token-ada', `/tickets/${second}/reply`, { text: 'Two' }, 'same-key');
    expect(other.status).toBe(200);
    expect(other.body.repeated).toBeUndefined();
    // Another agent on the same ticket, same key: sent.
    expect((await desk.post('token-ada', `/tickets/${first}/transfer`, { toAgentId: 'ben' }, undefined)).status).toBe(200);
    const ben = await desk.post('token-ben', `/tickets/${first}/reply`, { text: 'Ben here' }, 'same-key');
    expect(ben.status).toBe(200);
    expect(ben.body.repeated).toBeUndefined();
    expect(await desk.texts('c-one')).toEqual(expect.arrayContaining(['One', 'Ben here']));
    expect(await desk.texts('c-two')).toEqual(expect.arrayContaining(['Two']));
  });

  it('refuses a malformed Idempotency-Key with 400 and a fix, sending nothing', async () => {
    desk = await startDesk(kind);
    const ticketId = await desk.customer('c-bad-key');
    await desk.post('token-ada', `/tickets/${ticketId}/claim`, {});
    const before = await desk.texts('c-bad-key');
    for (const key of ['', 'x'.repeat(65), 'has space', 'é-accent', 'a,b']) {
      const answer = await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Hello' }, key);
      expect(answer.status, JSON.stringify(key)).toBe(400);
      expect(answer.body.error.message).toMatch(/Idempotency-Key/);
    }
    expect(await desk.texts('c-bad-key')).toEqual(before);
    expect((await desk.post('token-ada', `/tickets/${ticketId}/reply`, { text: 'Hello' }, '"quoted-key_1.0:x"')).status).toBe(200);
  });
});
