/**
 * The RemoteAuth store on the real Redis, twice: through its contract (sessionExists, save, extract,
 * delete, chunking, a damaged value), and through whatsapp-web.js's own RemoteAuth zipping a browser
 * profile into it and restoring it in a fresh directory, as a restarted leader does, without a browser.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wwebjs from 'whatsapp-web.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisSessionStore } from '../../adapters/whatsapp/index.js';
import { createRemoteAuth } from '../../adapters/whatsapp/web-client-remote-auth.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';

describe('RemoteAuth session store on Redis', () => {
  let testRedis: TestRedis;
  let dataPath: string;

  beforeEach(async () => {
    testRedis = connectTestRedis('whatsapp-web-session');
    dataPath = await mkdtemp(join(tmpdir(), 'baton-wwebjs-'));
  });

  afterEach(async () => {
    await testRedis.cleanup();
    await rm(dataPath, { recursive: true, force: true });
  });

  it('saves the zip RemoteAuth left in dataPath, in chunks, and extracts the same bytes', async () => {
    const store = createRedisSessionStore({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix, dataPath });
    // Over two chunks of 1 MiB, so reassembly order matters.
    const zip = randomBytes(2.5 * 1024 * 1024);
    await writeFile(join(dataPath, 'RemoteAuth-shop.zip'), zip);
    expect(await store.sessionExists({ session: 'RemoteAuth-shop' })).toBe(false);

    await store.save({ session: 'RemoteAuth-shop' });
    expect(await store.sessionExists({ session: 'RemoteAuth-shop' })).toBe(true);
    expect(await testRedis.redis.llen(`${testRedis.keyPrefix}whatsapp-web:{RemoteAuth-shop}:zip`)).toBe(3);

    const restored = join(dataPath, 'restored.zip');
    await store.extract({ session: 'RemoteAuth-shop', path: restored });
    expect((await readFile(restored)).equals(zip)).toBe(true);

    // A second save replaces the first whole, leaving no staging keys behind.
    await writeFile(join(dataPath, 'RemoteAuth-shop.zip'), zip.subarray(0, 1000));
    await store.save({ session: 'RemoteAuth-shop' });
    await store.extract({ session: 'RemoteAuth-shop', path: restored });
    expect((await readFile(restored)).equals(zip.subarray(0, 1000))).toBe(true);
    expect(await testRedis.redis.keys(`${testRedis.keyPrefix}*staging*`)).toEqual([]);

    await store.delete({ session: 'RemoteAuth-shop' });
    expect(await store.sessionExists({ session: 'RemoteAuth-shop' })).toBe(false);
  });

  it('refuses to extract a damaged session, saying how to recover', async () => {
    const store = createRedisSessionStore({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix, dataPath });
    await writeFile(join(dataPath, 'RemoteAuth-shop.zip'), randomBytes(5000));
    await store.save({ session: 'RemoteAuth-shop' });
    await testRedis.redis.rpush(`${testRedis.keyPrefix}whatsapp-web:{RemoteAuth-shop}:zip`, 'garbage');
    await expect(store.extract({ session: 'RemoteAuth-shop', path: join(dataPath, 'x.zip') })).rejects.toMatchObject({
      code: 'whatsapp_web_session_corrupt',
      message: expect.stringMatching(/scan the QR code again/),
    });
  });

  it("keeps a session zipped by whatsapp-web.js's RemoteAuth and restores it for the next leader", async () => {
    const store = createRedisSessionStore({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix, dataPath });
    // The first leader: RemoteAuth prepares an empty profile, the browser (simulated) writes its login into it.
    const first = new wwebjs.RemoteAuth({ store, clientId: 'shop', dataPath, backupSyncIntervalMs: 60_000 });
    first.setup({ options: { puppeteer: {} } } as never);
    await first.beforeBrowserInitialized();
    const profile = join(dataPath, 'RemoteAuth-shop');
    await mkdir(join(profile, 'Default', 'IndexedDB'), { recursive: true });
    await mkdir(join(profile, 'Default', 'Local Storage'), { recursive: true });
    await writeFile(join(profile, 'Default', 'IndexedDB', 'wawc.db'), 'the linked device keys');
    await writeFile(join(profile, 'Default', 'Local Storage', 'leveldb.log'), 'WAToken1');
    // RemoteAuth's own backup step (it runs after 'ready', then every backupSyncIntervalMs).
    await (first as unknown as { storeRemoteSession(options?: { emit: boolean }): Promise<void> }).storeRemoteSession();
    expect(await store.sessionExists({ session: 'RemoteAuth-shop' })).toBe(true);

    // The next leader, on another machine: nothing on disk, everything from Redis.
    await rm(dataPath, { recursive: true, force: true });
    await mkdir(dataPath, { recursive: true });
    // Ours: whatsapp-web.js's own restore resolves before the files are written (see web-client-remote-auth.ts).
    const next = createRemoteAuth(wwebjs, { store, clientId: 'shop', dataPath, backupSyncIntervalMs: 60_000 });
    next.setup({ options: { puppeteer: {} } } as never);
    await next.beforeBrowserInitialized();
    expect(await readFile(join(profile, 'Default', 'IndexedDB', 'wawc.db'), 'utf8')).toBe('the linked device keys');
    expect(await readFile(join(profile, 'Default', 'Local Storage', 'leveldb.log'), 'utf8')).toBe('WAToken1');
  });
});
