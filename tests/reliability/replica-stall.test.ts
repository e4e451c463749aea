/**
 * Direct Line on a master whose only replica stops confirming (SIGSTOP) while REDIS_WAIT_REPLICAS=1:
 * the master still takes every write at once, only the WAIT after it times out, for longer than the
 * adapter's `replyRetryMs`. That is the middle of a Sentinel failover seen from one connection (the
 * new master has no replica in sync until the old server has resynced), made to last on purpose:
 * - a reply of a turn whose message was acknowledged is written once the replica is back, exactly
 *   once: not given up after `replyRetryMs` (which then sent an apology, given up as well), not
 *   appended again by each attempt whose write had reached the master;
 * - a customer's post refused with 503 (its write reached the master, no replica confirmed it) and
 *   posted again with the same clientActivityID is in the log once.
 * A server and a replica of the test's own (tests/support/redis-server.ts); needs redis-cli.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DirectLineAdapter } from '../../adapters/web/directline-adapter.js';
import { createRedisActivityLog } from '../../adapters/web/redis-activity-log.js';
import type { ActivityLog } from '../../adapters/web/activity-log.js';
import type { Activity, TurnContext } from '../../dialogs/turn-kit.js';
import { setDeliveryKey } from '../../dialogs/turn-state.js';
import { createMemoryDedupeStore } from '../../infra/dedupe-store.js';
import { isStoreUnavailable } from '../../infra/errors.js';
import { connectRedis, type RedisClient } from '../../infra/redis.js';
import { replicated, replicaSync } from '../../infra/redis-durability.js';
import { hasRedisCli, startRedisServer, waitUntil, type RedisServer } from '../support/redis-server.js';
import { cli } from '../support/redis-sentinel.js';

const from = (conversationId: string) => ({ conversationId, serviceUrl: 'http://127.0.0.1/directline', userId: 'u1' });

describe.skipIf(!hasRedisCli())('Direct Line while no replica confirms its writes (needs redis-cli)', () => {
  let master: RedisServer;
  let replica: RedisServer;
  let replicaPid: number;
  let redis: RedisClient;
  let log: ActivityLog;
  let stalled = false;

  /** Stops the replica's process: it takes no replication stream, so WAIT times out on the master. */
  const stall = () => {
    process.kill(replicaPid, 'SIGSTOP');
    stalled = true;
  };
  const resume = async () => {
    if (stalled) process.kill(replicaPid, 'SIGCONT');
    stalled = false;
    await waitUntil('the replica in sync again', () => cli(replica.port, 'info', 'replication').includes('master_link_status:up'), 15_000);
  };
  const texts = async (conversationId: string) => (await log.read(conversationId, '', 1000)).activities.map((activity) => activity.text);

  beforeAll(async () => {
    master = await startRedisServer();
    replica = await startRedisServer({ extraArgs: ['--replicaof', '127.0.0.1', String(master.port)] });
    await waitUntil('the replica in sync', () => cli(replica.port, 'info', 'replication').includes('master_link_status:up'), 15_000);
    replicaPid = Number(/process_id:(\d+)/.exec(cli(replica.port, 'info', 'server'))?.[1]);
    redis = await connectRedis(master.url);
    log = replicated(
      createRedisActivityLog({ redis, keyPrefix: 'stall:' }),
      ['createConversation', 'append'],
      replicaSync(redis, { replicas: 1, timeoutMs: 200 }),
    );
  }, 60_000);

  afterEach(async () => {
    await resume();
  });

  afterAll(async () => {
    redis?.disconnect();
    await Promise.all([replica?.destroy(), master?.destroy()]);
  });

  it('answers an acknowledged message once the replica is back, exactly once and without an apology', async () => {
    expect(replicaPid).toBeGreaterThan(0);
    const adapter = new DirectLineAdapter({ activityLog: log, dedupe: createMemoryDedupeStore(), replyRetryMs: 500, turnTimeoutMs: 60_000 });
    const logic = async (context: TurnContext) => {
      // The message is stored and confirmed by the replica; the replica stops before the bot answers.
      stall();
      await context.sendActivity(`echo: ${context.activity.text}`);
    };
    await log.createConversation('c-reply', { createdAt: Date.now(), userId: 'u1' });
    // Resolves once the turn is over: the reply could not be confirmed within replyRetryMs.
    const { id } = await adapter.processActivity({ type: 'message', text: 'where is my parcel?', from: { id: 'u1', name: 'Ulla' } }, from('c-reply'), logic);
    await resume();
    await waitUntil('the reply in the log', async () => (await log.read('c-reply', '', 1000)).activities.some((activity) => activity.replyToId === id), 15_000);
    await adapter.drain();
    expect(await texts('c-reply')).toEqual(['where is my parcel?', 'echo: where is my parcel?']);
    expect(await adapter.close(), 'replies the adapter still held when it stopped').toBe(0);
  });

  it('logs a re-posted activity once when its first post was refused after reaching the master', async () => {
    const adapter = new DirectLineAdapter({ activityLog: log, dedupe: createMemoryDedupeStore(), turnTimeoutMs: 60_000 });
    const turns: string[] = [];
    const logic = async (context: TurnContext) => {
      turns.push(context.activity.id!);
    };
    await log.createConversation('c-repost', { createdAt: Date.now(), userId: 'u1' });
    const post: Partial<Activity> = {
      type: 'message',
      text: 'a refund, please',
      from: { id: 'u1', name: 'Ulla' },
      channelData: { clientActivityID: 'client-1' },
    };
    stall();
    const refused = await adapter.processActivity(post, from('c-repost'), logic).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStoreUnavailable(refused), 'the first post, which no replica confirmed').toBe(true);
    await resume();
    const { id } = await adapter.processActivity(post, from('c-repost'), logic);
    expect(turns).toEqual([id]);
    expect(await texts('c-repost')).toEqual(['a refund, please']);
    await adapter.drain();
  });

  it("writes an agent's keyed reply once when its first attempt was reported failed after reaching the master", async () => {
    const adapter = new DirectLineAdapter({ activityLog: log, dedupe: createMemoryDedupeStore(), replyRetryMs: 300 });
    await log.createConversation('c-agent', { createdAt: Date.now(), userId: 'u1' });
    const reference = { channelId: 'directline', serviceUrl: 'http://127.0.0.1/directline', conversation: { id: 'c-agent' } as Activity['conversation'] };
    // What the handoff service does for a reply with an idempotency key (handoff/service/reply-keys.ts).
    const agentReply = () =>
      adapter.continueConversation(reference, async (context) => {
        setDeliveryKey(context, 'scope-of-ada-t1-key');
        await context.sendActivity('Your refund went out today.');
      });
    stall();
    const failed = await agentReply().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isStoreUnavailable(failed), 'the first attempt, which no replica confirmed in time').toBe(true);
    await resume();
    await agentReply();
    expect(await texts('c-agent')).toEqual(['Your refund went out today.']);
    expect(await adapter.close()).toBe(0);
  });
});
