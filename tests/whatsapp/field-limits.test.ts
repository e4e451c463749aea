/**
 * A signed Cloud API body can carry anything a holder of the app secret (or a broken proxy) puts in
 * it: a text over the limit gets a polite reply and runs no turn; a profile name is cut before the
 * turn (and the ticket) sees it. On memory stores and the real Redis.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_LIMITS } from '../../adapters/field-limits.js';
import { shownText, startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api.js';
import { envelope, newWamid, postWebhook, textMessage } from '../support/whatsapp-webhook.js';
import { createBackend, startInstance, type Backend, type Instance } from './harness.js';

const digits = (n: number) => '1 '.repeat(Math.ceil(n / 2)).slice(0, n);

describe.each(['memory', 'redis'] as const)('WhatsApp Cloud API field limits (%s)', (backendName) => {
  let graph: FakeGraphApi;
  let backend: Backend;
  let instance: Instance;
  let customer = 0;
  const nextCustomer = () => `4477009${String(++customer).padStart(5, '0')}`;

  beforeAll(async () => {
    graph = await startFakeGraphApi();
    backend = createBackend(backendName);
    instance = await startInstance(backend, graph);
  });
  afterEach(() => instance.channel.adapter.drain());
  afterAll(async () => {
    await instance?.close();
    await graph?.close();
    await backend?.cleanup();
  });

  it('answers a text over the limit politely and runs no turn', async () => {
    const waId = nextCustomer();
    const response = await postWebhook(instance.url, envelope({ waId, name: 'Ana', messages: [textMessage(waId, digits(FIELD_LIMITS.text + 1))] }));
    expect(response.status).toBe(200);
    await instance.channel.adapter.drain();
    expect(instance.received.filter((activity) => activity.conversation?.id === waId)).toEqual([]);
    expect(graph.delivered(waId).map(shownText)).toEqual([expect.stringMatching(/too long.*4096 characters/)]);
  });

  it('cuts a huge profile name before the turn sees it', async () => {
    const waId = nextCustomer();
    const id = newWamid();
    const response = await postWebhook(instance.url, envelope({ waId, name: digits(100_000), messages: [textMessage(waId, 'hello', { id })] }));
    expect(response.status).toBe(200);
    await instance.channel.adapter.drain();
    const activity = instance.received.find((received) => received.id === id);
    expect(activity?.from?.name).toBe(digits(FIELD_LIMITS.name));
    expect(activity?.conversation?.name).toHaveLength(FIELD_LIMITS.name);
  });
});
