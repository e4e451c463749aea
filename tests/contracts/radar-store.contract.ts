/**
 * One contract for the radar's store (memory and Redis); run by supervision/radar/radar-store.test.ts.
 * It pins what the radar relies on across instances: one unresolved incident per rule key however many
 * raise at once, the first totals of an hour kept, actions never lost, resolving frees the rule key,
 * banners published, replaced and withdrawn.
 */
import { describe, expect, it } from 'vitest';
import type { RadarStore } from '../../supervision/radar/index.js';
import type { Incident } from '../../supervision/radar/types.js';

const T0 = Date.parse('2026-12-07T10:00:00Z');

const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 'inc-a-00000001',
  ruleId: 'wismo',
  signal: 'intent:track_order',
  ruleKey: 'wismo|intent:track_order',
  state: 'open',
  firstSeen: T0,
  lastSeen: T0,
  windowMinutes: 15,
  count: 40,
  peak: 40,
  usual: 2.5,
  threshold: 30,
  examples: [{ text: 'where is my order 包裹在哪', locale: 'en', at: T0 }],
  actions: [{ at: T0, kind: 'raised', by: 'radar' }],
  ...over,
});

export function describeRadarStoreContract(name: string, makeStore: () => Promise<RadarStore>): void {
  describe(`RadarStore contract: ${name}`, () => {
    it('keeps the first totals of an hour and reads undefined for hours never stored', async () => {
      const store = await makeStore();
      expect(await store.saveHour(100, { 'intent:track_order': 12, negative: 3 })).toBe(true);
      expect(await store.saveHour(100, { 'intent:track_order': 99 })).toBe(false);
      expect(await store.hours([100, 101])).toEqual([{ 'intent:track_order': 12, negative: 3 }, undefined]);
      expect(await store.hours([])).toEqual([]);
    });

    it('keeps the newest examples of a signal, newest first, up to its limit', async () => {
      const store = await makeStore();
      await store.addExamples(
        'negative',
        [1, 2, 3].map((n) => ({ text: `angry ${n}`, locale: 'en', at: T0 + n })),
      );
      await store.addExamples(
        'negative',
        Array.from({ length: 9 }, (_, i) => ({ text: `later ${i}`, locale: 'zh', at: T0 + 10 + i })),
      );
      const kept = await store.examples('negative', 20);
      expect(kept).toHaveLength(10);
      expect(kept[0]).toEqual({ text: 'later 8', locale: 'zh', at: T0 + 18 });
      expect(kept.at(-1)!.text).toBe('angry 3');
      expect(await store.examples('negative', 2)).toEqual(kept.slice(0, 2));
      expect(await store.examples('intent:none_yet', 5)).toEqual([]);
    });

    it('opens exactly one incident per rule key when many raise at once', async () => {
      const store = await makeStore();
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => store.raise(incident({ id: `inc-a-${String(i).padStart(8, '0')}` }))));
      const created = answers.filter((answer) => answer.created);
      expect(created).toHaveLength(1);
      const winner = created[0]!.incident.id;
      expect(answers.every((answer) => answer.incident.id === winner)).toBe(true);
      expect((await store.openFor('wismo|intent:track_order'))!.id).toBe(winner);
      expect(await store.read(winner)).toEqual(incident({ id: winner }));
      // Another signal of the same rule is another incident.
      expect((await store.raise(incident({ id: 'inc-b-00000001', signal: 'intent:x', ruleKey: 'wismo|intent:x' }))).created).toBe(true);
      expect((await store.list(10)).map((found) => found.id)).toEqual(['inc-b-00000001', winner]);
      expect((await store.openIncidents()).map((found) => found.id).sort()).toEqual([winner, 'inc-b-00000001'].sort());
    });

    it('records the surge seen again and every action, even concurrent ones', async () => {
      const store = await makeStore();
      await store.raise(incident());
      await store.update('inc-a-00000001', { seen: { at: T0 + 60_000, count: 55 } });
      await store.update('inc-a-00000001', { seen: { at: T0 + 30_000, count: 45 } });
      await Promise.all(
        ['ana', 'bo', 'cy', 'di'].map((by, i) =>
          store.update('inc-a-00000001', { action: { at: T0 + i, kind: 'banner_published', by, detail: 'track_order' } }),
        ),
      );
      const updated = (await store.read('inc-a-00000001'))!;
      expect(updated).toMatchObject({ lastSeen: T0 + 60_000, count: 45, peak: 55, state: 'open' });
      expect(updated.actions.map((action) => action.by).sort()).toEqual(['ana', 'bo', 'cy', 'di', 'radar']);
      expect(await store.update('inc-missing-00000000', { state: 'resolved' })).toBeUndefined();
    });

    it('frees the rule key on resolve; a resolved incident stays resolved', async () => {
      const store = await makeStore();
      await store.raise(incident());
      const acknowledged = await store.update('inc-a-00000001', { state: 'acknowledged', action: { at: T0 + 1, kind: 'acknowledged', by: 'mia' } });
      expect(acknowledged!.state).toBe('acknowledged');
      expect((await store.raise(incident({ id: 'inc-a-00000002' }))).created).toBe(false);
      await store.update('inc-a-00000001', { state: 'resolved', action: { at: T0 + 2, kind: 'resolved', by: 'mia' } });
      expect(await store.openFor('wismo|intent:track_order')).toBeUndefined();
      expect(await store.openIncidents()).toEqual([]);
      expect((await store.update('inc-a-00000001', { state: 'acknowledged' }))!.state).toBe('resolved');
      const again = await store.raise(incident({ id: 'inc-a-00000003', firstSeen: T0 + 5 }));
      expect(again).toMatchObject({ created: true, incident: { id: 'inc-a-00000003', actions: [{ kind: 'raised' }] } });
      expect((await store.read('inc-a-00000001'))!.actions.map((action) => action.kind)).toEqual(['raised', 'acknowledged', 'resolved']);
    });

    it('records one resolve when several resolve at once (every instance ticks)', async () => {
      const store = await makeStore();
      await store.raise(incident());
      const resolve = { state: 'resolved', action: { at: T0 + 1, kind: 'resolved', by: 'radar', detail: 'quiet since the last surge' } } as const;
      await Promise.all([store.update('inc-a-00000001', resolve), store.update('inc-a-00000001', resolve)]);
      await store.update('inc-a-00000001', resolve);
      const resolved = (await store.read('inc-a-00000001'))!;
      expect(resolved.state).toBe('resolved');
      expect(resolved.actions.map((action) => action.kind)).toEqual(['raised', 'resolved']);
      // Other actions on a resolved incident are still recorded (a banner withdrawn later).
      await store.update('inc-a-00000001', { action: { at: T0 + 2, kind: 'banner_withdrawn', by: 'mia', detail: 'track_order' } });
      expect((await store.read('inc-a-00000001'))!.actions.map((action) => action.kind)).toEqual(['raised', 'resolved', 'banner_withdrawn']);
    });

    it('publishes, replaces and withdraws banners', async () => {
      const store = await makeStore();
      const banner = { intent: 'track_order', texts: { en: 'Our courier is late.', zh: '快递延误两天。' }, by: 'mia', at: T0, version: 'v1' };
      await store.publishBanner(banner);
      await store.publishBanner({ ...banner, intent: 'get_refund', version: 'v2' });
      await store.publishBanner({ ...banner, texts: { en: 'Two days late; your order is safe.' }, version: 'v3', incidentId: 'inc-a-00000001' });
      const all = [...(await store.banners())].sort((a, b) => a.intent.localeCompare(b.intent));
      expect(all.map((found) => found.version)).toEqual(['v2', 'v3']);
      expect(all[1]).toMatchObject({ texts: { en: 'Two days late; your order is safe.' }, incidentId: 'inc-a-00000001' });
      expect((await store.withdrawBanner('track_order'))!.version).toBe('v3');
      expect(await store.withdrawBanner('track_order')).toBeUndefined();
      expect((await store.banners()).map((found) => found.intent)).toEqual(['get_refund']);
    });
  });
}
