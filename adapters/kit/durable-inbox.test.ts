import { describe, expect, it } from 'vitest';
import { createMemoryDedupeStore } from '../../infra/dedupe-store.js';
import type { Logger } from '../../infra/logger.js';
import { createMemoryDeliveryJournal, type DeliveryJournal } from './delivery-journal.js';
import { DurableInbox, type HeldDelivery } from './durable-inbox.js';

/** Two instances' inboxes on one memory journal whose clock the test moves. */
function twoInstances({ leaseMs = 1000, maxAttempts = 3 } = {}) {
  const clock = { now: 0 };
  const inner = createMemoryDeliveryJournal({ dedupe: createMemoryDedupeStore(), now: () => clock.now });
  const renewals: string[][] = [];
  const journal: DeliveryJournal = { ...inner, renew: (channel, ids, lease) => (renewals.push([...ids]), inner.renew(channel, ids, lease)) };
  const counted = { recovered: 0, dropped: 0 };
  const errors: string[] = [];
  const logger = { error: (_: object, line: string) => errors.push(line), warn: () => {}, info: () => {}, debug: () => {} } as unknown as Logger;
  const metrics = { recovered: () => counted.recovered++, dropped: () => counted.dropped++ };
  const make = (owner: string) => new DurableInbox({ channel: 'telegram', journal, owner, leaseMs, maxAttempts, logger, metrics });
  return { clock, a: make('a'), b: make('b'), renewals, counted, errors };
}

const delivery = { id: 'update:1', conversationId: '42', payload: '{"update_id":1}' };

describe('DurableInbox', () => {
  it('runs a delivery whose instance stopped again on another, once; gives up after maxAttempts with an error line and a metric', async () => {
    const { clock, a, b, counted, errors } = twoInstances({ maxAttempts: 2 });
    const first = await a.accept(delivery);
    expect(first?.attempts).toBe(1);
    expect(await b.accept(delivery), 'a redelivery').toBeUndefined();
    first!.abandon(); // A dies: nothing renews or clears its hold.

    clock.now = 1001;
    const recovered: { payload: string; held: HeldDelivery }[] = [];
    const recover = (payload: string, held: HeldDelivery) => void recovered.push({ payload, held });
    expect(await Promise.all([b.sweep(recover), a.sweep(recover)])).toEqual(expect.arrayContaining([1, 0]));
    expect(recovered.map(({ payload, held }) => [payload, held.attempts])).toEqual([['{"update_id":1}', 2]]);
    expect(counted.recovered).toBe(1);

    recovered[0]!.held.abandon(); // The second run kills its instance too.
    clock.now = 2002;
    expect(await a.sweep(recover)).toBe(0);
    expect(counted.dropped).toBe(1);
    expect(errors).toEqual(['telegram: a delivery ran 2 times without finishing; dropped, not run again']);
    clock.now = 5000;
    expect(await b.sweep(recover)).toBe(0);
    expect(recovered).toHaveLength(1);
  });

  it('abandons a delivery its channel could not take (a rejection): a later sweep runs it again', async () => {
    const { clock, a, b, errors } = twoInstances();
    (await a.accept(delivery))!.abandon();
    clock.now = 1001;
    expect(await b.sweep(() => Promise.reject(new Error('the Bot API is unreachable')))).toBe(1);
    expect(b.held).toBe(0);
    expect(errors).toEqual(['telegram: a delivery taken over could not be run']);
    clock.now = 2002;
    const attempts: number[] = [];
    expect(await a.sweep((_payload, held) => void attempts.push(held.attempts))).toBe(1);
    expect(attempts).toEqual([3]);
  });

  it('never runs a finished delivery again', async () => {
    const { clock, a, b } = twoInstances();
    const held = await a.accept(delivery);
    await held!.done();
    await held!.done();
    clock.now = 10_000;
    expect(await b.sweep(() => undefined)).toBe(0);
    expect(await a.accept(delivery), 'the dedupe mark stays').toBeUndefined();
  });

  it('renews the holds in flight, so a slow turn on a live instance is not taken over; stop waits for it', async () => {
    const { clock, a, b, renewals } = twoInstances({ leaseMs: 150 });
    const held = await a.accept(delivery);
    clock.now = 100;
    // Renewal runs on a real timer (a third of the lease): wait until it has renewed once at this time.
    const seen = renewals.length;
    for (let wait = 0; renewals.length === seen && wait < 1000; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(renewals.length, 'the renewal timer renewed within 10 s').toBeGreaterThan(seen);
    expect(renewals.at(-1)).toEqual(['update:1']);
    clock.now = 200;
    expect(await b.sweep(() => undefined)).toBe(0);

    let finish!: () => void;
    const turn = new Promise<void>((resolve) => (finish = resolve));
    let stopped = false;
    const stopping = a.stop(() => turn).then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    finish();
    await held!.done();
    await stopping;
    expect(a.held).toBe(0);
  });
});
