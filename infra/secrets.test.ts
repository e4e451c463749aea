import { describe, expect, it } from 'vitest';
import { bearerToken, secretsEqual } from './secrets.js';

describe('secretsEqual', () => {
  it('is true only for the same secret, whatever the lengths', () => {
    expect(secretsEqual('s3cret-token-value', 's3cret-token-value')).toBe(true);
    expect(secretsEqual('s3cret-token-valuE', 's3cret-token-value')).toBe(false);
    expect(secretsEqual('s3cret', 's3cret-token-value')).toBe(false);
    expect(secretsEqual('', 'x')).toBe(false);
  });
});

describe('bearerToken', () => {
  it('reads one token after "Bearer", and nothing else', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer   abc  ')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
