/**
 * The whatsapp-web.js and Bot Framework settings: off by default, what turns them on, and refusals that
 * name the setting and the fix; and the demo bot mounting each channel only when it is on.
 */
import { describe, expect, it } from 'vitest';
import { createShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { createFakePhone } from '../support/fake-whatsapp-web.js';

const APP_ID = '6f1c2a4e-9b3d-4c7a-8e21-0d5b7f9a3c11';
const TENANT = '0a4b6c8d-1e2f-4a5b-9c7d-3e5f7a9b1c2d';

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toMatchObject({ code: 'config_invalid' });
    return (error as Error).message;
  }
  throw new Error('expected the settings to be refused');
};

describe('whatsapp-web.js settings', () => {
  it('is off unless WHATSAPP_WEB=true, and reads its options', () => {
    expect(loadConfig({}).WHATSAPP_WEB).toBe(false);
    expect(loadConfig({ WHATSAPP_WEB: 'true', WHATSAPP_WEB_CLIENT_ID: 'shop-main', WHATSAPP_WEB_CHROMIUM_PATH: '/usr/bin/chromium' })).toMatchObject({
      WHATSAPP_WEB: true,
      WHATSAPP_WEB_CLIENT_ID: 'shop-main',
    });
  });

  it('refuses bad values and options without the switch, saying the fix', () => {
    expect(problemsOf({ WHATSAPP_WEB: 'yes' })).toMatch(/WHATSAPP_WEB must be 'true' or 'false'/);
    expect(problemsOf({ WHATSAPP_WEB: 'true', WHATSAPP_WEB_CLIENT_ID: 'shop main' })).toMatch(/WHATSAPP_WEB_CLIENT_ID may hold only letters/);
    expect(problemsOf({ WHATSAPP_WEB: 'true', WHATSAPP_WEB_CHROMIUM_PATH: 'chromium' })).toMatch(/absolute path/);
    expect(problemsOf({ WHATSAPP_WEB_CLIENT_ID: 'shop' })).toMatch(/WHATSAPP_WEB_CLIENT_ID is set, but WHATSAPP_WEB is not true/);
  });
});

describe('Bot Framework settings', () => {
  it('is off by default; an app id turns it on authenticated, BOTFRAMEWORK_ANONYMOUS for the Emulator', () => {
    expect(loadConfig({})).toMatchObject({ BOTFRAMEWORK_ANONYMOUS: false });
    expect(
      loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_TYPE: 'SingleTenant' }),
    ).toMatchObject({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'SingleTenant' });
    expect(loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_TYPE: 'UserAssignedMSI' }).MICROSOFT_APP_ID).toBe(APP_ID);
  });

  it('refuses incomplete or contradictory credentials, naming what to copy from Azure', () => {
    expect(problemsOf({ MICROSOFT_APP_ID: 'my-bot' })).toMatch(/MICROSOFT_APP_ID must be the Azure Bot's Microsoft App ID, a GUID/);
    expect(problemsOf({ MICROSOFT_APP_ID: APP_ID })).toMatch(/MICROSOFT_APP_PASSWORD is required for a MultiTenant app/);
    expect(problemsOf({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TYPE: 'SingleTenant' })).toMatch(
      /MICROSOFT_APP_TENANT_ID is required for a SingleTenant app/,
    );
    expect(
      problemsOf({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TENANT_ID: TENANT, MICROSOFT_APP_TYPE: 'UserAssignedMSI' }),
    ).toMatch(/must not be set for a UserAssignedMSI app/);
    expect(problemsOf({ MICROSOFT_APP_PASSWORD: 'secret' })).toMatch(/MICROSOFT_APP_PASSWORD is set, but MICROSOFT_APP_ID is not/);
    expect(problemsOf({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's', BOTFRAMEWORK_ANONYMOUS: 'true' })).toMatch(
      /BOTFRAMEWORK_ANONYMOUS cannot be true with MICROSOFT_APP_ID/,
    );
    expect(problemsOf({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TYPE: 'multi' })).toMatch(
      /MICROSOFT_APP_TYPE must be 'SingleTenant', 'MultiTenant' or 'UserAssignedMSI'/,
    );
  });
});

describe('the demo bot mounts these channels only when configured', () => {
  it('has neither by default, and both when set', async () => {
    const base = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
    const plain = await createShopAssistant(loadConfig(base));
    expect(plain.channels.map((channel) => channel.name)).toEqual(['directline']);
    const both = await createShopAssistant(loadConfig({ ...base, WHATSAPP_WEB: 'true', BOTFRAMEWORK_ANONYMOUS: 'true' }), {
      whatsAppWebClient: createFakePhone().factory(),
    });
    expect(both.channels.map((channel) => [channel.name, channel.mountPath])).toEqual([
      ['directline', '/v3/directline'],
      ['whatsapp-web', '/whatsapp'],
      ['botframework', '/api/messages'],
    ]);
  });
});
