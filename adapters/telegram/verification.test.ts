import { describe, expect, it } from 'vitest';
import { RequestError } from '../../infra/errors.js';
import { parseUpdate, secretsEqual, verifySecretToken } from './verification.js';

describe('Telegram webhook verification', () => {
  it('accepts the secret, refuses a wrong, shorter, longer or missing one with 401', () => {
    expect(() => verifySecretToken('s3cret-token_value', 's3cret-token_value')).not.toThrow();
    for (const given of ['s3cret-token_valuE', 's3cret', 's3cret-token_value-and-more', undefined, '']) {
      expect(() => verifySecretToken(given, 's3cret-token_value')).toThrow(expect.objectContaining({ status: 401, code: 'unauthorized' }));
    }
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
  });

  it('takes only an object with an integer update_id as an update', () => {
    expect(parseUpdate({ update_id: 10, message: {} })).toEqual({ update_id: 10, message: {} });
    for (const body of [null, [], 'text', {}, { update_id: '10' }, { update_id: 1.5 }, { update_id: -1 }]) {
      let thrown: unknown;
      try {
        parseUpdate(body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(RequestError);
      expect(thrown).toMatchObject({ status: 400, code: 'bad_request' });
    }
  });
});
