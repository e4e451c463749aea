/**
 * createBaton that fails part way (the bot's own setup throws, a desk refuses its settings) lets go of
 * what it already opened: the caller has no Baton to stop, so a Redis connection left open would keep
 * the process (or a test runner) alive.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createBaton } from 'baton';
import { describe, expect, it } from 'vitest';

const sockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;

describe('createBaton failing part way', () => {
  it('closes the Redis connection it opened', async () => {
    const before = sockets();
    await expect(
      createBaton({
        config: { PORT: '0', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: `baton-test:${randomBytes(6).toString('hex')}:` },
        bot: {
          id: 'broken-bot',
          modelDir: fileURLToPath(new URL('../../bots/hotel-desk/model/', import.meta.url)),
          create() {
            throw new Error('the bot could not load its content');
          },
        },
      }),
    ).rejects.toThrow('the bot could not load its content');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sockets()).toBe(before);
  });
});
