/**
 * The published banners as a turn reads them: from the store at most once per `refreshMs` (default 5 s),
 * so a busy bot does not pay a Redis round trip per message, and at once after this instance publishes
 * or withdraws. Another instance's change shows within `refreshMs`.
 */
import type { RadarStore } from './radar-store.js';
import type { Banner } from './types.js';

export interface BannerBoardOptions {
  readonly store: RadarStore;
  readonly now: () => number;
  readonly refreshMs?: number;
  /** A failed read keeps the last banners; it is reported here. */
  readonly onError?: (error: unknown) => void;
}

/** Picks a banner's text for `locale`: the exact locale, its language ('zh' for 'zh-TW'), the default, then any. */
export function bannerText(banner: Banner, locale: string, defaultLocale: string): string | undefined {
  const { texts } = banner;
  const language = locale.split('-')[0]!.toLowerCase();
  return texts[locale] ?? texts[language] ?? texts[defaultLocale] ?? Object.values(texts)[0];
}

export class BannerBoard {
  readonly #o: BannerBoardOptions;
  #banners = new Map<string, Banner>();
  #readAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<void> | undefined;
  #generation = 0;

  constructor(options: BannerBoardOptions) {
    this.#o = options;
  }

  /** The live banner of `intent`, if any. */
  async forIntent(intent: string): Promise<Banner | undefined> {
    const { now, refreshMs = 5000 } = this.#o;
    if (now() - this.#readAt >= refreshMs) await this.#refresh();
    return this.#banners.get(intent);
  }

  /** Every published banner, read now (the dashboard). */
  all(): Promise<readonly Banner[]> {
    return this.#o.store.banners();
  }

  /** Forgets what was read, so the next turn reads the store (after a publish or withdraw here). */
  invalidate(): void {
    this.#readAt = Number.NEGATIVE_INFINITY;
    this.#generation += 1;
  }

  #refresh(): Promise<void> {
    const generation = this.#generation;
    this.#reading ??= this.#o.store
      .banners()
      .then(
        (banners) => {
          this.#banners = new Map(banners.map((banner) => [banner.intent, banner]));
          // A read that began before an invalidate may hold the old banners: use them once, read again next turn.
          if (generation === this.#generation) this.#readAt = this.#o.now();
        },
        (error: unknown) => this.#o.onError?.(error),
      )
      .finally(() => {
        this.#reading = undefined;
      });
    return this.#reading;
  }
}
