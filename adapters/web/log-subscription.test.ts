import { describe, expect, it } from 'vitest';
import { LogSubscription } from './log-subscription.js';
import type { ActivitySet } from './payload-types.js';

/** A log of numbered activities; each read is recorded as the watermark it read after. */
function numberedLog() {
  let length = 0;
  const reads: string[] = [];
  const read = async (after: string, limit: number): Promise<ActivitySet> => {
    reads.push(after);
    const from = after === '' ? 0 : Number(after);
    const to = Math.min(length, from + limit);
    const activities = Array.from({ length: to - from }, (_, i) => ({ type: 'message', text: String(from + i + 1) }));
    return { activities, watermark: String(to) };
  };
  return { read, reads, append: (count: number) => (length += count) };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LogSubscription', () => {
  it('reads once per notification when the page comes back short, and pages on through a burst', async () => {
    const log = numberedLog();
    const seen: string[] = [];
    const subscription = new LogSubscription({ read: log.read, listener: (page) => seen.push(...page.activities.map((a) => a.text ?? '')) });
    log.append(1);
    subscription.poke();
    await settled();
    expect(seen).toEqual(['1']);
    expect(log.reads).toEqual(['']);
    // 150 at once: a full page of 100, then the short rest; nothing read to confirm the end.
    log.append(150);
    subscription.poke();
    await settled();
    expect(seen).toHaveLength(151);
    expect(seen.at(-1)).toBe('151');
    expect(log.reads).toEqual(['', '1', '101']);
  });

  it('reads again when an append is notified while a read is in flight', async () => {
    const log = numberedLog();
    const seen: string[] = [];
    const subscription = new LogSubscription({ read: log.read, listener: (page) => seen.push(...page.activities.map((a) => a.text ?? '')) });
    log.append(1);
    subscription.poke();
    // Appended and notified before the first read has answered.
    log.append(1);
    subscription.poke();
    await settled();
    expect(seen).toEqual(['1', '2']);
  });
});
