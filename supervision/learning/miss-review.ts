/**
 * What the admin page does with groups of misses: list them over a window, add a group's phrasings to
 * an intent the model knows, make a new FAQ intent of a group (answer per locale), dismiss a group, and
 * withdraw an accepted item. Accepted and dismissed misses leave the list; a withdrawal brings them back.
 *
 * Actions name a group by id and recompute the window's grouping, so the page cannot act on misses that
 * are not that group's (`examples_not_in_group`) or on a group that is gone (`group_not_found`).
 */
import { randomUUID } from 'node:crypto';
import type { RateLimiter } from '../../infra/rate-limit.js';
import { groupMisses, MAX_GROUPED_MISSES, type MissGroup } from './group-misses.js';
import type { AcceptedItemStore, AcceptedRecord } from './accepted-store.js';
import type { AcceptedItem, MissedMessage } from './learning-items.js';
import { DAY_MS, type MissStore } from './miss-store.js';

/** Lower snake case, 3 to 48 characters, starting with a letter: as the corpora name intents. */
export const INTENT_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

export type ReviewFailure =
  | 'group_not_found'
  | 'examples_not_in_group'
  | 'unknown_intent'
  | 'intent_exists'
  | 'invalid_intent_name'
  | 'missing_answer'
  | 'unknown_locale'
  | 'store_full'
  | 'item_not_found';

export type ReviewResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: ReviewFailure; readonly message: string };

export interface GroupListing {
  readonly days: number;
  readonly groups: MissGroup[];
  /** Open misses read for this listing (at most `MAX_GROUPED_MISSES`, the newest). */
  readonly misses: number;
  /** True when the window held more open misses than one grouping reads. */
  readonly capped: boolean;
}

export interface MissReviewOptions {
  readonly misses: MissStore;
  readonly accepted: AcceptedItemStore;
  /** The intents the current model knows (a new intent must not be one). */
  readonly intents: () => readonly string[];
  /** The locales the bot answers in: a new intent's answers are keyed by these. */
  readonly locales: readonly string[];
  readonly now?: () => number;
  /** Groups misses; default `groupMisses` (injected by tests that count its runs). */
  readonly group?: (misses: readonly MissedMessage[]) => { readonly groups: MissGroup[] };
  /** Spent once per listing that must regroup (the misses changed); unset: unlimited. Shared on Redis by the app. */
  readonly regroupLimit?: RateLimiter;
}

/** A listing, or the regroup limit's refusal (the page waits `retryAfterSeconds`). */
export type GroupRead =
  | { readonly ok: true; readonly value: GroupListing }
  | { readonly ok: false; readonly code: 'regroup_limited'; readonly retryAfterSeconds: number };

interface GroupAction {
  readonly groupId: string;
  readonly days: number;
  /** The examples to train on: misses of the group. */
  readonly missIds: readonly string[];
  readonly acceptedBy: string;
}

export class MissReview {
  readonly #o: MissReviewOptions;
  readonly #now: () => number;
  // The last grouping and the misses it was made of: the same misses give the same groups, and a grouping
  // at the cap costs about half a second of this instance's event loop (the page's listing, then an action).
  #last: { readonly key: string; readonly groups: MissGroup[] } | undefined;

