/**
 * Settings of the whatsapp-web.js and Bot Framework channels, spread into the schema of `config.ts` with
 * the checks that span several of them. Kept apart so each channel's rules read in one place.
 */
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const flag = (name: string) =>
  optionalString
    .refine((value) => value === undefined || value === 'true' || value === 'false', {
      message: `must be 'true' or 'false' (or unset: false), e.g. ${name}=true`,
    })
    .transform((value) => value === 'true');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** whatsapp-web.js: off unless WHATSAPP_WEB=true. */
export const whatsAppWebSettings = {
  WHATSAPP_WEB: flag('WHATSAPP_WEB'),
  WHATSAPP_WEB_CLIENT_ID: optionalString.refine((value) => value === undefined || /^[-_\w]{1,64}$/.test(value), {
    message: 'may hold only letters, digits, _ and - (at most 64): it names the session in Redis, e.g. shop-main',
  }),
  WHATSAPP_WEB_DATA_PATH: optionalString,
  WHATSAPP_WEB_CHROMIUM_PATH: optionalString.refine((value) => value === undefined || value.startsWith('/'), {
    message: 'must be an absolute path to the chromium binary, e.g. /usr/bin/chromium',
  }),
};

/** Bot Framework: on with MICROSOFT_APP_ID (authenticated), or BOTFRAMEWORK_ANONYMOUS=true (Emulator). */
export const botFrameworkSettings = {
  MICROSOFT_APP_ID: optionalString.refine((value) => value === undefined || GUID.test(value), {
    message: "must be the Azure Bot's Microsoft App ID, a GUID like 6f1c2a4e-9b3d-4c7a-8e21-0d5b7f9a3c11 (Azure portal > the bot > Configuration)",
  }),
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString.refine((value) => value === undefined || GUID.test(value) || /^[\w-]+(\.[\w-]+)+$/.test(value), {
    message: "must be the Directory (tenant) ID, a GUID shown on the app registration's Overview page",
  }),
  MICROSOFT_APP_TYPE: optionalString.refine((value) => value === undefined || ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'].includes(value), {
    message: "must be 'SingleTenant', 'MultiTenant' or 'UserAssignedMSI', as the Azure Bot's Configuration page shows (App type)",
  }),
  BOTFRAMEWORK_ANONYMOUS: flag('BOTFRAMEWORK_ANONYMOUS'),
};

type Settings = Record<string, unknown>;

/** The checks across settings; each issue names the setting to fix. */
export function checkChannelSettings(settings: Settings, context: z.RefinementCtx): void {
  const issue = (key: string, message: string) => context.addIssue({ code: 'custom', path: [key], message });
  if (!settings.WHATSAPP_WEB) {
    for (const key of ['WHATSAPP_WEB_CLIENT_ID', 'WHATSAPP_WEB_DATA_PATH', 'WHATSAPP_WEB_CHROMIUM_PATH']) {
      if (settings[key] !== undefined)
        issue(key, 'is set, but WHATSAPP_WEB is not true: set WHATSAPP_WEB=true to run the whatsapp-web.js channel, or unset it.');
    }
  }
  const appId = settings.MICROSOFT_APP_ID;
  const type = (settings.MICROSOFT_APP_TYPE as string | undefined) ?? 'MultiTenant';
  if (!appId) {
    for (const key of ['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID', 'MICROSOFT_APP_TYPE']) {
      if (settings[key] !== undefined)
        issue(key, "is set, but MICROSOFT_APP_ID is not: copy the Microsoft App ID from the Azure Bot's Configuration page too.");
    }
    return;
  }
  if (settings.BOTFRAMEWORK_ANONYMOUS)
    issue('BOTFRAMEWORK_ANONYMOUS', 'cannot be true with MICROSOFT_APP_ID set: the endpoint is then authenticated. Unset one of them.');
  if (type !== 'UserAssignedMSI' && !settings.MICROSOFT_APP_PASSWORD) {
    issue(
      'MICROSOFT_APP_PASSWORD',
      `is required for a ${type} app: create a client secret under the app registration's Certificates & secrets and paste its Value.`,
    );
  }
  if (type === 'UserAssignedMSI' && settings.MICROSOFT_APP_PASSWORD)
    issue('MICROSOFT_APP_PASSWORD', 'must not be set for a UserAssignedMSI app: the managed identity signs in without a secret.');
  if (type !== 'MultiTenant' && !settings.MICROSOFT_APP_TENANT_ID) {
    issue('MICROSOFT_APP_TENANT_ID', `is required for a ${type} app: copy the Directory (tenant) ID from the app registration's Overview page.`);
  }
}

/** True when the Bot Framework channel runs: authenticated with an app id, or anonymous on request. */
export function botFrameworkEnabled(config: { MICROSOFT_APP_ID?: string; BOTFRAMEWORK_ANONYMOUS: boolean }): boolean {
  return Boolean(config.MICROSOFT_APP_ID) || config.BOTFRAMEWORK_ANONYMOUS;
}
