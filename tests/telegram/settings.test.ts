import { describe, expect, it } from 'vitest';
import { loadConfig, telegramMode } from '../../infra/config.js';

const TOKEN = '123456789:AAE1bC-dEfGhIjKlMnOpQrStUvWxYz_0123';
const SECRET = 'a1b2c3d4e5f6a7b8c9d0';

describe('Telegram settings', () => {
  it('leave Telegram off when no token is set', () => {
    expect(telegramMode(loadConfig({}))).toBeUndefined();
    expect(telegramMode(loadConfig({ TELEGRAM_MODE: 'webhook', PUBLIC_URL: 'https://bot.example.com' }))).toBeUndefined();
  });

  it('default to webhook when PUBLIC_URL is set, else to polling; TELEGRAM_MODE wins', () => {
    expect(telegramMode(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN }))).toBe('polling');
    expect(telegramMode(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, PUBLIC_URL: 'https://bot.example.com', TELEGRAM_WEBHOOK_SECRET: SECRET }))).toBe('webhook');
    expect(telegramMode(loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, PUBLIC_URL: 'https://bot.example.com', TELEGRAM_MODE: 'polling' }))).toBe('polling');
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: 'http://localhost:8081',
    });
    expect(telegramMode(config)).toBe('webhook');
    expect(config.TELEGRAM_API_ROOT).toBe('http://localhost:8081');
  });

  it('require the webhook secret in webhook mode, saying how to make one', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, PUBLIC_URL: 'https://bot.example.com' })).toThrow(
      /TELEGRAM_WEBHOOK_SECRET is required when Telegram runs in webhook mode.*openssl rand -hex 32.*TELEGRAM_MODE=polling/s,
    );
  });

  it('name each malformed Telegram setting with its fix', () => {
    try {
      loadConfig({
        TELEGRAM_BOT_TOKEN: 'AAE1bC-dEfGhIjKl',
        TELEGRAM_WEBHOOK_SECRET: 'short secret',
        TELEGRAM_MODE: 'push',
        TELEGRAM_API_ROOT: 'api.telegram.org',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'config_invalid' });
      const message = (error as Error).message;
      expect(message).toMatch(/TELEGRAM_BOT_TOKEN does not look like a bot token: @BotFather gives one like 123456789:AAE/);
      expect(message).toMatch(/TELEGRAM_WEBHOOK_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -/);
      expect(message).toMatch(/TELEGRAM_MODE must be 'webhook'.*or 'polling'/);
      expect(message).toMatch(/TELEGRAM_API_ROOT must be the http\(s\) root of a Bot API server/);
    }
  });
});
