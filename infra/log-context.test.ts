import { describe, expect, it } from 'vitest';
import { withLogFields } from './log-context.js';
import { createLogger } from './logger.js';

// The real masking is handoff/privacy's (handoff/privacy/log-masking.test.ts runs it with context);
// here a stand-in that hides e-mails proves the logger applies whatever masking it is given.
const hideEmails = {
  formatters: { log: (obj: Record<string, unknown>) => JSON.parse(JSON.stringify(obj).replace(/[\w.]+@[\w.]+/g, '[email]')) as Record<string, unknown> },
  hooks: {},
};

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', masking: hideEmails, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

describe('log context', () => {
  it('adds the request and conversation ids to every line written inside, across awaits', async () => {
    const { logger, lines } = capture();
    await withLogFields({ requestId: 'req-1' }, async () => {
      logger.info('received');
      await new Promise((wake) => setTimeout(wake, 1));
      await withLogFields({ conversationId: 'conv-9', channel: 'telegram' }, async () => {
        await Promise.resolve();
        logger.child({ module: 'engine' }).warn({ step: 'nlu' }, 'slow turn');
      });
    });
    logger.info('outside');
    expect(lines.map(({ msg, requestId, conversationId, channel }) => ({ msg, requestId, conversationId, channel }))).toEqual([
      { msg: 'received', requestId: 'req-1', conversationId: undefined, channel: undefined },
      { msg: 'slow turn', requestId: 'req-1', conversationId: 'conv-9', channel: 'telegram' },
      { msg: 'outside', requestId: undefined, conversationId: undefined, channel: undefined },
    ]);
  });

  it('applies the masking it is given to lines with context', () => {
    const { logger, lines } = capture();
    withLogFields({ conversationId: 'c1' }, () => logger.info({ text: 'mail me at ana@example.com' }, 'customer wrote'));
    expect(JSON.stringify(lines[0])).not.toContain('ana@example.com');
    expect(lines[0]?.conversationId).toBe('c1');
  });
});
