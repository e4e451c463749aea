import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { maskDeep, piiLoggerOptions, piiLogSerializer } from './index.js';

/** A real pino logger writing JSON lines into an array. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info', ...piiLoggerOptions }, stream) };
}

describe('maskDeep', () => {
  it('masks strings at any depth, leaves numbers, booleans and dates', () => {
    const at = new Date('2026-11-23T09:00:00Z');
    const value = {
      conversationId: 'c-1',
      turns: 3,
      vip: true,
      at,
      customer: { email: 'li.wei@example.cn', phones: ['13912345678', '+1 415-555-2671'] },
      text: '卡号 4111 1111 1111 1111,地址上海市浦东新区张江路123号',
    };
    expect(maskDeep(value)).toEqual({
      conversationId: 'c-1',
      turns: 3,
      vip: true,
      at,
      customer: { email: 'l***@example.cn', phones: ['*******5678', '+* ***-***-2671'] },
      text: '卡号 **** **** **** 1111,地址[address]',
    });
    expect(value.customer.email).toBe('li.wei@example.cn');
  });

  it('survives cycles and keeps shared siblings', () => {
    const shared = { phone: '13912345678' };
    const node: Record<string, unknown> = { a: shared, b: shared };
    node.self = node;
    expect(maskDeep(node)).toEqual({ a: { phone: '*******5678' }, b: { phone: '*******5678' }, self: '[Circular]' });
  });

  it('masks an Error and keeps it an Error', () => {
    const error = new Error('charge failed for 4111 1111 1111 1111', { cause: new Error('mail bob@example.com') });
    const masked = maskDeep(error);
    expect(masked).toBeInstanceOf(Error);
    expect(masked.message).toBe('charge failed for **** **** **** 1111');
    expect(masked.stack).not.toContain('4111 1111 1111 1111');
    expect((masked.cause as Error).message).toBe('mail b***@example.com');
  });

  it('is the formatter hook shape pino expects', () => {
    expect(piiLogSerializer({ to: 'a@b.co' })).toEqual({ to: 'a***@b.co' });
  });
});

describe('piiLoggerOptions with a real pino logger', () => {
  it('masks merged objects, messages, interpolation arguments and errors; child bindings through maskDeep', () => {
    const { lines, logger } = capture();
    logger.info({ customer: { phone: '+86 138 0013 8000' } }, 'refund to card %s', '4111 1111 1111 1111');
    logger.child(maskDeep({ email: 'jane@shop.example' })).warn('customer said: ship to 123 Main Street');
    logger.error({ err: new Error('declined 5500-0000-0000-0004') }, 'payment failed');
    expect(lines[0]).toMatchObject({ customer: { phone: '+** *** **** 8000' }, msg: 'refund to card **** **** **** 1111' });
    expect(lines[1]).toMatchObject({ email: 'j***@shop.example', msg: 'customer said: ship to [address]' });
    expect(lines[2]).toMatchObject({ err: { type: 'Error', message: 'declined ****-****-****-0004' }, msg: 'payment failed' });
    expect(JSON.stringify(lines)).not.toMatch(/4111 1111|13800138000|jane@|5500-0000/);
  });
});
