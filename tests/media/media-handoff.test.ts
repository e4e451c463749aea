/**
 * Photos and files through the whole app, as a customer and an agent would send them: a Direct Line
 * upload (multipart, as Web Chat and the widget send it) reaches the agent console's ticket with a
 * signed URL; the agent's image reaches the customer; files over the limits or of a refused type are
 * refused with a message the customer reads; signed URLs expire and refuse tampering; erase removes
 * the files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { ADMIN_TOKEN, AGENTS, fullSettings, startFakes, type Fakes } from '../support/full-app.js';

/** The first truthy answer of `read` within 5 s. */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const value = await read();
    if (value) return value;
    await new Promise((wake) => setTimeout(wake, 20));
  }
  return undefined;
}

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** A Windows executable's first bytes, posing as a photo. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]);
const ADA = AGENTS[0];

interface WireActivity {
  type: string;
  text?: string;
  from?: { id: string; role?: string };
  attachments?: Array<{ contentType: string; contentUrl?: string; name?: string; content?: Record<string, unknown> }>;
}

describe('photos and files through the full app', () => {
  let fakes: Fakes;
  let assistant: ShopAssistant;
  let baseUrl: string;
  const clock = { now: Date.now() };

  beforeAll(async () => {
    fakes = await startFakes();
    assistant = await createShopAssistant(loadConfig(fullSettings(fakes, { extra: { MEDIA_STORE: 'memory' } })), { now: () => clock.now });
    baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  });
  afterAll(async () => {
    await assistant?.stop();
    await fakes?.close();
  });

  const agentApi = async (method: string, path: string, init: { json?: unknown; body?: Buffer; headers?: Record<string, string> } = {}) => {
    const response = await fetch(`${baseUrl}/api/agent${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADA.token}`,
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.body ? { 'content-type': 'application/octet-stream' } : {}),
        ...init.headers,
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body ? new Uint8Array(init.body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  /** A Direct Line customer that can upload. */
  async function customer(userId = `cust-${Math.random().toString(36).slice(2, 8)}`) {
    const started = (await (await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' })).json()) as { conversationId: string; token: string };
    const { conversationId, token } = started;
    const url = `${baseUrl}/v3/directline/conversations/${conversationId}`;
    let watermark = '';
    const read = async (): Promise<WireActivity[]> => {
      const page = (await (await fetch(`${url}/activities?watermark=${watermark}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        activities: WireActivity[];
        watermark: string;
      };
      watermark = page.watermark || watermark;
      return page.activities.filter((a) => a.type === 'message' && a.from?.id !== userId);
    };
    return {
      conversationId,
      token,
      read,
      async say(text: string) {
        await fetch(`${url}/activities`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', text, from: { id: userId } }),
        });
        return read();
      },
      /** Posts files as Web Chat does: an `activity` part and one `file` part each, with the client's claimed types. */
      async upload(files: Array<{ bytes: Buffer; name: string; type: string }>, text?: string) {
        const form = new FormData();
        const activity = {
          type: 'message',
          from: { id: userId },
          ...(text ? { text } : {}),
          attachments: files.map((f) => ({ contentType: f.type, name: f.name })),
        };
        form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
        for (const file of files) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
        const response = await fetch(`${url}/upload?userId=${userId}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
        return { status: response.status, body: (await response.json()) as any, replies: await read() };
      },
    };
  }

  const text = (activities: readonly WireActivity[]) => activities.map((a) => a.text ?? '').join('\n');

  it('a photo after a complaint goes to a person with the photo; the agent sees it and sends an image back', async () => {
    const shopper = await customer();
    await shopper.say('My order arrived damaged');
    const sent = await shopper.upload([{ bytes: PNG, name: '../kettle photo.png', type: 'image/png' }]);
    expect(sent.status).toBe(200);
    const ticket = await eventually(async () => assistant.handoff.service.openTicketFor(shopper.conversationId));
    // The photo is the evidence of the complaint: the bot thanks, and a person takes it (reason `dialog`).
    expect(ticket).toMatchObject({ state: 'queued', reason: 'dialog' });
    expect(ticket!.details.detail).toMatch(/photo about a damaged or wrong item/);
    expect(text(sent.replies)).toMatch(/Thanks for the photo\. I'm passing it to a colleague[\s\S]*number 1 in the queue/);

    // The agent claims it and sees the photo, with a signed URL that serves the very bytes.
    expect((await agentApi('PUT', '/me/presence', { json: { presence: 'available' } })).status).toBe(200);
    expect((await agentApi('POST', `/tickets/${ticket!.id}/claim`)).status).toBe(200);
    const details = await agentApi('GET', `/tickets/${ticket!.id}`);
    const photoLine = details.body.transcript.find((line: any) => line.from === 'customer' && line.attachments?.length);
    expect(photoLine.attachments[0]).toMatchObject({ kind: 'image', contentType: 'image/png', size: PNG.length, name: 'kettle photo.png' });
    const served = await fetch(`${baseUrl}${photoLine.attachments[0].url}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);

    // The customer sends another photo while Ada holds the conversation: the bot stays quiet, the console gets it live.
    const during = await shopper.upload([{ bytes: PNG, name: 'second.png', type: 'image/png' }]);
    expect(during.status).toBe(200);
    expect(text(during.replies)).not.toMatch(/Thanks for the photo/);
    const again = await agentApi('GET', `/tickets/${ticket!.id}`);
    expect(again.body.transcript.filter((line: any) => line.from === 'customer' && line.attachments?.length)).toHaveLength(2);

    // Ada sends an image back from the console; the customer receives it with a working URL.
    const out = await agentApi('POST', `/tickets/${ticket!.id}/media?caption=${encodeURIComponent('Is this the crack?')}`, {
      body: PNG,
      headers: { 'x-file-name': encodeURIComponent('marked.png') },
    });
    expect(out.status).toBe(200);
    const received = await eventually(async () => (await shopper.read()).find((a) => a.attachments?.length));
    expect(received!.text).toBe('Is this the crack?');
    expect(received!.attachments![0]).toMatchObject({ contentType: 'image/png', name: 'marked.png' });
    const image = await fetch(received!.attachments![0]!.contentUrl!);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(PNG);
    // And the agent's line in the transcript carries it too.
    const after = await agentApi('GET', `/tickets/${ticket!.id}`);
    expect(after.body.transcript.at(-1)).toMatchObject({ from: 'agent', text: 'Is this the crack?', attachments: [{ kind: 'image', name: 'marked.png' }] });

    // A file sent again with the Idempotency-Key of its first send (a retry): answered as the first, received once.
    const keyed = { 'x-file-name': encodeURIComponent('label.png'), 'idempotency-key': 'file-retry-0001' };
    const firstSend = await agentApi('POST', `/tickets/${ticket!.id}/media`, { body: PNG, headers: keyed });
    expect(firstSend.status).toBe(200);
    expect(firstSend.body.messageId).toEqual(expect.any(String));
    const label = await eventually(async () => (await shopper.read()).find((a) => a.attachments?.length));
    expect(label!.attachments![0]).toMatchObject({ name: 'label.png' });
    const repeat = await agentApi('POST', `/tickets/${ticket!.id}/media`, { body: PNG, headers: keyed });
    expect(repeat).toMatchObject({ status: 200, body: { repeated: true, messageId: firstSend.body.messageId } });
    expect((await shopper.read()).filter((a) => a.attachments?.length)).toEqual([]);
    await agentApi('POST', `/tickets/${ticket!.id}/resolve`);
  });

  it('a photo with no complaint behind it is thanked, the bot says it cannot read it, and nobody is called', async () => {
    const shopper = await customer();
    const sent = await shopper.upload([{ bytes: PNG, name: 'random.png', type: 'image/png' }]);
    expect(sent.status).toBe(200);
    expect(text(sent.replies)).toMatch(/Thanks for the photo\. I can't look at photos myself/);
    expect(await assistant.handoff.service.openTicketFor(shopper.conversationId)).toBeUndefined();

    const zh = await customer();
    await zh.say('你好');
    const chinese = await zh.upload([{ bytes: PNG, name: 'a.png', type: 'image/png' }]);
    expect(text(chinese.replies)).toMatch(/收到您的照片，谢谢！不过我暂时看不了图片和文件/);
  });

  it('refuses a file whose bytes are not what it claims, and one over the size limit, telling the customer why', async () => {
    const shopper = await customer();
    const disguised = await shopper.upload([{ bytes: EXE, name: 'photo.png', type: 'image/png' }]);
    expect(disguised.status).toBe(415);
    expect(disguised.body.error.code).toBe('UnsupportedMediaType');
    expect(text(disguised.replies)).toMatch(/we cannot take that kind of file/);

    const huge = Buffer.concat([PNG, Buffer.alloc(10 * 2 ** 20)]);
    const tooBig = await shopper.upload([{ bytes: huge, name: 'big.png', type: 'image/png' }]);
    expect(tooBig.status).toBe(413);
    expect(text(tooBig.replies)).toMatch(/That image is too large: the limit is 10 MB/);

    // A client may not name a stored file itself on a plain message.
    const forged = await fetch(`${baseUrl}/v3/directline/conversations/${shopper.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shopper.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        from: { id: 'x' },
        attachments: [{ contentType: 'image/png', content: { baton: 'media', mediaId: 'a', kind: 'image', size: 1 } }],
      }),
    });
    expect(forged.status).toBe(400);
    expect(await assistant.handoff.service.openTicketFor(shopper.conversationId)).toBeUndefined();
  });

  it('serves files only by signed URL: a tampered one is refused, an expired one too', async () => {
    const shopper = await customer();
    await shopper.upload([{ bytes: PNG, name: 'p.png', type: 'image/png' }]);
    const page = (await (
      await fetch(`${baseUrl}/v3/directline/conversations/${shopper.conversationId}/activities`, { headers: { authorization: `Bearer ${shopper.token}` } })
    ).json()) as { activities: WireActivity[] };
    const url = new URL(page.activities.find((a) => a.attachments?.length)!.attachments![0]!.contentUrl!);
    expect((await fetch(url)).status).toBe(200);

    const tampered = new URL(url);
    tampered.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 3600));
    expect((await fetch(tampered)).status).toBe(403);
    const otherFile = new URL(url);
    otherFile.pathname = `${url.pathname.slice(0, -4)}AAAA`;
    expect((await fetch(otherFile)).status).toBe(403);
    const bare = new URL(url);
    bare.search = '';
    expect((await fetch(bare)).status).toBe(403);

    clock.now += 301_000;
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as any).error.code).toBe('expired');
  });

  it('erase removes every file of the conversation', async () => {
    const shopper = await customer();
    await shopper.upload([{ bytes: PNG, name: 'one.png', type: 'image/png' }]);
    await shopper.upload([{ bytes: PNG, name: 'two.png', type: 'image/png' }]);
    const [first] = (await assistant.stores.transcript.read(shopper.conversationId)).flatMap((a) => a.attachments ?? []);
    const mediaId = (first!.content as { mediaId: string }).mediaId;
    expect(await assistant.media.kit.store.stat(mediaId)).toBeDefined();

    const erased = await fetch(`${baseUrl}/api/admin/conversations/${shopper.conversationId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(((await erased.json()) as any).erased).toMatchObject({ mediaFiles: 2, transcript: true });
    expect(await assistant.media.kit.store.stat(mediaId)).toBeUndefined();
    expect((await fetch(`${baseUrl}${assistant.media.kit.signer.url(mediaId)}`)).status).toBe(404);
  });
});
