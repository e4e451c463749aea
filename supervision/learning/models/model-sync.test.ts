/**
 * One instance's model sync on the memory store: a missed promotion message still converges at the next
 * periodic check; a version that fails to load leaves the old one serving and is reported, then loads once
 * it can; a turn's recognizer and learned answers always come from one version.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeywordRecognizer } from '../../../tests/support/keyword-recognizer.js';
import { eventually } from '../../../tests/support/fake-whatsapp-web.js';
import { createMemoryModelVersionStore } from './memory-model-versions.js';
import { ModelSync } from './model-sync.js';
import type { ModelVersionStore } from './model-versions.js';

const base = createKeywordRecognizer({ track_order: ['order'] });
const learned = createKeywordRecognizer({ track_order: ['order'], gift_wrapping: ['wrap'] });
const dirs: string[] = [];
const syncs: ModelSync[] = [];
afterEach(async () => {
  for (const sync of syncs.splice(0)) await sync.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function storeWithVersion(id: string): Promise<ModelVersionStore> {
  const store = createMemoryModelVersionStore();
  await store.writeVersion({
    id,
    createdAt: 1,
    createdBy: 'sam',
    status: 'passed',
    comparedWith: 'base',
    acceptedItems: 1,
    answers: { gift_wrapping: { en: 'We wrap gifts.', zh: '可以包装。' } },
  });
  await store.writeFiles(id, new Map([['manifest.json', new TextEncoder().encode('{}')]]));
  return store;
}

function startSync(store: ModelVersionStore, load: (dir: string) => Promise<typeof base>, checkMs = 20): ModelSync {
  const cacheDir = mkdtempSync(join(tmpdir(), 'baton-sync-'));
  dirs.push(cacheDir);
  // Deaf to promotion messages: only the periodic check can bring the instance along.
  const deaf: ModelVersionStore = { ...store, onPromoted: async () => async () => undefined };
  const sync = new ModelSync({ store: deaf, base, cacheDir, checkMs, load, instanceId: 'one' });
  syncs.push(sync);
  return sync;
}

describe('model sync', () => {
  it('loads a version on two instances of one host at once, sharing the cache folder', async () => {
    const store = await storeWithVersion('v-cccccc1');
    const cacheDir = mkdtempSync(join(tmpdir(), 'baton-sync-'));
    dirs.push(cacheDir);
    const read = (dir: string) => readFileSync(join(dir, 'manifest.json'), 'utf8');
    const two = new ModelSync({ store, base, cacheDir, checkMs: 60_000, load: async (dir) => (read(dir), learned), instanceId: 'two' });
    const one = new ModelSync({
      store,
      base,
      cacheDir,
      checkMs: 60_000,
      instanceId: 'one',
      // Instance one is still loading when instance two has loaded the same version and cleared its folder.
      load: async (dir) => {
        await eventually('instance two on the version', () => two.live.version === 'v-cccccc1');
        read(dir);
        return learned;
      },
    });
    await store.promote({ action: 'promote', at: 2, by: 'sam', from: 'base', to: 'v-cccccc1' });
    await Promise.all([one.check(), two.check()]);
    expect([one.status, two.status]).toEqual([
      expect.objectContaining({ loaded: 'v-cccccc1', state: 'ok' }),
      expect.objectContaining({ loaded: 'v-cccccc1', state: 'ok' }),
    ]);
  });

  it('converges on the promoted version at the next check when the message was missed', async () => {
    const store = await storeWithVersion('v-aaaaaa1');
    const sync = startSync(store, async () => learned);
    await sync.start();
    expect((await sync.live.recognize('please wrap it')).intent).toBe('None');
    expect(sync.live.answer('gift_wrapping', 'en')).toBeUndefined();
    await store.promote({ action: 'promote', at: 2, by: 'sam', from: 'base', to: 'v-aaaaaa1' });
    await eventually('the promoted version loaded', () => sync.live.version === 'v-aaaaaa1');
    expect((await sync.live.recognize('please wrap it')).intent).toBe('gift_wrapping');
    expect([sync.live.answer('gift_wrapping', 'zh'), sync.live.answer('gift_wrapping', 'fr'), sync.live.answer('toString', 'en')]).toEqual([
      '可以包装。',
      'We wrap gifts.',
      undefined,
    ]);
    expect(await store.listInstances(Date.now(), 60_000)).toEqual([expect.objectContaining({ instanceId: 'one', loaded: 'v-aaaaaa1', state: 'ok' })]);
  });

  it('keeps serving the old version when loading fails, reports it, and loads it once it can', async () => {
    const store = await storeWithVersion('v-bbbbbb1');
    let broken = true;
    const sync = startSync(store, async () => {
      if (broken) throw new Error('model file truncated');
      return learned;
    });
    await sync.start();
    await store.promote({ action: 'promote', at: 2, by: 'sam', from: 'base', to: 'v-bbbbbb1' });
    await eventually('the failure reported', () => sync.status.state === 'failed');
    expect(sync.status).toMatchObject({ loaded: 'base', wanted: 'v-bbbbbb1', error: 'model file truncated' });
    expect(sync.live.version).toBe('base');
    expect((await store.listInstances(Date.now(), 60_000))[0]).toMatchObject({ state: 'failed', error: 'model file truncated' });
    broken = false;
    await eventually('the version loaded after all', () => sync.status.state === 'ok' && sync.live.version === 'v-bbbbbb1');
    expect(sync.status.error).toBeUndefined();
  });
});
