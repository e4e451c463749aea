/**
 * Who may work on tickets from Slack: members of a desk channel (the queue channel and the routed
 * ones), or of the agents' user group when one is set. Anyone else in the workspace may see a card
 * in a public channel, but a click or a thread reply from them does nothing but say why.
 *
 * Member lists are cached briefly (60 s by default) so a busy desk does not call
 * conversations.members on every click, and someone removed from the channel loses access within
 * the minute. A list that cannot be read counts as empty: the desk fails closed.
 */
import type { Logger } from 'pino';
import type { SlackClient } from './desk-context.js';

export interface DeskAccessOptions {
  readonly client: SlackClient;
  /** Channels whose members are agents. */
  readonly channels: readonly string[];
  /** A user group whose members are agents too. */
  readonly usergroup?: string;
  readonly cacheMs?: number;
  readonly now?: () => number;
  readonly log?: Logger;
}

/** Answers "may this Slack user act as an agent?". */
export class DeskAccess {
  readonly #o: DeskAccessOptions;
  readonly #cache = new Map<string, { members: Promise<ReadonlySet<string>>; until: number }>();

  constructor(options: DeskAccessOptions) {
    this.#o = options;
  }

  /** True when `userId` is in a desk channel or the agents' user group. */
  async isAllowed(userId: string): Promise<boolean> {
    for (const channel of this.#o.channels) {
      if ((await this.#members(`channel:${channel}`, () => this.#channelMembers(channel))).has(userId)) return true;
    }
    const { usergroup } = this.#o;
    if (!usergroup) return false;
    return (await this.#members(`usergroup:${usergroup}`, () => this.#usergroupMembers(usergroup))).has(userId);
  }

  /** The cached list, or a fresh one; concurrent callers share one request. */
  #members(key: string, load: () => Promise<string[]>): Promise<ReadonlySet<string>> {
    const now = (this.#o.now ?? Date.now)();
    const cached = this.#cache.get(key);
    if (cached && cached.until > now) return cached.members;
    const members = load().then(
      (ids) => new Set(ids),
      (error: unknown) => {
        // Not cached, so the next action asks again (the bot may have been invited meanwhile).
        this.#cache.delete(key);
        this.#o.log?.warn({ err: error, list: key }, 'slack desk: cannot read the agents list; nobody on it may act until it can be read');
        return new Set<string>();
      },
    );
    this.#cache.set(key, { members, until: now + (this.#o.cacheMs ?? 60_000) });
    return members;
  }

  async #channelMembers(channel: string): Promise<string[]> {
    const members: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#o.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      members.push(...(page.members ?? []));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return members;
  }

  async #usergroupMembers(usergroup: string): Promise<string[]> {
    const result = await this.#o.client.usergroups.users.list({ usergroup });
    return result.users ?? [];
  }
}
