/**
 * Replies the Slack desk holds back for the agent to decide on (docs/agents-coach.md): a draft the
 * coach flagged, or a suggested reply offered privately, waiting for a button ("Send as written",
 * "Add the phrase and send", "Discard", "Send"). Shared by every instance, so whichever one Slack
 * sends the click to can act on it. One interface, a memory and a Redis implementation, one contract
 * suite (tests/contracts/held-drafts.contract.test.ts).
 *
 * Concurrency rules both keep:
 * - `hold` keeps a draft only if none with its id is held: a redelivered Slack message (same channel
 *   and ts) is held once and warned about once.
 * - `take` removes and returns a draft for exactly one caller: a button clicked twice, or on two
 *   instances at once, acts once. `discard` does the same and, in the same step, remembers that the
 *   draft was discarded (for `ttlSeconds`): a message run again after a restart must not send what its
 *   agent threw away, even when the coach would pass it this time.
 *
 * Redis: `{prefix}slack:draft:{<id>}` (JSON) and `{prefix}slack:draft-discarded:{<id>}` (`1`, no text),
 * each expiring after `ttlSeconds`, under one hash tag. Texts are stored with card and ID numbers masked
 * (handoff/privacy `maskSensitive`) by the caller.
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import { luaScript } from '../../infra/lua-script.js';
import type { RedisClient } from '../../infra/redis.js';

/** A reply waiting for its author's decision. Plain JSON. */
export interface HeldDraft {
  /** `flagged`: the agent's draft the coach warned about; `suggestion`: a suggested reply offered privately. */
  readonly kind: 'flagged' | 'suggestion';
  readonly id: string;
  readonly ticketId: string;
  readonly agentId: string;
  /** The Slack user who may act on it. */
  readonly slackUser: string;
  readonly channel: string;
  readonly threadTs: string;
  readonly text: string;
  /** The coach's empathy phrase, which "Add the phrase and send" puts first. */
  readonly phrase?: string;
  /**
   * The idempotency key its send carries. A flagged draft's is its message's (`threadMessageKey`), so the
   * draft and the message sent any other way (run again after a restart, the shortcut) reach the customer
   * once; without one (a suggestion, a draft held before keys were kept) `slack-draft:<id>`.
   */
  readonly key?: string;
}

export interface HeldDraftStore {
  /** Keeps `draft`; false (and nothing changed) when a draft with its id is already held. */
  hold(draft: HeldDraft): Promise<boolean>;
  read(id: string): Promise<HeldDraft | undefined>;
  /** Removes and returns the draft; exactly one caller gets it. */
  take(id: string): Promise<HeldDraft | undefined>;
  /** `take`, and, when a draft was taken, remembers that it was discarded (`wasDiscarded`). */
  discard(id: string): Promise<HeldDraft | undefined>;
  /** Whether the draft `id` was discarded in the last `ttlSeconds`. */
  wasDiscarded(id: string): Promise<boolean>;
}

export interface HeldDraftStoreOptions {
  /** How long a draft waits for a click; default 30 minutes. */
  readonly ttlSeconds?: number;
}

/** Drafts in process memory (one instance, or tests), at most `maxDrafts`, each expiring as on Redis. */
export function createMemoryHeldDraftStore({
  ttlSeconds = 1800,
  maxDrafts = 10_000,
  now = () => Date.now(),
}: HeldDraftStoreOptions & { maxDrafts?: number; now?: () => number } = {}): HeldDraftStore {
  const drafts = new BoundedMap<string, HeldDraft>({ name: 'memory Slack held drafts', maxEntries: maxDrafts, ttlMs: ttlSeconds * 1000, now });
  const discarded = new BoundedMap<string, true>({ name: 'memory Slack discarded drafts', maxEntries: maxDrafts, ttlMs: ttlSeconds * 1000, now });
  const take = async (id: string) => {
    const draft = drafts.get(id);
    drafts.delete(id);
    return draft;
  };
  return {
    async hold(draft) {
      if (drafts.has(draft.id)) return false;
      drafts.set(draft.id, structuredClone(draft));
      return true;
    },
    async read(id) {
      const draft = drafts.get(id);
      return draft && structuredClone(draft);
    },
    take,
    async discard(id) {
      const draft = await take(id);
      if (draft) discarded.set(id, true);
      return draft;
    },
    async wasDiscarded(id) {
      return discarded.has(id);
    },
  };
}

/** GETDEL of the draft (KEYS[1]) and, when there was one, the discarded mark (KEYS[2], ARGV[1] seconds) in one step. */
const DISCARD = luaScript(`
local draft = redis.call('GETDEL', KEYS[1])
if draft then redis.call('SET', KEYS[2], '1', 'EX', ARGV[1]) end
return draft
`);

/** Drafts on Redis, shared by every instance. */
export function createRedisHeldDraftStore({
  redis,
  keyPrefix = 'baton:',
  ttlSeconds = 1800,
}: HeldDraftStoreOptions & { redis: RedisClient; keyPrefix?: string }): HeldDraftStore {
  const key = (id: string) => `${keyPrefix}slack:draft:{${id}}`;
  const discardedKey = (id: string) => `${keyPrefix}slack:draft-discarded:{${id}}`;
  const parse = (raw: string | null) => (raw === null ? undefined : (JSON.parse(raw) as HeldDraft));
  return {
    async hold(draft) {
      return (await redis.set(key(draft.id), JSON.stringify(draft), 'EX', Math.max(1, ttlSeconds), 'NX')) === 'OK';
    },
    async read(id) {
      return parse(await redis.get(key(id)));
    },
    async take(id) {
      // GETDEL is atomic: of two clicks, one gets the draft and the other nothing.
      return parse(await redis.getdel(key(id)));
    },
    async discard(id) {
      // One step: a restart between taking the draft and marking it cannot lose the mark.
      return parse((await DISCARD.run(redis, 2, key(id), discardedKey(id), Math.max(1, ttlSeconds))) as string | null);
    },
    async wasDiscarded(id) {
      return (await redis.exists(discardedKey(id))) === 1;
    },
  };
}
