/**
 * Where each ticket's Slack card lives, so any instance can update the card, answer a click on it, or
 * tell which ticket a thread reply belongs to. One interface, a memory and a Redis implementation,
 * one contract suite (tests/contracts/slack-card-store.contract.ts).
 *
 * Concurrency rules both keep:
 * - `reserve` lets exactly one caller post a ticket's card (the others find it reserved), so two
 *   instances reacting to near-simultaneous events never post two cards. A reservation expires
 *   (`reserveSeconds`), so an instance that died while posting does not leave the ticket without one.
 * - `write` replaces the whole record (last writer wins): only the instance that caused a ticket
 *   change updates its card, and a ticket changes through people, seconds apart.
 * - `once` lets exactly one caller per mark and period make a post (a ticket's one @here, the
 *   channel's digest), however many instances try.
 *
 * Redis: `{prefix}slack:card:{<ticketId>}` (JSON) and its `:reserved` mark, and
 * `{prefix}slack:thread:{<channel>}:<ts>` → ticket id; all expire after `ttlSeconds`; `{prefix}slack:once:{<mark>}`
 * expires after the period its caller gives.
 */
import { BoundedMap } from '../../infra/bounded-map.js';
import type { RedisClient } from '../../infra/redis.js';
import type { TicketStateName } from '../../handoff/desk-api.js';
import { isOpen } from '../../handoff/types.js';

/** What the card showed last, to tell what changed since. */
export interface ShownState {
  readonly state: TicketStateName;
  readonly agentId?: string;
  readonly skill: string;
  readonly csat?: number;
}

/** One ticket's card in Slack. Plain JSON. */
export interface SlackCard {
  readonly ticketId: string;
  readonly channel: string;
  /** The card message's ts; replies under it form the ticket's thread. */
  readonly ts: string;
  readonly customerName: string;
  /** The message with Resolve / Return / Transfer in the thread, once someone claimed. */
  readonly controlsTs?: string;
  readonly shown: ShownState;
  /** What happened to the ticket, oldest first, as the card lists it ("Claimed by … after 42 s"). */
  readonly history: readonly string[];
}

/** Cards by ticket, and tickets by thread. `read` resolves undefined for a ticket without a card. */
export interface SlackCardStore {
  /** True for exactly one caller per ticket (until the card is deleted or the mark expires). */
  reserve(ticketId: string): Promise<boolean>;
  read(ticketId: string): Promise<SlackCard | undefined>;
  /** Stores the card and indexes its thread. */
  write(card: SlackCard): Promise<void>;
  /** The ticket whose card starts the thread `threadTs` in `channel`. */
  ticketOfThread(channel: string, threadTs: string): Promise<string | undefined>;
  /** Forgets the card, its thread and its reservation (e.g. the post failed, so a later event may retry). */
  delete(ticketId: string): Promise<void>;
  /** True for exactly one caller per `mark` within `seconds` (e.g. 'ping:<ticket id>', 'digest:<channel>'). */
  once(mark: string, seconds: number): Promise<boolean>;
}

export interface CardStoreOptions {
  /** Reservation lifetime; default 60 s, far longer than a chat.postMessage. */
  readonly reserveSeconds?: number;
  /** Card lifetime; default 30 days, like the conversation state. */
  readonly ttlSeconds?: number;
  readonly now?: () => number;
}

/**
 * Cards in process memory (one instance, or tests): each card and thread expires `ttlSeconds` after its
 * last write as on Redis, at most `maxCards` of them (infra/bounded-map.ts), and marks and reservations
 * after their own seconds. The cap never drops the card or thread of an open ticket (an agent's reply in
 * its thread must still reach the customer); the handoff store keeps no more open tickets than this.
 */
export function createMemorySlackCardStore({
  reserveSeconds = 60,
  ttlSeconds = 30 * 86_400,
  maxCards = 10_000,
  now = () => Date.now(),
}: CardStoreOptions & { maxCards?: number } = {}): SlackCardStore {
  const bounded = <V>(name: string, ttlMs = 0, pinned?: (value: V) => boolean) =>
    new BoundedMap<string, V>({ name: `memory Slack ${name}`, maxEntries: maxCards, ttlMs, now, pinned });
  const cards = bounded<SlackCard>('cards', ttlSeconds * 1000, (card) => isOpen(card.shown));
  const threads = bounded<string>('threads', ttlSeconds * 1000, (ticketId) => {
    const card = cards.get(ticketId);
    return card !== undefined && isOpen(card.shown);
  });
  const reservations = bounded<true>('reservations');
  const marks = bounded<true>('marks');
  const threadKey = (channel: string, ts: string) => `${channel}/${ts}`;
  return {
    async once(mark, seconds) {
      if (marks.has(mark)) return false;
      marks.set(mark, true, Math.max(1, seconds * 1000));
      return true;
    },
    async reserve(ticketId) {
      if (reservations.has(ticketId)) return false;
      reservations.set(ticketId, true, reserveSeconds * 1000);
      return true;
    },
    async read(ticketId) {
      const card = cards.get(ticketId);
      return card && structuredClone(card);
    },
    async write(card) {
      cards.set(card.ticketId, structuredClone(card));
      threads.set(threadKey(card.channel, card.ts), card.ticketId);
    },
    async ticketOfThread(channel, threadTs) {
      return threads.get(threadKey(channel, threadTs));
    },
    async delete(ticketId) {
      const card = cards.get(ticketId);
      if (card) threads.delete(threadKey(card.channel, card.ts));
      cards.delete(ticketId);
      reservations.delete(ticketId);
    },
  };
}

export interface RedisCardStoreOptions extends CardStoreOptions {
  readonly redis: RedisClient;
  /** e.g. `baton:shop-assistant:`, so two bots on one Redis keep their cards apart. */
  readonly keyPrefix?: string;
}

/** Cards on Redis, shared by every instance. */
export function createRedisSlackCardStore({
  redis,
  keyPrefix = 'baton:',
  reserveSeconds = 60,
  ttlSeconds = 30 * 86_400,
}: RedisCardStoreOptions): SlackCardStore {
  const cardKey = (ticketId: string) => `${keyPrefix}slack:card:{${ticketId}}`;
  const threadKey = (channel: string, ts: string) => `${keyPrefix}slack:thread:{${channel}}:${ts}`;
  const read = async (ticketId: string): Promise<SlackCard | undefined> => {
    const raw = await redis.get(cardKey(ticketId));
    return raw === null ? undefined : (JSON.parse(raw) as SlackCard);
  };
  return {
    async once(mark, seconds) {
      return (await redis.set(`${keyPrefix}slack:once:{${mark}}`, '1', 'EX', Math.max(1, Math.ceil(seconds)), 'NX')) === 'OK';
    },
    async reserve(ticketId) {
      return (await redis.set(`${cardKey(ticketId)}:reserved`, '1', 'EX', reserveSeconds, 'NX')) === 'OK';
    },
    read,
    async write(card) {
      // Two keys in two slots (a ticket's and a channel's), so two commands rather than one MULTI.
      await redis.set(cardKey(card.ticketId), JSON.stringify(card), 'EX', ttlSeconds);
      await redis.set(threadKey(card.channel, card.ts), card.ticketId, 'EX', ttlSeconds);
    },
    async ticketOfThread(channel, threadTs) {
      return (await redis.get(threadKey(channel, threadTs))) ?? undefined;
    },
    async delete(ticketId) {
      const card = await read(ticketId);
      if (card) await redis.del(threadKey(card.channel, card.ts));
      await redis.del(cardKey(ticketId), `${cardKey(ticketId)}:reserved`);
    },
  };
}
