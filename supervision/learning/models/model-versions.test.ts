/**
 * The model version store's contract on memory and on the real Redis (records, binary-safe files, the
 * pointer and its promotion messages, instance reports, the retrain lock), and the pure pieces: the gate's
 * rules, the seeded split of accepted items, promotion and rollback rules.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis, type TestRedis } from '../../../tests/support/redis.js';
import { DEFAULT_GATE, judge } from './evaluation-gate.js';
import { createMemoryModelVersionStore } from './memory-model-versions.js';
import { BASE_VERSION, newVersionId, VERSION_ID, type ModelVersion, type ModelVersionStore } from './model-versions.js';
import { promoteVersion, rollBack } from './promotion.js';
import { createRedisModelVersionStore } from './redis-model-versions.js';
import { GIFT_WRAP, VOUCHER_PAYMENTS } from './test-support/small-corpus.js';
import { acceptedTrainingSet } from './training-set.js';

const redis: TestRedis = connectTestRedis('model-versions');
afterAll(() => redis.cleanup());

const clock = 1_000_000;
const kinds: Record<string, () => ModelVersionStore> = {
  memory: () => createMemoryModelVersionStore({ now: () => clock }),
  redis: () => createRedisModelVersionStore({ redis: redis.redis, keyPrefix: `${redis.keyPrefix}${Math.random().toString(36).slice(2)}:` }),
};

const version = (id: string, status: ModelVersion['status'], createdAt: number): ModelVersion => ({
  id,
  createdAt,
  createdBy: 'sam',
  status,
  comparedWith: BASE_VERSION,
  acceptedItems: 1,
  answers: { gift_wrapping: { en: 'Yes', zh: '可以' } },
});

for (const [name, make] of Object.entries(kinds)) {
  describe(`model version store (${name})`, () => {
    it('keeps records newest first and files byte for byte', async () => {
      const store = make();
      await store.writeVersion(version('v-aaaaaa1', 'training', 1));
      await store.writeVersion(version('v-aaaaaa2', 'passed', 2));
      await store.writeVersion({ ...version('v-aaaaaa1', 'failed', 1), error: 'x' });
      expect((await store.listVersions()).map((v) => [v.id, v.status])).toEqual([
        ['v-aaaaaa2', 'passed'],
        ['v-aaaaaa1', 'failed'],
      ]);
      expect(await store.readVersion('v-missing')).toBeUndefined();
      const bytes = Uint8Array.from([0, 255, 13, 10, 0, 128, 7]);
      await store.writeFiles(
        'v-aaaaaa2',
        new Map([
          ['linear-en.bin', bytes],
          ['manifest.json', new TextEncoder().encode('{"a":"中"}')],
        ]),
      );
      const files = await store.readFiles('v-aaaaaa2');
      expect([...(files?.get('linear-en.bin') ?? [])]).toEqual([...bytes]);
      expect(new TextDecoder().decode(files?.get('manifest.json'))).toBe('{"a":"中"}');
      expect(await store.readFiles('v-aaaaaa1')).toBeUndefined();
    });

    it('moves the pointer, records every promotion and tells subscribers', async () => {
      const store = make();
      const heard: string[] = [];
      const unsubscribe = await store.onPromoted((id) => heard.push(id));
      expect(await store.readCurrent()).toBe(BASE_VERSION);
      await store.promote({ action: 'promote', at: 5, by: 'sam', from: BASE_VERSION, to: 'v-bbbbbb1' });
      await store.promote({ action: 'rollback', at: 6, by: 'kim', from: 'v-bbbbbb1', to: BASE_VERSION });
      expect(await store.readCurrent()).toBe(BASE_VERSION);
      expect((await store.listPromotions()).map((p) => `${p.action}:${p.from}->${p.to}:${p.by}`)).toEqual([
        'rollback:v-bbbbbb1->base:kim',
        'promote:base->v-bbbbbb1:sam',
      ]);
      await expect.poll(() => heard).toEqual(['v-bbbbbb1', BASE_VERSION]);
      await unsubscribe();
    });

    it('lists the instances that reported recently', async () => {
      const store = make();
      await store.reportInstance({ instanceId: 'b', loaded: 'base', wanted: 'v-cccccc1', state: 'failed', error: 'disk full', updatedAt: 1000 });
      await store.reportInstance({ instanceId: 'a', loaded: 'v-cccccc1', wanted: 'v-cccccc1', state: 'ok', updatedAt: 1000 });
      await store.reportInstance({ instanceId: 'old', loaded: 'base', wanted: 'base', state: 'ok', updatedAt: 10 });
      expect((await store.listInstances(1500, 600)).map((s) => [s.instanceId, s.state, s.error])).toEqual([
        ['a', 'ok', undefined],
        ['b', 'failed', 'disk full'],
      ]);
    });

    it('lets one retrain hold the lock; its owner frees it, another owner cannot', async () => {
      const store = make();
      expect(await store.acquireRetrainLock('one', 60_000)).toBe(true);
      expect(await store.acquireRetrainLock('two', 60_000)).toBe(false);
      await store.releaseRetrainLock('two');
      expect(await store.acquireRetrainLock('two', 60_000)).toBe(false);
      await store.releaseRetrainLock('one');
      expect(await store.acquireRetrainLock('two', 60_000)).toBe(true);
    });

    it('lets one of two promotions checked against the same pointer win', async () => {
      const store = make();
      const files = new Map([['manifest.json', new Uint8Array([1])]]);
      for (const id of ['v-race001', 'v-race002']) {
        await store.writeVersion(version(id, 'passed', 1));
        await store.writeFiles(id, files);
      }
      // Both were gated against base and both admins saw base promoted: the second must not pass over the first.
      const outcomes = await Promise.all([promoteVersion(store, 'v-race001', 'sam', 1), promoteVersion(store, 'v-race002', 'kim', 2)]);
      expect(outcomes.map((o) => (o.ok ? 'ok' : o.code)).sort()).toEqual(['current_changed', 'ok']);
      const winner = outcomes.find((o) => o.ok);
      expect(await store.readCurrent()).toBe(winner?.ok ? winner.promotion.to : 'none');
      expect((await store.listPromotions()).map((p) => `${p.from}->${p.to}`)).toEqual([`${BASE_VERSION}->${await store.readCurrent()}`]);
    });

    it('prunes the files of old versions, never those of the promoted one or of recent promotions', async () => {
      const store = make();
      const files = new Map([['manifest.json', new Uint8Array([1])]]);
      const id = (n: number) => `v-prune${String(n).padStart(2, '0')}`;
      for (let n = 1; n <= 3; n++) {
        await store.writeVersion(version(id(n), 'passed', n));
        await store.writeFiles(id(n), files);
      }
      await store.promote({ action: 'promote', at: 1, by: 'sam', from: BASE_VERSION, to: id(1) });
      await store.promote({ action: 'promote', at: 2, by: 'sam', from: id(1), to: id(3) });
      for (let n = 4; n <= 14; n++) {
        await store.writeVersion(version(id(n), 'passed', n));
        await store.writeFiles(id(n), files);
      }
      const kept = [];
      for (let n = 1; n <= 14; n++) if (await store.readFiles(id(n))) kept.push(n);
      // The ten newest (5..14), the promoted one (3) and the one it replaced (1): 2 and 4 went.
      expect(kept).toEqual([1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
      expect(await store.readVersion(id(2))).toBeDefined();
    });

    it('promotes only a passed version with files, and rolls back along the promotions', async () => {
      const store = make();
      const files = new Map([['manifest.json', new Uint8Array([1])]]);
      await store.writeVersion(version('v-dddddd1', 'passed', 1));
      // Gated against v-dddddd1: promotable once v-dddddd1 is the promoted one.
      await store.writeVersion({ ...version('v-dddddd2', 'passed', 2), comparedWith: 'v-dddddd1' });
      await store.writeVersion(version('v-dddddd3', 'failed', 3));
      await store.writeFiles('v-dddddd1', files);
      await store.writeFiles('v-dddddd2', files);
      await store.writeFiles('v-dddddd3', files);
      expect(await promoteVersion(store, 'v-dddddd3', 'sam')).toMatchObject({ ok: false, code: 'not_passed' });
      expect(await promoteVersion(store, 'v-nothere', 'sam')).toMatchObject({ ok: false, code: 'not_found' });
      expect(await rollBack(store, 'sam')).toMatchObject({ ok: false, code: 'nothing_to_roll_back' });
      expect(await promoteVersion(store, 'v-dddddd1', 'sam')).toMatchObject({ ok: true, promotion: { from: 'base', to: 'v-dddddd1' } });
      expect(await promoteVersion(store, 'v-dddddd1', 'sam')).toMatchObject({ ok: false, code: 'already_current' });
      expect(await promoteVersion(store, 'v-dddddd2', 'sam')).toMatchObject({ ok: true, promotion: { from: 'v-dddddd1', to: 'v-dddddd2' } });
      expect(await rollBack(store, 'kim')).toMatchObject({ ok: true, promotion: { action: 'rollback', from: 'v-dddddd2', to: 'v-dddddd1' } });
      expect(await rollBack(store, 'kim')).toMatchObject({ ok: true, promotion: { from: 'v-dddddd1', to: 'base' } });
      expect(await store.readCurrent()).toBe(BASE_VERSION);
    });

    it('refuses to roll back to a version whose files are gone, and the promoted one keeps serving', async () => {
      const kept = make();
      const files = new Map([['manifest.json', new Uint8Array([1])]]);
      await kept.writeVersion(version('v-ffffff1', 'passed', 1));
      await kept.writeVersion({ ...version('v-ffffff2', 'passed', 2), comparedWith: 'v-ffffff1' });
      await kept.writeFiles('v-ffffff1', files);
      await kept.writeFiles('v-ffffff2', files);
      await promoteVersion(kept, 'v-ffffff1', 'sam');
      await promoteVersion(kept, 'v-ffffff2', 'sam');
      // v-ffffff1's files pruned (many promotions later): no instance could load it.
      const store: ModelVersionStore = { ...kept, readFiles: async (id) => (id === 'v-ffffff1' ? undefined : kept.readFiles(id)) };
      const refused = await rollBack(store, 'kim');
      expect(refused).toMatchObject({ ok: false, code: 'not_found' });
      expect(refused.ok ? '' : refused.message).toMatch(/v-ffffff1 has no stored files/);
      expect(await store.readCurrent()).toBe('v-ffffff2');
    });

    it('refuses a version gated against another model than the promoted one: the gate said nothing about the current', async () => {
      const store = make();
      const files = new Map([['manifest.json', new Uint8Array([1])]]);
      // Both trained while base served; v-eeeeee1 is promoted first, so v-eeeeee2 was never compared with it.
      await store.writeVersion(version('v-eeeeee1', 'passed', 1));
      await store.writeVersion(version('v-eeeeee2', 'passed', 2));
      await store.writeFiles('v-eeeeee1', files);
      await store.writeFiles('v-eeeeee2', files);
      expect(await promoteVersion(store, 'v-eeeeee1', 'sam')).toMatchObject({ ok: true });
      const refused = await promoteVersion(store, 'v-eeeeee2', 'sam');
      expect(refused).toMatchObject({ ok: false, code: 'gate_outdated' });
      expect(refused.ok ? '' : refused.message).toMatch(/compared with base.*v-eeeeee1 is promoted now.*retrain/i);
      expect(await store.readCurrent()).toBe('v-eeeeee1');
      // Once the model it was compared with serves again, it may be promoted.
      await rollBack(store, 'kim');
      expect(await promoteVersion(store, 'v-eeeeee2', 'sam')).toMatchObject({ ok: true, promotion: { from: 'base', to: 'v-eeeeee2' } });
    });
  });
}

describe('evaluation gate', () => {
  const dev = { rows: 40, inScopeAccuracy: 0.9, macroF1: 0.9, oosRecall: 0.8 };
  it('passes a candidate no worse on the dev sets that learned its held-out phrasings', () => {
    const report = judge({
      devSets: ['dev/en.jsonl'],
      dev: { current: dev, candidate: { ...dev, inScopeAccuracy: 0.898 } },
      knownIntents: { rows: 2, current: 0, candidate: 2 },
      newIntents: { rows: 3, current: 0, candidate: 2 },
    });
    expect(report).toMatchObject({ passed: true, failures: [], settings: DEFAULT_GATE });
  });

  it('fails on a dev drop, a lost known phrasing or a new intent it cannot find, saying which', () => {
    const report = judge({
      devSets: ['dev/en.jsonl'],
      dev: { current: dev, candidate: { ...dev, inScopeAccuracy: 0.8, oosRecall: 0.5 } },
      knownIntents: { rows: 2, current: 2, candidate: 1 },
      newIntents: { rows: 4, current: 0, candidate: 1 },
    });
    expect(report.passed).toBe(false);
    expect(report.failures).toEqual([
      'dev in-scope accuracy fell from 90.0 % to 80.0 %',
      'dev out-of-scope recall fell from 80.0 % to 50.0 %',
      'held-out phrasings of known intents: 1 of 2 right, the current model had 2',
      'held-out phrasings of new intents: 1 of 4 right, under 50.0 %',
    ]);
  });
});

describe('accepted training set', () => {
  it('holds out the same seeded fifth of each intent and locale, keeps answers, drops unknown locales', () => {
    const french = { ...VOUCHER_PAYMENTS, id: 'fr', examples: [{ text: 'puis-je payer avec un bon', locale: 'fr' }] };
    const set = acceptedTrainingSet([GIFT_WRAP, VOUCHER_PAYMENTS, french], ['en', 'zh']);
    expect(set.heldOut.map((r) => `${r.locale}:${r.intent}:${r.isNew}`).sort()).toEqual([
      'en:check_payment_methods:false',
      'en:gift_wrapping:true',
      'en:gift_wrapping:true',
      'zh:gift_wrapping:true',
    ]);
    expect(set.train).toHaveLength(GIFT_WRAP.examples.length + VOUCHER_PAYMENTS.examples.length - 4);
    expect(set.train.some((r) => r.locale === 'fr')).toBe(false);
    expect(acceptedTrainingSet([GIFT_WRAP, VOUCHER_PAYMENTS], ['en', 'zh'])).toEqual(acceptedTrainingSet([GIFT_WRAP, VOUCHER_PAYMENTS], ['en', 'zh']));
    expect(set.answers).toEqual({ gift_wrapping: GIFT_WRAP.kind === 'new_intent' ? GIFT_WRAP.answers : {} });
  });

  it('masks card numbers and e-mails again before they reach training rows', () => {
    const leaky = { ...VOUCHER_PAYMENTS, examples: [{ text: 'pay with card 4111 1111 1111 1111 or mail jane@shop.example', locale: 'en' }] };
    const { train, heldOut } = acceptedTrainingSet([leaky], ['en'], 0);
    expect([...train, ...heldOut].map((r) => r.text)).toEqual(['pay with card **** **** **** 1111 or mail j***@shop.example']);
  });

  it('makes sortable ids that the id pattern accepts', () => {
    const id = newVersionId(Date.now());
    expect(id).toMatch(VERSION_ID);
    expect(VERSION_ID.test('../etc')).toBe(false);
  });
});
