import { describe, expect, it } from 'vitest';
import { ChatQueue } from './chat-queue.js';

/** A task that records its start and end and finishes when released. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    task: async () => {
      log.push(`${name} start`);
      await released;
      log.push(`${name} end`);
    },
  };
}

describe('ChatQueue', () => {
  it('runs one chat in order and other chats alongside', async () => {
    const queue = new ChatQueue();
    const log: string[] = [];
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');
    const done = [queue.run('a', a1.task), queue.run('a', a2.task), queue.run('b', b1.task)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['a1 start', 'b1 start']);
    a2.release();
    b1.release();
    await done[2];
    expect(log).not.toContain('a2 start');
    a1.release();
    await Promise.all(done);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
  });

  it('keeps going after a failed task, and drain waits for everything queued', async () => {
    const queue = new ChatQueue();
    const ran: string[] = [];
    const failed = queue.run('a', async () => {
      throw new Error('turn broke');
    });
    void queue.run('a', async () => {
      ran.push('after the failure');
      void queue.run('a', async () => {
        ran.push('queued while draining');
      });
    });
    await expect(failed).rejects.toThrow('turn broke');
    await queue.drain();
    expect(ran).toEqual(['after the failure', 'queued while draining']);
    expect(queue.size).toBe(0);
  });
});
