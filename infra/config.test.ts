import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('settings', () => {
  it('runs with no settings at all: memory stores, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, REDIS_URL: undefined, DEFAULT_LOCALE: 'en', REDIS_KEY_PREFIX: 'baton:' });
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ REDIS_URL: '  ' }).REDIS_URL).toBeUndefined();
  });

  it('says how to fix a Redis URL without its scheme', () => {
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL is not a redis:\/\/ URL\. Use e\.g\. redis:\/\/localhost:6379/s);
  });

  it('names every bad setting at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DIRECTLINE_SECRET: 'short', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'config_invalid' });
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/DIRECTLINE_SECRET is too short/);
      expect(message).toMatch(/LOG_LEVEL/);
    }
  });

  it("reads the memory stores' size budget, and says what a bad one should be", () => {
    expect(loadConfig({}).MEMORY_MAX_STORE_CHARS).toBe(16_000_000);
    expect(loadConfig({ MEMORY_MAX_STORE_CHARS: '32000000' }).MEMORY_MAX_STORE_CHARS).toBe(32_000_000);
    for (const bad of ['lots', '999999', '2500000.5', '-1']) {
      expect(() => loadConfig({ MEMORY_MAX_STORE_CHARS: bad })).toThrow(
        /MEMORY_MAX_STORE_CHARS must be a whole number of characters, at least 1000000 \(default 16000000\)/,
      );
    }
  });
});
