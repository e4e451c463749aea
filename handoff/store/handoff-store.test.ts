import { afterAll, describe, expect, it } from 'vitest';
import { describeHandoffStoreContract } from '../../tests/contracts/handoff-store.contract.js';
import { connectTestRedis } from '../../tests/support/redis.js';
import { gateScripts } from '../../tests/support/script-gate.js';
import { createMemoryHandoffStore } from './memory-handoff-store.js';
import { createRedisHandoffStore } from './redis-handoff-store.js';

describeHandoffStoreContract('memory', async (now) => {
  // One process has one memory: "another instance" is the same store.
  const store = createMemoryHandoffStore({ now });
  return { store, another: async () => store, raceNextWrite: async (write) => void (await write()) };
});

const testRedis = connectTestRedis('handoff');
afterAll(() => testRedis.cleanup());
let storeNumber = 0;
// Each test gets its own prefix so tickets and agents of different tests do not meet.
describeHandoffStoreContract('redis', async (now) => {
  const keyPrefix = `${testRedis.keyPrefix}${storeNumber++}:`;
  const gate = gateScripts(testRedis.redis);
  return {
    store: createRedisHandoffStore({ redis: gate.client, keyPrefix, botId: 'shop', now }),
    // A new connection, as a second process or a restarted one would have.
    another: async () => createRedisHandoffStore({ redis: testRedis.duplicate(), keyPrefix, botId: 'shop', now }),
    raceNextWrite: async (write) => gate.beforeNextScript(write),
  };
});

describe('redis handoff store, lost races', () => {
  it('decides a lost claim on the ticket the script answered, without reading it again', async () => {
    let ticketReads = 0;
    // Counts the store's plain GETs (ticket reads); everything else goes straight to the client.
    const counted = new Proxy(testRedis.redis, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === 'get') return (...args: unknown[]) => (ticketReads++, (value as (...a: unknown[]) => unknown).apply(target, args));
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const store = createRedisHandoffStore({ redis: counted, keyPrefix: `${testRedis.keyPrefix}${storeNumber++}:`, botId: 'shop' });
    const agent = (id: string) => ({ id, name: id, languages: ['en'], skills: ['general'], capacity: 2, presence: 'available' as const });
    await store.upsertAgent(agent('first'));
    await store.upsertAgent(agent('second'));
    const { ticket } = await store.openTicket({
      conversationId: 'c1',
      channel: 'web',
      customer: { id: 'u1' },
      language: 'en',
      reason: 'requested_human',
      priority: 0,
    });
    ticketReads = 0;
    // One connection keeps the order: both claims read the queued ticket before either script runs.
    const [won, lost] = await Promise.all([store.claim(ticket.id, 'first'), store.claim(ticket.id, 'second')]);
    expect(won).toMatchObject({ ok: true, ticket: { agentId: 'first' } });
    expect(lost).toEqual({ ok: false, code: 'already_claimed' });
    expect(ticketReads).toBe(2);
  });
});
