/** Banner texts per language with their fallbacks, and the board's cache: read at most every refreshMs, at once after invalidate. */
import { describe, expect, it } from 'vitest';
import { BannerBoard, bannerText } from './banner-board.js';
import { createMemoryRadarStore } from './memory-radar-store.js';
import type { Banner } from './types.js';

const banner = (texts: Record<string, string>, version = 'v1'): Banner => ({ intent: 'track_order', texts, by: 'Mia', at: 0, version });

describe('banner texts', () => {
  it("picks the customer's locale, then its language, then the default, then any", () => {
    const both = banner({ en: 'Late courier.', zh: '快递延误。', 'zh-TW': '快遞延誤。' });
    expect(bannerText(both, 'zh-TW', 'en')).toBe('快遞延誤。');
    expect(bannerText(both, 'zh-CN', 'en')).toBe('快递延误。');
    expect(bannerText(both, 'fr', 'en')).toBe('Late courier.');
    expect(bannerText(banner({ zh: '快递延误。' }), 'en', 'en')).toBe('快递延误。');
  });
});

describe('banner board', () => {
  it('reads the store at most every refreshMs, and at once after invalidate', async () => {
    let clock = 0;
    const store = createMemoryRadarStore();
    const board = new BannerBoard({ store, now: () => clock, refreshMs: 5000 });
    expect(await board.forIntent('track_order')).toBeUndefined();
    await store.publishBanner(banner({ en: 'Late courier.' }));
    // Another instance published: this one sees it once its copy is old enough.
    clock += 4000;
    expect(await board.forIntent('track_order')).toBeUndefined();
    clock += 1000;
    expect((await board.forIntent('track_order'))?.version).toBe('v1');
    await store.withdrawBanner('track_order');
    board.invalidate();
    expect(await board.forIntent('track_order')).toBeUndefined();
  });
});
