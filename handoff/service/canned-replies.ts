/**
 * Canned replies for a ticket's language or market: a market's own reply ('zh-TW') replaces the
 * language's reply of the same name ('zh'); names the market leaves out come from the language.
 */
import type { CannedReply } from '../desk-api.js';
import { fallbackChain } from '../../dialogs/market.js';

/** The replies an agent sees for `locale` ('zh-TW' → zh-TW's, then zh's for the other names). */
export function cannedFor(all: readonly CannedReply[], locale: string): CannedReply[] {
  const chain = fallbackChain(locale).map((tag) => tag.toLowerCase());
  const chosen = new Map<string, CannedReply>();
  for (const tag of chain) {
    for (const reply of all) if (reply.locale.toLowerCase() === tag && !chosen.has(reply.name)) chosen.set(reply.name, reply);
  }
  return [...chosen.values()];
}
