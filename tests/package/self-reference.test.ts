import { describe, expect, it } from 'vitest';
import * as baton from 'baton';

describe('self-reference', () => {
  it('resolves baton to the source', () => {
    expect(typeof baton.createBaton).toBe('function');
  });
});
