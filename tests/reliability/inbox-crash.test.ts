/**
 * kill -9 of the Baton process running a Telegram turn, two real processes on one Redis of the test's
 * own: instance A answers the signed webhook 200 and starts the turn; the fake Bot API holds A's reply
 * (so the customer has seen nothing) when A is killed. Telegram got its 200 and will not deliver the
 * update again, and a redelivery would be a duplicate anyway: only the durable inbox can save the
 * message. Instance B takes the update over once A's lease lapsed and answers it, exactly once; the
 * same update delivered again to B is dropped, and the inbox is empty afterwards.
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { BatonProcess } from '../support/baton-process.js';
import { crashPairForSuite } from '../support/crash-pair.js';
import { TELEGRAM_SECRET } from '../support/full-app.js';
import { waitUntil } from '../support/redis-server.js';
import { customer, textUpdate } from '../telegram/updates.js';

describe('kill -9 of the instance running a Telegram turn', () => {
  const crashPair = crashPairForSuite();

  it('a survivor answers the acknowledged update once; its redelivery is dropped; the inbox empties', async () => {
    const { fakes, redis, a, b } = crashPair();
    const mia = customer(66_001);
    const update = textUpdate(660_001, mia, 'what payment methods do you accept?');
    const deliver = (to: BatonProcess) =>
      fetch(`${to.baseUrl}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
        body: JSON.stringify(update),
      });
    const replies = () => fakes.telegram.succeeded('sendMessage', (params) => String(params.chat_id) === String(mia.id)).map((call) => call.params.text);

    const held = fakes.telegram.holdNext('sendMessage');
    try {
      expect((await deliver(a)).status).toBe(200);
      expect((await held.reached).text, 'A is in the middle of the turn: its reply is on its way').toMatch(/Visa/);
      a.signal('SIGKILL');
      expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' });

      await waitUntil(
        'B to answer the update A acknowledged',
        () => replies().length > 0,
        30_000,
        () => b.output(),
      );
      expect((await deliver(b)).status, 'a redelivery is acknowledged').toBe(200);
      const connection = new Redis(redis.url);
      try {
        await waitUntil(
          'the inbox to be empty',
          async () => (await connection.keys('baton:inbox:*')).length === 0,
          15_000,
          () => b.output(),
        );
      } finally {
        connection.disconnect();
      }
      expect(replies()).toEqual([expect.stringMatching(/Visa/)]);
      expect(b.output()).toMatch(/telegram: a delivery left by a stopped instance is run again/);
    } finally {
      // A's held reply was never answered (A is gone); let the fake close its socket.
      held.release();
    }
  }, 90_000);
});
