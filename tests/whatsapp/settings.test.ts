/**
 * The WhatsApp settings: all-or-nothing credentials with messages that say the fix, format checks, and
 * the demo bot mounting the channel only when configured.
 */
import { describe, expect, it } from 'vitest';
import { createShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';

const complete = {
  WHATSAPP_ACCESS_TOKEN: 'EAAtoken',
  WHATSAPP_APP_SECRET: 'a3f1c9e07b5d4e2f8c6a1b0d9e7f3a25',
  WHATSAPP_VERIFY_TOKEN: 'my-verify-token',
  WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
};

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toMatchObject({ code: 'config_invalid' });
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
};

describe('WhatsApp settings', () => {
  it('leaves WhatsApp off when nothing is set, and reads a complete set', () => {
    expect(loadConfig({}).WHATSAPP_ACCESS_TOKEN).toBeUndefined();
    expect(loadConfig({ ...complete, WHATSAPP_TEMPLATE_NAME: 'reply_waiting', WHATSAPP_TEMPLATE_LANGUAGE: 'zh_CN' })).toMatchObject({
      ...complete,
      WHATSAPP_TEMPLATE_NAME: 'reply_waiting',
      WHATSAPP_TEMPLATE_LANGUAGE: 'zh_CN',
    });
  });

  it('names every missing credential of a half configuration, where to find it, and how to opt out', () => {
    const message = problemsOf({ WHATSAPP_ACCESS_TOKEN: 'EAAtoken', WHATSAPP_PHONE_NUMBER_ID: '106540352242922' });
    expect(message).toMatch(/WHATSAPP_APP_SECRET is not set, nor is WHATSAPP_VERIFY_TOKEN, but WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID are\./);
    expect(message).toMatch(/App settings > Basic/);
    expect(message).toMatch(/unset every WHATSAPP_ setting to run without WhatsApp/);
    expect(problemsOf({ WHATSAPP_GRAPH_API_VERSION: 'v25.0' })).toMatch(/WHATSAPP_ACCESS_TOKEN is not set, .* but WHATSAPP_GRAPH_API_VERSION is/);
    expect(problemsOf({ WHATSAPP_TEMPLATE_NAME: 'reply_waiting' })).toMatch(
      /WHATSAPP_ACCESS_TOKEN is not set, nor are WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN and WHATSAPP_PHONE_NUMBER_ID, but WHATSAPP_TEMPLATE_NAME is/,
    );
  });

  it('says how to fix a malformed value', () => {
    expect(problemsOf({ ...complete, WHATSAPP_PHONE_NUMBER_ID: '+1 555 0100' })).toMatch(/WHATSAPP_PHONE_NUMBER_ID must be the numeric Phone number ID /);
    expect(problemsOf({ ...complete, WHATSAPP_GRAPH_API_BASE: 'graph.facebook.com' })).toMatch(/WHATSAPP_GRAPH_API_BASE must be an http\(s\) origin/);
    expect(problemsOf({ ...complete, WHATSAPP_GRAPH_API_VERSION: '25' })).toMatch(
      /WHATSAPP_GRAPH_API_VERSION must be a Graph API version like v25\.0; .*changelog\/versions/,
    );
    expect(loadConfig({ ...complete, WHATSAPP_GRAPH_API_VERSION: ' v24.0 ' }).WHATSAPP_GRAPH_API_VERSION).toBe('v24.0');
    expect(problemsOf({ ...complete, WHATSAPP_TEMPLATE_NAME: 'Reply Waiting' })).toMatch(/lowercase letters, digits and _/);
    expect(problemsOf({ ...complete, WHATSAPP_TEMPLATE_NAME: 'reply_waiting', WHATSAPP_TEMPLATE_LANGUAGE: 'english' })).toMatch(/e\.g\. en_US/);
    expect(problemsOf({ ...complete, WHATSAPP_TEMPLATE_LANGUAGE: 'en_US' })).toMatch(/WHATSAPP_TEMPLATE_NAME is not set, but WHATSAPP_TEMPLATE_LANGUAGE is/);
  });

  it('mounts the WhatsApp channel in the demo bot only when configured', async () => {
    const plain = await createShopAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }));
    const withWhatsApp = await createShopAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...complete }));
    try {
      expect(plain.channels.map((channel) => channel.name)).toEqual(['directline']);
      expect(withWhatsApp.channels.map((channel) => [channel.name, channel.mountPath])).toEqual([
        ['directline', '/v3/directline'],
        ['whatsapp', '/whatsapp/webhook'],
      ]);
    } finally {
      await plain.stop();
      await withWhatsApp.stop();
    }
  });
});
