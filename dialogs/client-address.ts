/**
 * Who "one client" is for the abuse limits (docs/security/abuse-limits.md), from server-side evidence
 * only: a customer the shop's backend vouched for, else the network address a channel saw (Direct Line:
 * `req.ip`, as TRUST_PROXY allows), else the platform's own user id on channels where the platform
 * vouches for it (Telegram, WhatsApp), never a field of the activity a web client could change at will.
 */
import type { TurnContext } from './turn-kit.js';
import { getVerifiedCustomer } from './turn-state.js';

const CLIENT_ADDRESS = Symbol('baton.clientAddress');

/** Set by a channel that knows the client's network address (the Direct Line adapter). */
export function setClientAddress(context: TurnContext, address: string): void {
  context.turnState.set(CLIENT_ADDRESS, address);
}

/** The client's network address this turn, when the channel knows it. */
export function getClientAddress(context: TurnContext): string | undefined {
  return context.turnState.get(CLIENT_ADDRESS) as string | undefined;
}

/**
 * The key a client's budget is counted under: `user:<id>` for a verified customer, `ip:<address>` where
 * the channel saw one, else `<channel>:<from.id>` (Telegram's and WhatsApp's ids are the platform's).
 */
export function clientKeyOf(context: TurnContext): string {
  const verified = getVerifiedCustomer(context);
  if (verified) return `user:${verified.userId}`;
  const address = getClientAddress(context);
  if (address) return `ip:${address}`;
  return `${context.activity.channelId}:${context.activity.from?.id ?? 'unknown'}`;
}
