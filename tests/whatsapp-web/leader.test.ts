/**
 * Two instances of the whatsapp-web.js channel on one real Redis, as two Baton processes behind a load
 * balancer: exactly one holds the browser; the other hands its outgoing messages to the leader through
 * the Redis Stream; when the leader stops, the other takes over and sends what waited meanwhile.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisLeaderLock, createWhatsAppWebChannel, type WhatsAppWebChannel } from '../../adapters/whatsapp/index.js';
import { createRedisDedupeStore } from '../../infra/dedupe-store.js';
import { createFakePhone, eventually, webMessage, type FakePhone } from '../support/fake-whatsapp-web.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { scriptedBot } from '../whatsapp/harness.js';
import { createMediaKit, type MediaKit } from '../../adapters/media-intake.js';
import { toActivityAttachment } from '../../dialogs/media.js';
import { createMemoryMediaStore } from '../../infra/media/memory-media-store.js';
import { createMediaSigner } from '../../infra/media/signed-urls.js';

const reference = (chatId: string) => ({
  channelId: 'whatsapp-web',
  conversation: { id: chatId, isGroup: false, conversationType: 'personal', name: '' },
  user: { id: chatId, name: '' },
});

describe('whatsapp-web.js leader election on Redis', () => {
  let testRedis: TestRedis;
  let phone: FakePhone;
  const instances: WhatsAppWebChannel[] = [];

  /** Starts one more instance sharing the Redis, the account and the phone. */
  async function startInstance({ hangingStart = false, media }: { hangingStart?: boolean; media?: MediaKit } = {}): Promise<WhatsAppWebChannel> {
    const redis = testRedis.duplicate();
    const channel = createWhatsAppWebChannel({
      pipeline: scriptedBot([]),
      createClient: phone.factory({ hangingStart }),
      redis,
      keyPrefix: testRedis.keyPrefix,
      dedupe: createRedisDedupeStore({ redis, keyPrefix: testRedis.keyPrefix }),
      clientId: 'shop',
      qrInTerminal: false,
      // Short lock and retry so a takeover happens within the test; the behaviour is the same at 15 s.
      lockTtlMs: 1500,
      electionRetryMs: 100,
      ...(media ? { media } : {}),
    });
    instances.push(channel);
    await channel.start({} as never);
    return channel;
  }

  const say = (channel: WhatsAppWebChannel, chatId: string, text: string) =>
    channel.adapter.continueConversation(reference(chatId), async (context) => {
      await context.sendActivity(text);
    });

  beforeEach(() => {
    testRedis = connectTestRedis('whatsapp-web-leader');
    phone = createFakePhone();
  });

  afterEach(async () => {
    for (const channel of instances.splice(0)) await channel.stop();
    await testRedis.cleanup();
  });

  it('elects exactly one leader, whose browser delivers what the other instance sends', async () => {
    const first = await startInstance();
    await eventually('a leader', () => first.leading);
    const second = await startInstance();
    // The follower keeps campaigning; give it several rounds to (wrongly) win.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([first.leading, second.leading]).toEqual([true, false]);
    expect(phone.clients).toHaveLength(1);
    await eventually('the leader ready', async () => (await second.status.read())?.state === 'ready');

    await say(second, '8613800000001@c.us', 'from the follower');
    await say(first, '8613800000001@c.us', 'from the leader');
    await eventually('both messages', () => phone.sent.length === 2);
    expect(phone.sent).toEqual([
      { chatId: '8613800000001@c.us', text: 'from the follower', client: 1 },
      { chatId: '8613800000001@c.us', text: 'from the leader', client: 1 },
    ]);
  });

  it('hands over when the leader stops: the other instance starts its browser and sends the backlog in order', async () => {
    const first = await startInstance();
    await eventually('a leader', () => first.leading);
    const second = await startInstance();
    await eventually('the first browser ready', async () => (await second.status.read())?.state === 'ready');
    await first.stop();
    expect(phone.clients[0].destroyed).toBe(true);

    // Sent while nobody leads: kept in the stream.
    await say(second, '8613800000002@c.us', 'backlog 1');
    await say(second, '8613800000002@c.us', 'backlog 2');
    await eventually('the takeover', () => second.leading);
    await eventually('the backlog', () => phone.sentTo('8613800000002@c.us').length === 2);
    expect(phone.sent.map(({ text, client }) => ({ text, client }))).toEqual([
      { text: 'backlog 1', client: 2 },
      { text: 'backlog 2', client: 2 },
    ]);
    expect(await second.outbox.backlog()).toBe(0);

    // The new leader's browser also takes the customers' messages.
    phone.clients[1].receive(webMessage('8613800000002@c.us', 'still there?', { notifyName: 'Li' }));
    await eventually('the answer', () => phone.sentTo('8613800000002@c.us').length === 3);
  });

  it('keeps the lock while its browser is still loading WhatsApp Web (no second browser meanwhile)', async () => {
    const first = await startInstance({ hangingStart: true });
    await eventually('the browser starting', () => phone.clients[0]?.initialized);
    const second = await startInstance();
    // Several lock lifetimes (1.5 s each) pass while the first start hangs: renewals must go on.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect([first.leading, second.leading]).toEqual([true, false]);
    expect(phone.clients).toHaveLength(1);
  });

  it('steps down when another owner holds the lock (e.g. after a pause longer than the lock)', async () => {
    const first = await startInstance();
    await eventually('a leader', () => first.leading);
    await eventually('the browser', () => phone.clients[0]?.initialized);
    // Another owner takes the key, as if ours had expired and another instance won it.
    await testRedis.redis.set(`${testRedis.keyPrefix}whatsapp-web:{shop}:leader`, 'someone-else', 'PX', 60_000);
    await eventually('the step-down', () => !first.leading);
    expect(phone.clients[0].destroyed).toBe(true);
  });

  it("sends an agent's file from either instance: the Redis outbox names it, the leader reads it from the shared store", async () => {
    // One store both instances reach, as a shared disk or S3 bucket is.
    const media = createMediaKit({ store: createMemoryMediaStore(), signer: createMediaSigner({ secret: 'leader-test-media-secret-0123' }) });
    const chatId = '8613800000009@c.us';
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const stored = await media.accept({ channel: 'whatsapp-web', conversationId: chatId, bytes: pdf, name: 'label.pdf' });
    if (!stored.ok) throw new Error(`not stored: ${stored.refusal.code}`);
    const first = await startInstance({ media });
    await eventually('a leader', () => first.leading);
    const second = await startInstance({ media });
    await eventually('the leader ready', async () => (await second.status.read())?.state === 'ready');
    await second.adapter.continueConversation(reference(chatId), async (context) => {
      await context.sendActivity({ type: 'message', text: 'Your return label', attachments: [toActivityAttachment(stored.media)] });
    });
    const sent = await eventually('the file', () => phone.sent.find((record) => record.media));
    expect(sent).toMatchObject({ chatId, text: 'Your return label', client: 1, media: { mimetype: 'application/pdf', filename: 'label.pdf' } });
    expect(sent.media!.bytes.equals(pdf)).toBe(true);
    // Delivered once and acknowledged: nothing is left in the outbox.
    expect(await second.outbox.backlog()).toBe(0);
  });

  it('lets only one of two owners take a free lock', async () => {
    const a = createRedisLeaderLock({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix, clientId: 'race' });
    const b = createRedisLeaderLock({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix, clientId: 'race' });
    const results = await Promise.all([a.acquire(), b.acquire()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const [winner, loser] = results[0] ? [a, b] : [b, a];
    expect(await loser.renew()).toBe(false);
    expect(await winner.renew()).toBe(true);
    await loser.release();
    expect(await winner.renew()).toBe(true);
    await winner.release();
    expect(await loser.acquire()).toBe(true);
  });
});
