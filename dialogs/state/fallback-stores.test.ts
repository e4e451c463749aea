import { claimDelivery, releaseDelivery } from '../../infra/dedupe-store.js';
import type { Activity, Storage } from '../turn-kit.js';
import { describe, expect, it, vi } from 'vitest';
import { ConcurrencyError, isStoreUnavailable, StoreUnavailableError } from '../../infra/errors.js';
import { Degradation, withFallback } from '../../infra/fallback.js';
import { bufferedTranscript } from './buffered-transcript.js';
import { createMemoryDedupeStore, type DedupeStore } from '../../infra/dedupe-store.js';
import { storageWithFallback } from './fallback-storage.js';
import { createMemoryStorage } from './memory-storage.js';
import { createMemoryTranscriptStore, type TranscriptStore } from './transcript-store.js';

/** A store of `T` that throws like an unreachable Redis while `down.value` is true. */
function switchable<T extends object>(inner: T, down: { value: boolean }): T {
  return new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        if (down.value) throw new Error('Connection is closed.');
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const activity = (text: string): Activity => ({ type: 'message', text, conversation: { id: 'c1' }, from: { id: 'u', role: 'user' } }) as Activity;

describe('recognising an unreachable store', () => {
  it('tells connection failures from errors Redis answered with, at any depth of cause', () => {
    expect(isStoreUnavailable(new Error('Connection is closed.'))).toBe(true);
    expect(isStoreUnavailable(Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }))).toBe(
      true,
    );
    expect(isStoreUnavailable(new Error('wrapped', { cause: new StoreUnavailableError('down') }))).toBe(true);
    // ioredis' answer to a command it had sent behind others that were answered when the connection closed.
    expect(isStoreUnavailable(Object.assign(new Error('Command aborted due to connection close'), { name: 'AbortError' }))).toBe(true);
    expect(isStoreUnavailable(new DOMException('This operation was aborted', 'AbortError'))).toBe(false);
    expect(isStoreUnavailable(Object.assign(new Error('ERR Error running script: Connection is closed in a string'), { name: 'ReplyError' }))).toBe(false);
    expect(isStoreUnavailable(new ConcurrencyError('k'))).toBe(false);
    // A failover under way: the server was demoted, or is loading; the same command works once it is over.
    const reply = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });
    expect(isStoreUnavailable(reply("READONLY You can't write against a read only replica. script: 1f2e, on @user_script:2."))).toBe(true);
    expect(isStoreUnavailable(reply('WAIT cannot be used with replica instances. Please also note that since Redis 4.0 ...'))).toBe(true);
    expect(isStoreUnavailable(reply('LOADING Redis is loading the dataset in memory'))).toBe(true);
    const aborted = (...previous: Error[]) => Object.assign(reply('EXECABORT Transaction discarded because of previous errors.'), { previousErrors: previous });
    expect(isStoreUnavailable(aborted(reply("READONLY You can't write against a read only replica.")))).toBe(true);
    expect(isStoreUnavailable(aborted(reply('WRONGTYPE Operation against a key holding the wrong kind of value')))).toBe(false);
    expect(isStoreUnavailable(reply('ERR wrong number of arguments for READONLY-like command'))).toBe(false);
    expect(isStoreUnavailable('Connection is closed.')).toBe(false);
  });
});