  constructor(options: MissReviewOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => Date.now());
  }

  /** The open misses of the last `days` days, grouped, largest group first (never limited: actions use it). */
  async groups(days: number): Promise<GroupListing> {
    const read = await this.#read(days);
    return this.#listing(days, read);
  }

  /**
   * What the page's listing reads: like `groups`, but a listing that must regroup spends the regroup limit
   * first, so reloading the page over a busy window cannot keep an instance's event loop grouping.
   */
  async readGroups(days: number): Promise<GroupRead> {
    const read = await this.#read(days);
    if (this.#o.regroupLimit && this.#last?.key !== read.key) {
      const decision = await this.#o.regroupLimit.consume('regroup');
      if (!decision.allowed) return { ok: false, code: 'regroup_limited', retryAfterSeconds: decision.retryAfterSeconds };
    }
    return { ok: true, value: this.#listing(days, read) };
  }

  async #read(days: number) {
    const misses = await this.#o.misses.listOpen(this.#now() - days * DAY_MS, MAX_GROUPED_MISSES + 1);
    const read = misses.slice(0, MAX_GROUPED_MISSES);
    return { read, capped: misses.length > MAX_GROUPED_MISSES, key: read.map((miss) => miss.id).join(',') };
  }

  #listing(days: number, { read, capped, key }: { read: MissedMessage[]; capped: boolean; key: string }): GroupListing {
    if (this.#last?.key !== key) this.#last = { key, groups: (this.#o.group ?? groupMisses)(read).groups };
    return { days, groups: this.#last.groups, misses: read.length, capped };
  }

  /** The locales a new intent's answers are written in. */
  get locales(): readonly string[] {
    return this.#o.locales;
  }

  /** The intents a group's phrasings can go to: the model's, sorted. */
  intents(): string[] {
    return [...this.#o.intents()].filter((intent) => intent !== 'None').sort();
  }

  /** Adds the chosen examples of a group to an intent the model knows. */
  async addToIntent(action: GroupAction & { readonly intent: string }): Promise<ReviewResult<AcceptedItem>> {
    if (!this.intents().includes(action.intent))
      return fail('unknown_intent', `"${action.intent}" is not an intent of the current model; pick one from the list, or create a new intent.`);
    return this.#accept(action, (base) => ({ ...base, kind: 'phrasings', intent: action.intent }));
  }

  /** Makes a new FAQ intent of a group: its chosen examples and an answer per locale. */
  async createIntent(
    action: GroupAction & { readonly intent: string; readonly answers: Readonly<Record<string, string>> },
  ): Promise<ReviewResult<AcceptedItem>> {
    const { intent, answers } = action;
    if (!INTENT_NAME.test(intent) || intent.length < 3 || intent.length > 48)
      return fail('invalid_intent_name', 'An intent name is lower snake case, 3 to 48 characters, starting with a letter, e.g. "gift_wrapping".');
    const pending = (await this.#o.accepted.listAccepted()).filter((item) => item.kind === 'new_intent').map((item) => item.intent);
    if (this.#o.intents().includes(intent) || pending.includes(intent))
      return fail(
        'intent_exists',
        `"${intent}" is already an intent${pending.includes(intent) ? ' waiting for retraining' : ''}; add the phrasings to it instead.`,
      );
    const unknown = Object.keys(answers).filter((locale) => !this.#o.locales.includes(locale));
    if (unknown.length > 0) return fail('unknown_locale', `The bot answers in ${this.#o.locales.join(', ')}; there is no locale "${unknown[0]}".`);
    return this.#accept(action, (base) => {
      const missing = [...new Set(base.examples.map((example) => example.locale))].filter((locale) => !answers[locale]?.trim());
      if (missing.length > 0) return fail('missing_answer', `Write the answer in ${missing.join(' and ')} too: the examples are in that language.`);
      return { ...base, kind: 'new_intent', intent, answers: Object.fromEntries(Object.entries(answers).map(([locale, text]) => [locale, text.trim()])) };
    });
  }

  /** Dismisses every open miss of a group. Resolves how many left the list. */
  async dismiss({ groupId, days }: { readonly groupId: string; readonly days: number }): Promise<ReviewResult<number>> {
    const group = await this.#find(groupId, days);
    if (!group) return groupGone();
    return { ok: true, value: await this.#o.misses.review(group.memberIds, 'dismissed') };
  }

  /** Every accepted item not withdrawn, oldest first, with the misses it settled. */
  accepted(): Promise<AcceptedRecord[]> {
    return this.#o.accepted.list();
  }

  /** Withdraws an accepted item (before retraining takes it): its misses are open again. */
  async withdraw(itemId: string): Promise<ReviewResult<AcceptedItem>> {
    const record = await this.#o.accepted.withdraw(itemId);
    if (!record) return fail('item_not_found', 'No accepted item has that id (already withdrawn?). Reload the page.');
    await this.#o.misses.reopen(record.missIds);
    return { ok: true, value: record.item };
  }

  async #accept(
    { groupId, days, missIds, acceptedBy }: GroupAction,
    build: (base: {
      id: string;
      groupId: string;
      examples: { text: string; locale: string }[];
      acceptedAt: number;
      acceptedBy: string;
    }) => AcceptedItem | ReviewResult<never>,
  ): Promise<ReviewResult<AcceptedItem>> {
    const group = await this.#find(groupId, days);
    if (!group) return groupGone();
    const chosen = new Set(missIds);
    const members = await this.#members(group, days);
    const examples = members.filter((miss) => chosen.has(miss.id)).map(({ text, locale }) => ({ text, locale }));
    if (examples.length !== chosen.size || examples.length === 0)
      return fail('examples_not_in_group', 'Choose at least one example, and only examples of this group; reload the page if it changed.');
    const item = build({ id: `a${randomUUID().replaceAll('-', '').slice(0, 16)}`, groupId, examples, acceptedAt: this.#now(), acceptedBy });
    if ('ok' in item) return item;
    // The misses are claimed first, each atomically: of two actions on one group at once (a double click, a
    // retry, two instances) only the first finds them open, so a group is never accepted twice.
    if ((await this.#o.misses.review(group.memberIds, `accepted:${item.id}`)) === 0) return groupGone();
    if (!(await this.#o.accepted.add({ item, missIds: group.memberIds }))) {
      await this.#o.misses.reopen(group.memberIds);
      return fail('store_full', 'Too many accepted items wait for retraining; retrain or withdraw some first.');
    }
    return { ok: true, value: item };
  }

  async #find(groupId: string, days: number): Promise<MissGroup | undefined> {
    return (await this.groups(days)).groups.find((group) => group.id === groupId);
  }

  async #members(group: MissGroup, days: number) {
    const ids = new Set(group.memberIds);
    return (await this.#o.misses.listOpen(this.#now() - days * DAY_MS, MAX_GROUPED_MISSES)).filter((miss) => ids.has(miss.id));
  }
}

const fail = (code: ReviewFailure, message: string) => ({ ok: false, code, message }) as const;
const groupGone = () => fail('group_not_found', 'That group is no longer in the list (reviewed, expired, or regrouped); reload the page.');
