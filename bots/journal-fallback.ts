/**
 * The delivery journal in degraded mode (bots/stores.ts): while Redis is unreachable, deliveries are
 * accepted into this instance's memory journal, as the dedupe falls back to memory. What `withFallback`
 * alone would get wrong: an entry accepted in memory during the outage may end after Redis is back,
 * when `complete` goes to Redis again, and would stay in memory for ever (until the cap refuses new
 * ones in the next outage). So the calls that end or erase an entry go to both journals; accepting and
 * taking over go to Redis, and to memory only while Redis is away.
 */
import type { DeliveryJournal } from '../adapters/kit/delivery-journal.js';
import { type Degradation, withFallback } from '../infra/fallback.js';

/** `redis` with `memory` standing in while it is unreachable; see the file comment. */
export function journalWithFallback(redis: DeliveryJournal, memory: DeliveryJournal, degradation: Degradation): DeliveryJournal {
  const primary = withFallback('delivery journal', redis, memory, ['accept', 'renew', 'complete', 'withdraw', 'takeLapsed', 'eraseConversation'], degradation);
  return {
    accept: (channel, delivery, lease, markSeconds) => primary.accept(channel, delivery, lease, markSeconds),
    // A hold lives in one of the two; renewing it in the other changes nothing there.
    renew: async (channel, ids, lease) => Math.max(await memory.renew(channel, ids, lease), await primary.renew(channel, ids, lease)),
    complete: async (channel, id) => {
      await memory.complete(channel, id);
      await primary.complete(channel, id);
    },
    withdraw: async (channel, id) => {
      await memory.withdraw(channel, id);
      await primary.withdraw(channel, id);
    },
    takeLapsed: (channel, lease, limit, maxAttempts) => primary.takeLapsed(channel, lease, limit, maxAttempts),
    eraseConversation: async (channel, conversationId) =>
      (await memory.eraseConversation(channel, conversationId)) + (await primary.eraseConversation(channel, conversationId)),
  };
}
