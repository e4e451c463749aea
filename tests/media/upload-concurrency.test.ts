/**
 * Direct Line uploads one instance reads at once (MEDIA_UPLOAD_CONCURRENCY): with the cap at 1, an
 * upload whose body is still arriving holds the only place; a second one meanwhile gets 503 with
 * Retry-After and a JSON error, and nothing of it is kept; the first completes, and the place is free again.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { fullSettings, startFakes, type Fakes } from '../support/full-app.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const BOUNDARY = 'baton-test-boundary';

/** A multipart body as Web Chat sends it: the activity part, then one file part. */
function multipart(userId: string, name: string): Buffer {
  const activity = JSON.stringify({ type: 'message', from: { id: userId } });
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="activity"\r\nContent-Type: application/vnd.microsoft.activity\r\n\r\n${activity}\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
    PNG,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

describe('uploads per instance (MEDIA_UPLOAD_CONCURRENCY=1)', () => {
  let fakes: Fakes;
  let assistant: ShopAssistant;
  let baseUrl: string;

  beforeAll(async () => {
    fakes = await startFakes();
    assistant = await createShopAssistant(loadConfig(fullSettings(fakes, { extra: { MEDIA_STORE: 'memory', MEDIA_UPLOAD_CONCURRENCY: '1' } })));
    baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  });
  afterAll(async () => {
    await assistant?.stop();
    await fakes?.close();
  });

  const start = async () =>
    (await (await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };

  /** Waits (without a deadline on the outcome) until the gate reads `count` uploads in flight. */
  async function untilInFlight(count: number): Promise<void> {
    for (let i = 0; i < 500 && assistant.media.kit.uploadGate.inFlight !== count; i++) await new Promise((wake) => setTimeout(wake, 10));
    expect(assistant.media.kit.uploadGate.inFlight).toBe(count);
  }

  it('a second upload while the first is still arriving gets 503 with Retry-After; the first completes', async () => {
    const first = await start();
    const second = await start();
    const body = multipart('cust-first', 'first.png');
    const split = body.length - 40;

    // The first upload's body arrives in two parts; the test decides when the second part is sent.
    const firstAnswer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${baseUrl}/v3/directline/conversations/${first.conversationId}/upload?userId=cust-first`, {
        method: 'POST',
        headers: { authorization: `Bearer ${first.token}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': body.length },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, split));
      untilInFlight(1).then(
        async () => {
          const refused = await fetch(`${baseUrl}/v3/directline/conversations/${second.conversationId}/upload?userId=cust-second`, {
            method: 'POST',
            headers: { authorization: `Bearer ${second.token}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
            body: new Uint8Array(multipart('cust-second', 'second.png')),
          });
          secondAnswer.status = refused.status;
          secondAnswer.retryAfter = refused.headers.get('retry-after');
          secondAnswer.body = (await refused.json()) as { error: { code: string; message: string } };
          req.end(body.subarray(split));
        },
        (error: unknown) => req.destroy(error as Error),
      );
    });
    const secondAnswer: { status?: number; retryAfter?: string | null; body?: { error: { code: string; message: string } } } = {};

    const answer = await firstAnswer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toHaveProperty('id');
    expect(secondAnswer.status).toBe(503);
    expect(Number(secondAnswer.retryAfter)).toBeGreaterThan(0);
    expect(secondAnswer.body?.error.code).toBe('ServiceUnavailable');
    expect(secondAnswer.body?.error.message).toMatch(/Too many files are being uploaded right now.*nothing was kept.*again/);
    // Nothing of the refused upload was kept; the first one's file was.
    const stored = (id: string) => assistant.stores.activityLog.read(id, undefined, 100);
    expect(JSON.stringify(await stored(second.conversationId))).not.toMatch(/second\.png/);
    expect(JSON.stringify(await stored(first.conversationId))).toMatch(/first\.png/);

    // The place is free again: the second customer's retry goes through.
    await untilInFlight(0);
    const retry = await fetch(`${baseUrl}/v3/directline/conversations/${second.conversationId}/upload?userId=cust-second`, {
      method: 'POST',
      headers: { authorization: `Bearer ${second.token}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body: new Uint8Array(multipart('cust-second', 'second.png')),
    });
    expect(retry.status).toBe(200);
  });
});
