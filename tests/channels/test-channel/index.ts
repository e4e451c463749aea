/**
 * A whole customer channel in one folder, to prove the channel contract: a webhook signed with
 * HMAC-SHA256 (`X-Test-Signature: sha256=<hex>`), acknowledged once the delivery is claimed, the turn
 * run after the answer, drained on stop; errors mapped by the kit. Registered with one line:
 * `[...BUILT_IN_CHANNELS, testChannelFactory({ secret })]`.
 */
import { type Channel, type ChannelFactory, channelErrorHandler, InFlight, sendRefusal, verifySha256Signature } from 'baton';
import express from 'express';
import { TEST_CHANNEL_ID, TestPlatformAdapter } from './test-adapter.js';

export { TEST_CHANNEL_ID, type TestPlatformMessage, type TestPlatformReply } from './test-adapter.js';

/** The test channel, with its concrete adapter (the outbox is its platform). */
export interface TestChannel extends Channel {
  readonly adapter: TestPlatformAdapter;
}

/** The channel's settings; absent `secret` turns it off, as a real channel's missing credentials do. */
export interface TestChannelSettings {
  secret?: string;
  mountPath?: string;
}

/** The factory: one registry line. */
export function testChannelFactory({ secret, mountPath = '/test-platform' }: TestChannelSettings): ChannelFactory<TestChannel> {
  return {
    name: TEST_CHANNEL_ID,
    fromConfig({ pipeline, stores, logger }) {
      if (!secret) return undefined;
      const adapter = new TestPlatformAdapter(stores.dedupe);
      adapter.use(...pipeline.middleware);
      const inFlight = new InFlight();
      const router = express.Router();
      router.post('/', express.raw({ type: () => true, limit: '64kb' }), async (req, res, next) => {
        try {
          const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          if (!verifySha256Signature(raw, req.get('x-test-signature'), secret))
            return sendRefusal(res, 401, 'invalid_signature', 'X-Test-Signature does not match.');
          if (!inFlight.accepting) return sendRefusal(res, 503, 'stopping', 'This instance is shutting down; deliver again.');
          let body: unknown;
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch {
            return sendRefusal(res, 400, 'bad_json', 'The body is not valid JSON.');
          }
          const outcome = await inFlight.track(adapter.accept(body, pipeline.logic));
          res.status(200).json({ outcome });
        } catch (error) {
          next(error);
        }
      });
      router.use(
        channelErrorHandler({
          channel: TEST_CHANNEL_ID,
          words: {
            badJson: { code: 'bad_json', message: 'The body is not valid JSON.' },
            tooLarge: { code: 'too_large', message: 'The body is over 64 kB.' },
            unavailable: { code: 'unavailable', message: 'The message could not be recorded now; deliver it again.' },
            internal: { code: 'internal', message: 'The message could not be taken; deliver it again.' },
          },
          logger,
        }),
      );
      return {
        name: TEST_CHANNEL_ID,
        adapter,
        router,
        mountPath,
        async start() {},
        async stop() {
          await inFlight.stop();
          await adapter.drain();
        },
      };
    },
  };
}
