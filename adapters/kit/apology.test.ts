import { describe, expect, it } from 'vitest';
import { APOLOGY, apologyFor } from './apology.js';

describe('apologyFor', () => {
  it("finds the tag, then its language, else English ('zh-CN' → zh)", () => {
    expect(apologyFor('zh-CN')).toBe(APOLOGY.zh);
    expect(apologyFor('fr')).toBe(APOLOGY.en);
    expect(apologyFor(undefined)).toBe(APOLOGY.en);
  });

  it('a locale the customer wrote never reaches the prototype: always a string, English when unknown', () => {
    for (const locale of ['constructor', '__proto__', 'toString', 'hasOwnProperty-x', 'valueOf']) expect(apologyFor(locale)).toBe(APOLOGY.en);
  });
});
