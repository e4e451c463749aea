/**
 * Who may post to the Bot Framework endpoint. With an Azure Bot registration (an app id), every request
 * must carry a token Azure Bot Service signed for that app id, and replies are sent with the app's own
 * token; this is botbuilder's `ConfigurationBotFrameworkAuthentication`. Without one, the endpoint is
 * anonymous, as the Bot Framework Emulator expects, and then only requests from this machine whose
 * `serviceUrl` is on this machine are taken: an anonymous endpoint runs turns for whoever can reach it,
 * and an anonymous bot replies to whatever URL an activity names, so accepting any would let a stranger
 * talk to the bot unauthenticated and make Baton post to services of their choice.
 */
import { isIP } from 'node:net';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import { CONNECTOR_TIMEOUT_MS, timedConnectorHttpClient } from './connector-http-client.js';

/** An Azure Bot registration's identity, as the Azure portal shows it (Configuration blade). */
export interface BotFrameworkCredentials {
  /** Microsoft App ID (a GUID); unset: anonymous mode. */
  appId?: string;
  /** The client secret of the app registration; not used with 'UserAssignedMSI'. */
  appPassword?: string;
  /** The Microsoft Entra tenant; required for 'SingleTenant' and 'UserAssignedMSI'. */
  tenantId?: string;
  /** How the app is registered (default 'MultiTenant'; Azure creates new bots as 'SingleTenant'). */
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  /** How long one call to a channel service (a reply) may take before it fails (default 10 s). */
  connectorTimeoutMs?: number;
}

/** The authentication for `credentials`, and whether it is the anonymous one. */
export function createBotFrameworkAuthentication(credentials: BotFrameworkCredentials): { authentication: BotFrameworkAuthentication; anonymous: boolean } {
  const { appId, appPassword, tenantId, appType = 'MultiTenant', connectorTimeoutMs = CONNECTOR_TIMEOUT_MS } = credentials;
  // Replies go through a client with a timeout: the connector takes no timeout of its own (connector-http-client.ts).
  const connectorOptions = { httpClient: timedConnectorHttpClient(connectorTimeoutMs) };
  if (!appId) return { authentication: new ConfigurationBotFrameworkAuthentication({}, undefined, undefined, undefined, connectorOptions), anonymous: true };
  const config = {
    MicrosoftAppId: appId,
    MicrosoftAppType: appType,
    ...(appPassword ? { MicrosoftAppPassword: appPassword } : {}),
    ...(tenantId ? { MicrosoftAppTenantId: tenantId } : {}),
  };
  return { authentication: new ConfigurationBotFrameworkAuthentication(config, undefined, undefined, undefined, connectorOptions), anonymous: false };
}

/** True for a serviceUrl on this machine (the Emulator's, or a test's): the only ones anonymous mode answers. */
export function isLoopbackServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return false;
  try {
    const { hostname, protocol } = new URL(serviceUrl);
    return (protocol === 'http:' || protocol === 'https:') && (hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname));
  } catch {
    return false;
  }
}

/**
 * True when the socket's peer is this machine (127.0.0.0/8, ::1, or either mapped into IPv6). Read from
 * the socket, never from X-Forwarded-For: a proxy on this machine would make every request look local,
 * so anonymous mode is for a bot reached directly, as the Emulator does.
 */
export function isLoopbackPeer(remoteAddress: string | undefined): boolean {
  if (!remoteAddress) return false;
  const address = remoteAddress.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (isIP(address) === 4) return address.startsWith('127.');
  return address === '::1';
}
