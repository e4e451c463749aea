import { describe, expect, it } from 'vitest';
import { withLogFields } from '../../infra/log-context.js';
import { createLogger } from '../../infra/logger.js';
import { piiLogMasking } from './log-masking.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', masking: piiLogMasking, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

describe('log masking', () => {
  it('masks personal data in lines with context, keeping the context', () => {
    const { logger, lines } = capture();
    withLogFields({ conversationId: 'c1' }, () => logger.info({ text: 'mail me at ana@example.com' }, 'customer wrote'));
    expect(JSON.stringify(lines[0])).not.toContain('ana@example.com');
    expect(lines[0]?.conversationId).toBe('c1');
  });

  it('masks a card number in the message and its arguments, and any long digit run', () => {
    const { logger, lines } = capture();
    logger.info('paid with %s', '4111 1111 1111 1111');
    logger.info({ body: 'ref 1234567890123456789' }, 'raw body');
    expect(JSON.stringify(lines)).not.toMatch(/4111 1111 1111 1111|1234567890123456789/);
    expect(String(lines[0]?.msg)).toContain('1111');
  });
});
