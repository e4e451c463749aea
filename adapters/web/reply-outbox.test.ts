import { describe, expect, it, vi } from 'vitest';
import { isStoreUnavailable, StoreUnavailableError } from '../../infra/errors.js';
import type { AppendOptions } from './activity-log.js';
import { ReplyOutbox } from './reply-outbox.js';

/** A log append that fails like an unreachable Redis while `down`; records every attempt. */
function flakyLog() {
  const state = { down: false, attempts: [] as Array<{ conversationId: string; text?: string; once?: string }>, written: [] as string[] };
  const append = async (conversationId: string, activity: { text?: string }, { once }: AppendOptions) => {
    state.attempts.push({ conversationId, text: activity.text, once });
    if (state.down) throw new StoreUnavailableError('log unreachable (test)');
    state.written.push(`${conversationId}: ${activity.text}`);
    return String(state.written.length);
  };
  return { state, append };
}

const settled = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('ReplyOutbox', () => {
  it('keeps replies while the log is away and writes them in order once it is back, each attempt with its own key', async () => {
    const { state, append } = flakyLog();
    const outbox = new ReplyOutbox({ append, maxBackoffMs: 20 });
    state.down = true;
    const first = outbox.write('c1', { text: 'one' });
    const second = outbox.write('c1', { text: 'two' });
    await vi.waitFor(() => expect(state.attempts.length).toBeGreaterThan(2));
    expect(outbox.pending).toBe(2);
    // Only the oldest is tried while the log is away: the second would otherwise overtake it.
    expect(new Set(state.attempts.map((attempt) => attempt.text))).toEqual(new Set(['one']));
    state.down = false;
    expect(await first.written).toBe('1');
    expect(await second.written).toBe('2');
    expect(state.written).toEqual(['c1: one', 'c1: two']);
    const keys = (text: string) => new Set(state.attempts.filter((attempt) => attempt.text === text).map((attempt) => attempt.once));
    expect(keys('one').size).toBe(1);
    expect(keys('two').size).toBe(1);
    expect([...keys('one')]).not.toEqual([...keys('two')]);
    expect(outbox.pending).toBe(0);
  });

  it('takes back a withdrawn reply: never tried when it waited its turn, not tried again after the attempt under way', async () => {
    const { state, append } = flakyLog();
    let release: (() => void) | undefined;
    // The head's second attempt hangs until released: it is under way when withdrawn.
    const outbox = new ReplyOutbox({
      append: async (conversationId, activity, options) => {
        if (state.attempts.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return append(conversationId, activity, options);
      },
      maxBackoffMs: 20,
    });
    state.down = true;
    const head = outbox.write('c1', { text: 'head' });
    const behind = outbox.write('c1', { text: 'behind' });
    await vi.waitFor(() => expect(release).toBeDefined());
    behind.withdraw();
    const taken = await settled(behind.written);
    expect(isStoreUnavailable((taken as { error: unknown }).error)).toBe(true);
    head.withdraw();
    release!();
    const given = await settled(head.written);
    expect(isStoreUnavailable((given as { error: unknown }).error)).toBe(true);
    expect(state.attempts.map((attempt) => attempt.text)).toEqual(['head', 'head']);
    const tried = state.attempts.length;
    state.down = false;
    expect(await outbox.write('c1', { text: 'later' }).written).toBe('1');
    expect(state.attempts.slice(tried).map((attempt) => attempt.text)).toEqual(['later']);
    expect(state.attempts.some((attempt) => attempt.text === 'behind')).toBe(false);
  });

  it('takes any number of replies while the log takes writes: the cap is on replies kept, not replies in flight', async () => {
    const releases: Array<() => void> = [];
    const written: string[] = [];
    // A slow but healthy log: every append waits until released.
    const append = async (conversationId: string, activity: { text?: string }) => {
      await new Promise<void>((release) => releases.push(release));
      written.push(`${conversationId}: ${activity.text}`);
      return String(written.length);
    };
    const outbox = new ReplyOutbox({ append, maxPending: 2 });
    const replies = ['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => outbox.write(id, { text: 'hello' }));
    await vi.waitFor(() => expect(releases).toHaveLength(5));
    for (const release of releases) release();
    expect((await Promise.all(replies.map((reply) => settled(reply.written)))).map((result) => 'value' in result)).toEqual([true, true, true, true, true]);
    expect(outbox.pending).toBe(0);
  });

  it('refuses a reply at once past maxPending, and after close; close gives up the ones it held', async () => {
    const { state, append } = flakyLog();
    const outbox = new ReplyOutbox({ append, maxPending: 2, maxBackoffMs: 20 });
    state.down = true;
    const kept = [outbox.write('c1', { text: 'a' }), outbox.write('c2', { text: 'b' })];
    // The cap counts replies kept because the log is away: wait until their first attempts failed.
    await vi.waitFor(() => expect(state.attempts.length).toBeGreaterThanOrEqual(2));
    const refused = await settled(outbox.write('c3', { text: 'c' }).written);
    expect(isStoreUnavailable((refused as { error: unknown }).error)).toBe(true);
    expect(outbox.close()).toBe(2);
    for (const reply of kept) expect(isStoreUnavailable(((await settled(reply.written)) as { error: unknown }).error)).toBe(true);
    expect(outbox.pending).toBe(0);
    const closed = await settled(outbox.write('c1', { text: 'd' }).written);
    expect(isStoreUnavailable((closed as { error: unknown }).error)).toBe(true);
    expect(state.written).toEqual([]);
  });

  it('fails a reply the log refused for good (not an outage) and goes on with the next one', async () => {
    const outbox = new ReplyOutbox({
      append: async (_conversationId, activity) => {
        if (activity.text === 'bad') throw new Error('ERR payload too large');
        return 'ok';
      },
    });
    const bad = outbox.write('c1', { text: 'bad' });
    const good = outbox.write('c1', { text: 'good' });
    await expect(bad.written).rejects.toThrow('payload too large');
    expect(await good.written).toBe('ok');
  });
});