describe('memory fallbacks while Redis is away', () => {
  it('serves a wrapped store from memory only for outages, and skips Redis while it is known to be down', async () => {
    const down = { value: true };
    let connected = true;
    const degradation = new Degradation({ reachable: () => connected });
    let calls = 0;
    const primary = switchable<DedupeStore>(
      {
        claim: async () => (calls++, true),
        renew: async () => {},
        resolve: async () => {},
        lookup: async () => undefined,
        release: async () => {
          throw new Error('a bug, not an outage');
        },
        releaseAll: async () => 0,
      },
      down,
    );
    const dedupe = withFallback('dedupe', primary, createMemoryDedupeStore(), ['claim', 'renew', 'resolve', 'lookup', 'release', 'releaseAll'], degradation);
    expect(await claimDelivery(dedupe, 'telegram', '1')).toBe(true);
    expect(await claimDelivery(dedupe, 'telegram', '1')).toBe(false); // memory remembers it for the outage
    expect(degradation.degraded).toBe(true);
    down.value = false;
    await expect(releaseDelivery(dedupe, 'telegram', '1')).rejects.toThrow('a bug, not an outage');
    connected = false;
    expect(await claimDelivery(dedupe, 'telegram', '2')).toBe(true);
    expect(calls).toBe(0);
    connected = true;
    expect(await claimDelivery(dedupe, 'telegram', '3')).toBe(true);
    expect(calls).toBe(1);
  });

  it('keeps a turn that began in memory in memory, and drops the copy once Redis answers for it again', async () => {
    const down = { value: false };
    const redis = createMemoryStorage();
    const storage: Storage = storageWithFallback(switchable(redis, down), createMemoryStorage(), new Degradation());
    await storage.write({ conv: { step: 'before' } });
    down.value = true;
    const during = (await storage.read(['conv'])).conv;
    expect(during).toBeUndefined(); // memory knows nothing of it: the turn starts afresh
    down.value = false; // Redis is back in the middle of the turn...
    await storage.write({ conv: { step: 'during' } }); // ...but the turn's state goes where it came from
    expect((await redis.read(['conv'])).conv).toMatchObject({ step: 'before' });
    expect((await storage.read(['conv'])).conv).toMatchObject({ step: 'before' });
    await storage.write({ conv: { ...(await storage.read(['conv'])).conv, step: 'after' } });
    expect((await redis.read(['conv'])).conv).toMatchObject({ step: 'after' });
  });

  it('buffers the transcript in order during the outage and writes it to Redis when it is back', async () => {
    const down = { value: true };
    const redis: TranscriptStore = createMemoryTranscriptStore();
    const transcript = bufferedTranscript(switchable(redis, down), { degradation: new Degradation() });
    await transcript.logActivity(activity('one'));
    await transcript.logActivity(activity('two'));
    expect((await transcript.read('c1')).map((a) => a.text)).toEqual(['one', 'two']);
    expect(await redis.read('c1')).toEqual([]);
    down.value = false;
    await transcript.logActivity(activity('three')); // behind the backlog, never before it
    await transcript.flush();
    expect((await redis.read('c1')).map((a) => a.text)).toEqual(['one', 'two', 'three']);
    expect((await transcript.read('c1')).map((a) => a.text)).toEqual(['one', 'two', 'three']);
  });

  it('writes a backlog to Redis on its own once Redis takes writes again, with no reconnect and no next write', async () => {
    // A write refused while the connection stayed up (no replica confirmed it in time): no 'ready' will come.
    const down = { value: true };
    const redis: TranscriptStore = createMemoryTranscriptStore();
    const transcript = bufferedTranscript(switchable(redis, down), { degradation: new Degradation(), retryMs: 10, maxRetryMs: 50 });
    await transcript.logActivity(activity('one'));
    await transcript.logActivity(activity('two'));
    expect(await redis.read('c1')).toEqual([]);
    down.value = false;
    // What another instance reads: Redis alone, without this instance's buffer.
    await vi.waitFor(async () => expect((await redis.read('c1')).map((a) => a.text)).toEqual(['one', 'two']), { timeout: 5000, interval: 20 });
    expect(await transcript.flush()).toBe(0);
  });

  it('writes a backlog kept after a flush that found nothing to write (a reconnect while nothing was buffered)', async () => {
    const down = { value: false };
    const redis: TranscriptStore = createMemoryTranscriptStore();
    const transcript = bufferedTranscript(switchable(redis, down), { degradation: new Degradation(), retryMs: 10, maxRetryMs: 10 });
    // Every reconnect ('ready') flushes, also with an empty buffer: that flush ended before it was recorded as running,
    // and every later flush answered with its result instead of writing.
    expect(await transcript.flush()).toBe(0);
    down.value = true;
    await transcript.logActivity(activity('kept during the failover'));
    down.value = false;
    expect(await transcript.flush()).toBe(0);
    // What another instance reads: Redis alone, without this instance's buffer.
    expect((await redis.read('c1')).map((a) => a.text)).toEqual(['kept during the failover']);
  });

  it('on close, tries the backlog once more, says how many lines are lost, and schedules no flush after', async () => {
    const down = { value: true };
    const redis: TranscriptStore = createMemoryTranscriptStore();
    const store = switchable(redis, down);
    let writes = 0;
    const counted: TranscriptStore = {
      ...store,
      logActivity: (a) => {
        writes++;
        return store.logActivity(a);
      },
    };
    const transcript = bufferedTranscript(counted, { degradation: new Degradation(), retryMs: 10, maxRetryMs: 10 });
    await transcript.logActivity(activity('one'));
    await transcript.logActivity(activity('two'));
    expect(await transcript.close()).toBe(2);
    const afterClose = writes;
    await new Promise((wake) => setTimeout(wake, 100));
    expect(writes, 'no flush was scheduled after close').toBe(afterClose);
    down.value = false;
    expect(await transcript.close()).toBe(0);
    expect((await redis.read('c1')).map((a) => a.text)).toEqual(['one', 'two']);
  });

  it('says which buffered activity Redis refused for good when it drops it, and writes the rest', async () => {
    const down = { value: true };
    const redis: TranscriptStore = createMemoryTranscriptStore();
    const refusing: TranscriptStore = {
      ...redis,
      async logActivity(a) {
        if (a.text === 'poison') throw Object.assign(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), { name: 'ReplyError' });
        return redis.logActivity(a);
      },
    };
    const refused: string[] = [];
    const transcript = bufferedTranscript(switchable(refusing, down), { degradation: new Degradation(), onRefused: (a) => refused.push(a.text) });
    for (const text of ['poison', 'after']) await transcript.logActivity(activity(text));
    down.value = false;
    await transcript.flush();
    await transcript.flush();
    expect(refused).toEqual(['poison']);
    expect((await redis.read('c1')).map((a) => a.text)).toEqual(['after']);
  });

  it("loses no other conversation's line when a conversation is erased while its buffered line is being written", async () => {
    const down = { value: true };
    const redis: TranscriptStore = createMemoryTranscriptStore();
    let release: (() => void) | undefined;
    const slow: TranscriptStore = {
      ...redis,
      async logActivity(a) {
        // The write of the erased conversation's line is under way when the erase comes.
        if (a.conversation?.id === 'erased') await new Promise<void>((resolve) => (release = resolve));
        return redis.logActivity(a);
      },
    };
    const transcript = bufferedTranscript(switchable(slow, down), { degradation: new Degradation() });
    await transcript.logActivity({ ...activity('my card is 4111 1111 1111 1111'), conversation: { id: 'erased' } } as Activity);
    await transcript.logActivity({ ...activity('where is my parcel?'), conversation: { id: 'other' } } as Activity);
    down.value = false;
    const flushed = transcript.flush();
    await vi.waitFor(() => expect(release).toBeDefined());
    const erased = transcript.delete('erased');
    release!();
    await erased;
    await flushed;
    expect(await transcript.flush()).toBe(0);
    expect((await redis.read('other')).map((a) => a.text)).toEqual(['where is my parcel?']);
  });

  it('drops the oldest buffered activities past the bound, and says so', async () => {
    const dropped: string[] = [];
    const transcript = bufferedTranscript(switchable(createMemoryTranscriptStore(), { value: true }), {
      degradation: new Degradation(),
      maxBuffered: 2,
      onDropped: (a) => dropped.push(a.text),
    });
    for (const text of ['a', 'b', 'c']) await transcript.logActivity(activity(text));
    expect(dropped).toEqual(['a']);
    expect((await transcript.read('c1')).map((a) => a.text)).toEqual(['b', 'c']);
  });
});
