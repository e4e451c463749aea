/**
 * Files on the Bot Framework channel through /api/messages (anonymous, as the Emulator posts): an
 * attachment the connector serves is downloaded, sniffed and stored, and the turn sees Baton's media
 * attachment; a file from any other host, or of a refused type, is refused with a message and the turn
 * does not run; a media attachment the bot sends goes out with a signed public URL.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity, TurnContext } from 'botbuilder-core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotFrameworkChannel, type BotFrameworkChannel } from '../../adapters/botframework/index.js';
import { createMediaKit } from '../../adapters/media-intake.js';
import { type MediaAttachment, mediaOf, toActivityAttachment } from '../../dialogs/media.js';
import { createMemoryMediaStore } from '../../infra/media/memory-media-store.js';
import { createMediaSigner } from '../../infra/media/signed-urls.js';
import { channelActivity, startFakeConnector, type FakeConnector } from '../support/fake-bot-connector.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('Bot Framework channel: files both ways', () => {
  let connector: FakeConnector;
  let channel: BotFrameworkChannel;
  let server: Server;
  let url: string;
  const seen: MediaAttachment[][] = [];
  const kit = createMediaKit({
    store: createMemoryMediaStore(),
    signer: createMediaSigner({ secret: 'bot-framework-media-test-secret-01', baseUrl: 'https://bot.shop.example' }),
  });

  beforeAll(async () => {
    connector = await startFakeConnector();
    channel = createBotFrameworkChannel({
      media: kit,
      pipeline: {
        middleware: [],
        async logic(context: TurnContext) {
          const media = mediaOf(context.activity);
          seen.push(media);
          // Echo the stored photo back, as an agent's file would go.
          if (media[0]) await context.sendActivity({ type: 'message', text: 'got it', attachments: [toActivityAttachment(media[0])] });
        },
      },
    });
    const app = express().use(channel.mountPath!, channel.router!);
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${channel.mountPath}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await connector.close();
  });

  const post = (activity: Record<string, unknown>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });

  it('downloads the connector’s attachment, stores it by its bytes, and sends a stored file back with a signed URL', async () => {
    connector.files.set('/v3/attachments/abc/views/original', { body: PNG, contentType: 'application/octet-stream' });
    const activity = {
      ...channelActivity(connector.serviceUrl, 'bf-media-1', ''),
      attachments: [{ contentType: 'image/jpeg', contentUrl: `${connector.serviceUrl}v3/attachments/abc/views/original`, name: 'parcel.jpg' }],
    };
    expect((await post(activity)).status).toBe(200);
    const media = seen.at(-1)!;
    expect(media).toEqual([expect.objectContaining({ kind: 'image', contentType: 'image/png', size: PNG.length, name: 'parcel.jpg' })]);
    expect(await kit.store.stat(media[0]!.mediaId)).toMatchObject({ conversationId: 'bf-media-1' });

    const reply = connector.calls.find((call) => call.conversationId === 'bf-media-1' && call.activity.text === 'got it')!;
    const [sent] = reply.activity.attachments as NonNullable<Activity['attachments']>;
    expect(sent).toMatchObject({ contentType: 'image/png', name: 'parcel.jpg' });
    expect(sent!.contentUrl).toMatch(/^https:\/\/bot\.shop\.example\/media\/[\w-]+\.[\w-]+\?exp=\d+&sig=/);
    expect(sent!.content).toBeUndefined();
  });

  it('refuses a file from a host it does not fetch from, and a file of a refused type, telling the customer', async () => {
    const before = seen.length;
    const elsewhere = {
      ...channelActivity(connector.serviceUrl, 'bf-media-2', ''),
      attachments: [{ contentType: 'image/png', contentUrl: 'http://169.254.169.254/latest/meta-data/', name: 'x.png' }],
    };
    expect((await post(elsewhere)).status).toBe(200);
    expect(connector.messages('bf-media-2').at(-1)).toMatch(/could not receive that file/);

    connector.files.set('/v3/attachments/exe/views/original', { body: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64)]), contentType: 'image/png' });
    const disguised = {
      ...channelActivity(connector.serviceUrl, 'bf-media-3', ''),
      attachments: [{ contentType: 'image/png', contentUrl: `${connector.serviceUrl}v3/attachments/exe/views/original`, name: 'photo.png' }],
    };
    expect((await post(disguised)).status).toBe(200);
    expect(connector.messages('bf-media-3').at(-1)).toMatch(/we cannot take that kind of file/);
    // Neither turn ran.
    expect(seen.length).toBe(before);
  });
});
