/**
 * The store contracts on a real three-node Redis Cluster started on loopback by the test: the handoff
 * store (its Lua scripts touch many keys, which Cluster allows only inside one hash slot), conversation
 * state, dedupe, the durable inbox of webhook deliveries (its scripts claim and record in one slot), transcripts, the Slack card store, WhatsApp's stores, the scorecard's ticket moods and practice mode's store. ioredis' `Cluster` client
 * routes each command by its key's slot, so a multi-key command or script whose keys do not share a
 * `{hash tag}` fails here with CROSSSLOT, as it would in production.
 */
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisActivityLog, type ActivitySet } from '../../adapters/web/index.js';
import { createRedisOptionStore, createRedisServiceWindowStore } from '../../adapters/whatsapp/index.js';
import { createRedisDedupeStore, scopedDedupe } from '../../infra/dedupe-store.js';
import { describeReplyKeysContract } from '../contracts/reply-keys.contract.js';
import { createRedisDeliveryJournal } from '../../adapters/kit/redis-delivery-journal.js';
import { describeDeliveryJournalContract } from '../contracts/delivery-journal.contract.js';
import { createRedisStorage } from '../../dialogs/state/redis-storage.js';
import { createRedisTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { createRedisHeldDraftStore, createRedisSlackCardStore } from '../../desks/slack/index.js';
import { createRedisHandoffStore } from '../../handoff/store/index.js';
import { createRedisStatsStore } from '../../infra/stats-store.js';
import { describeHandoffStoreContract } from '../contracts/handoff-store.contract.js';
import { describeSlackCardStoreContract } from '../contracts/slack-card-store.contract.js';
import { describeTicketMoodStoreContract } from '../contracts/ticket-mood-store.contract.js';
import { describeAcceptedStoreContract, describeMissStoreContract } from '../contracts/learning-stores.contract.js';
import { createRedisAcceptedStore } from '../../supervision/learning/accepted-store.js';
import { createRedisMissStore } from '../../supervision/learning/redis-miss-store.js';
import { createRedisTicketMoodStore } from '../../supervision/scorecard/index.js';
import { createRedisPracticeStore } from '../../supervision/practice/index.js';
import { describePracticeStoreContract } from '../contracts/practice-store.contract.js';
import { describeHeldDraftStoreContract } from '../contracts/held-drafts.contract.js';
import { describeStorageContract } from '../contracts/storage.contract.js';
import { describeDedupeContract, describeTranscriptContract } from '../contracts/stores.contract.js';
import { describeOptionStoreContract, describeServiceWindowContract } from '../contracts/whatsapp-stores.contract.js';
import { hasRedisCli, startRedisCluster, waitUntil, type RedisCluster } from '../support/redis-server.js';
import { gateScripts } from '../support/script-gate.js';

if (!hasRedisCli()) {
  console.warn('Skipping the Redis Cluster contract tests: redis-cli is not installed (apt-get install redis-tools, or redis-server, provides it).');
  describe.skip('store contracts on a three-node Redis Cluster (needs redis-cli)', () => {
    it('builds the cluster with redis-cli --cluster create', () => undefined);
  });
} else {
  let cluster: RedisCluster;
  const clients: Cluster[] = [];
  let prefixes = 0;

  /** A new Cluster client; every store built in one test shares its prefix (as instances share REDIS_KEY_PREFIX). */
  const connect = () => {
    const client = new Cluster([...cluster.nodes], { redisOptions: { maxRetriesPerRequest: 2 } });
    clients.push(client);
    return client;
  };
  let shared: Cluster;
  const prefix = () => `baton-cluster:${prefixes++}:`;

  beforeAll(async () => {
    cluster = await startRedisCluster(3);
    shared = connect();
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await cluster?.destroy();
  });

  describeHandoffStoreContract('redis cluster', async (now) => {
    const keyPrefix = prefix();
    const gate = gateScripts(shared);
    return {
      store: createRedisHandoffStore({ redis: gate.client, keyPrefix, botId: 'shop', now }),
      // Another process: its own Cluster client over the same nodes.
      another: async () => createRedisHandoffStore({ redis: connect(), keyPrefix, botId: 'shop', now }),
      raceNextWrite: async (write) => gate.beforeNextScript(write),
    };
  });
  describeStorageContract('redis cluster', async () => createRedisStorage({ redis: shared, keyPrefix: prefix() }));
  describeDedupeContract('redis cluster', async () => createRedisDedupeStore({ redis: shared, keyPrefix: prefix() }));
  // As the engine builds them (bots/handoff-setup.ts): a scoped view, whose erase mark shares each scope's slot.
  describeReplyKeysContract('redis cluster', async () => scopedDedupe(createRedisDedupeStore({ redis: shared, keyPrefix: prefix() }), 'agent-reply:'));
  describeDeliveryJournalContract('redis cluster', async (options) => {
    const keyPrefix = prefix();
    return { journal: createRedisDeliveryJournal({ redis: shared, keyPrefix, ...options }), dedupe: createRedisDedupeStore({ redis: shared, keyPrefix }) };
  });
  describeTranscriptContract('redis cluster', async (limits) => createRedisTranscriptStore({ redis: shared, keyPrefix: prefix(), ...limits }));
  describeSlackCardStoreContract('redis cluster', async () => createRedisSlackCardStore({ redis: shared, keyPrefix: prefix() }));
  describeHeldDraftStoreContract('redis cluster', async () => createRedisHeldDraftStore({ redis: shared, keyPrefix: prefix() }));
  describeOptionStoreContract('redis cluster', async () => createRedisOptionStore({ redis: shared, keyPrefix: prefix() }));
  describeServiceWindowContract('redis cluster', async () => createRedisServiceWindowStore({ redis: shared, keyPrefix: prefix() }));
  describeTicketMoodStoreContract('redis cluster', async () => createRedisTicketMoodStore({ redis: shared, keyPrefix: prefix() }));
  describePracticeStoreContract('redis cluster', async (limits) => createRedisPracticeStore({ redis: shared, keyPrefix: prefix(), ...limits }));
  describeMissStoreContract('redis cluster', async (options) => createRedisMissStore({ redis: shared, keyPrefix: prefix(), ...options }));
  describeAcceptedStoreContract('redis cluster', async (options) => createRedisAcceptedStore({ redis: shared, keyPrefix: prefix(), ...options }));

  describe('Direct Line log and dashboard counters on a redis cluster', () => {
    it('appends in order from two clients and pushes every append to a subscriber on a third', async () => {
      const keyPrefix = prefix();
      const [one, two] = [createRedisActivityLog({ redis: connect(), keyPrefix }), createRedisActivityLog({ redis: connect(), keyPrefix })];
      const reader = createRedisActivityLog({ redis: connect(), keyPrefix });
      await one.createConversation('conv-a', { createdAt: 1 });
      const seen: string[] = [];
      const stop = await reader.subscribe('conv-a', (batch: ActivitySet) => seen.push(...batch.activities.map((a) => String(a.text))));
      for (let i = 0; i < 6; i++) await (i % 2 ? two : one).append('conv-a', { type: 'message', text: `m${i}` });
      await waitUntil(
        'six activities at the subscriber',
        () => seen.length === 6,
        5000,
        () => JSON.stringify(seen),
      );
      expect(seen).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
      expect((await two.read('conv-a', '4')).activities.map((a) => a.text)).toEqual(['m4', 'm5']);
      stop();
      await Promise.all([one, two, reader].map((log) => log.close()));
    });

    it('adds minute counters and reads a window back', async () => {
      const stats = createRedisStatsStore({ redis: shared, keyPrefix: prefix(), botId: 'shop' });
      const at = Date.UTC(2026, 0, 5, 10, 30);
      stats.add({ messages: 2 }, at - 60_000);
      stats.add({ messages: 3, escalations: 1 }, at);
      await waitUntil('both counters stored', async () => ((await stats.window(2, at)).series.messages ?? []).join() === '2,3', 5000);
      expect((await stats.window(2, at)).series).toEqual({ messages: [2, 3], escalations: [0, 1] });
    });
  });
}
