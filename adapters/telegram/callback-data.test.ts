import { afterAll, describe, expect, it } from 'vitest';
import { connectTestRedis } from '../../tests/support/redis.js';
import {
  CALLBACK_DATA_MAX_BYTES,
  createCallbackDataCodec,
  createMemoryCallbackStore,
  createRedisCallbackStore,
  fitsAsIs,
  type CallbackDataStore,
} from './callback-data.js';

const testRedis = connectTestRedis('telegram-callback');
afterAll(() => testRedis.cleanup());

const stores: Record<'memory' | 'redis', () => CallbackDataStore> = {
  memory: () => createMemoryCallbackStore(),
  redis: () => createRedisCallbackStore({ redis: testRedis.redis, keyPrefix: testRedis.keyPrefix }),
};

for (const [name, makeStore] of Object.entries(stores)) {
  describe(`callback data store contract (${name})`, () => {
    it('reads what was written, undefined when missing, nothing after delete', async () => {
      const store = makeStore();
      expect(await store.read('#cb:missing')).toBeUndefined();
      await store.write('#cb:a', 'Change the delivery address of order A1002', 60);
      expect(await store.read('#cb:a')).toBe('Change the delivery address of order A1002');
      await store.write('#cb:a', 'replaced', 60);
      expect(await store.read('#cb:a')).toBe('replaced');
      await store.delete('#cb:a');
      expect(await store.read('#cb:a')).toBeUndefined();
    });

    it('lets a value written through one codec be decoded through another (another instance)', async () => {
      const store = makeStore();
      const long = '修改订单 A1002 的收货地址为公司地址，并且改成周末送货，谢谢您的帮助';
      const data = await createCallbackDataCodec({ store }).encode(long);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(await createCallbackDataCodec({ store }).decode(data)).toBe(long);
    });
  });
}

describe('callback data codec', () => {
  it('sends short values as they are, and maps long ones to a stable key', async () => {
    const codec = createCallbackDataCodec({ store: createMemoryCallbackStore() });
    expect(await codec.encode('Cancel order A1002')).toBe('Cancel order A1002');
    expect(await codec.decode('Cancel order A1002')).toBe('Cancel order A1002');
    const long = 'x'.repeat(65);
    const key = await codec.encode(long);
    expect(key).toMatch(/^#cb:[\w-]{22}$/);
    expect(await codec.encode(long)).toBe(key);
    expect(await codec.decode(key)).toBe(long);
  });

  it('counts bytes, not characters: 22 Chinese characters (66 bytes) do not fit', () => {
    expect(fitsAsIs('我'.repeat(21))).toBe(true);
    expect(fitsAsIs('我'.repeat(22))).toBe(false);
  });

  it('never passes a value that looks like a key as is, so a press cannot be misread', async () => {
    const codec = createCallbackDataCodec({ store: createMemoryCallbackStore() });
    const data = await codec.encode('#cb:short');
    expect(data).not.toBe('#cb:short');
    expect(await codec.decode(data)).toBe('#cb:short');
  });

  it('decodes an expired key to undefined', async () => {
    let now = 0;
    const codec = createCallbackDataCodec({ store: createMemoryCallbackStore({ now: () => now }), ttlSeconds: 60 });
    const key = await codec.encode('y'.repeat(80));
    now = 61_000;
    expect(await codec.decode(key)).toBeUndefined();
  });
});
