/**
 * The whatsapp-web.js channel driven as the library drives it: a fake client emits 'qr', 'ready' and
 * 'message' objects shaped like whatsapp-web.js's Message, and records sendMessage. One instance on the
 * memory stores (the Redis leader election has its own test), with its QR page served over HTTP.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder-core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIELD_LIMITS } from '../../adapters/field-limits.js';
import { createWhatsAppWebChannel, WHATSAPP_TEXTS, type WhatsAppWebChannel } from '../../adapters/whatsapp/index.js';
import { createFakePhone, eventually, webMessage, type FakePhone } from '../support/fake-whatsapp-web.js';
import { MANY_OPTIONS, scriptedBot } from '../whatsapp/harness.js';

const ADMIN_TOKEN = 'ops-admin-token-0123456789';

describe('whatsapp-web.js channel (fake client, memory stores)', () => {
  let phone: FakePhone;
  let channel: WhatsAppWebChannel;
  let server: Server;
  let baseUrl: string;
  const received: Partial<Activity>[] = [];
  let chat = 0;
  const nextChat = () => `86138000${String(++chat).padStart(5, '0')}@c.us`;

  /** Plays `message` and resolves what the customer got back once the turn and the outbox are done. */
  async function exchange(message: ReturnType<typeof webMessage>): Promise<string[]> {
    const before = phone.sentTo(message.from).length;
    phone.clients.at(-1)!.receive(message);
    await channel.adapter.drain();
    await eventually('the outbox to empty', async () => (await channel.outbox.backlog()) === 0);
    return phone.sentTo(message.from).slice(before);
  }

  beforeAll(async () => {
    phone = createFakePhone();
    channel = createWhatsAppWebChannel({
      pipeline: scriptedBot(received),
      createClient: phone.factory({ manualReady: true }),
      adminToken: ADMIN_TOKEN,
      qrInTerminal: false,
    });
    const app = express().use(channel.mountPath!, channel.router!);
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await channel.start({ server });
  });

  afterAll(async () => {
    await channel?.stop();
    server?.close();
  });

  it('shows the QR code on the ops page only with ADMIN_TOKEN, then that the session is ready', async () => {
    await eventually('the first QR code', async () => (await channel.status.read())?.state === 'qr');
    expect((await fetch(`${baseUrl}/whatsapp/qr`)).status).toBe(401);
    expect((await fetch(`${baseUrl}/whatsapp/qr`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const basic = `Basic ${Buffer.from(`ops:${ADMIN_TOKEN}`).toString('base64')}`;
    const page = await fetch(`${baseUrl}/whatsapp/qr`, { headers: { authorization: basic } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/data-state="qr"/);
    expect(html).toMatch(/<svg[^>]*>/);
    const svg = await fetch(`${baseUrl}/whatsapp/qr.svg`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    expect(await svg.text()).toMatch(/^<svg/);

    phone.clients[0].ready();
    await eventually('the ready state', async () => (await channel.status.read())?.state === 'ready');
    const ready = await (await fetch(`${baseUrl}/whatsapp/qr`, { headers: { authorization: basic } })).text();
    expect(ready).toMatch(/Linked and ready/);
    expect(ready).not.toMatch(/<svg/);
    expect((await fetch(`${baseUrl}/whatsapp/qr.svg`, { headers: { authorization: basic } })).status).toBe(404);
    expect(channel.leading).toBe(true);
  });

  it("turns a message into an Activity with the sender's chat id, profile name and message id, and answers through sendMessage", async () => {
    const from = nextChat();
    const message = webMessage(from, 'hello there', { notifyName: 'Mei' });
    expect(await exchange(message)).toEqual([`Mei|${from}|${message.id._serialized}|hello there`]);
    expect(received.at(-1)).toMatchObject({
      channelId: 'whatsapp-web',
      conversation: { id: from, isGroup: false },
      from: { id: from, name: 'Mei', role: 'user' },
      textFormat: 'plain',
    });
    // Only plain fields reach channelData: the library's Message holds its client and browser page.
    expect(received.at(-1)!.channelData).toEqual({ whatsappWeb: { id: message.id._serialized, type: 'chat', timestamp: message.timestamp } });
  });

  it('answers a message the client emits twice (a reconnect re-sync) once', async () => {
    const from = nextChat();
    const message = webMessage(from, 'ping');
    expect(await exchange(message)).toHaveLength(1);
    expect(await exchange({ ...message })).toEqual([]);
  });

  it('leaves alone its own messages, status updates, groups and system notices', async () => {
    const from = nextChat();
    const before = received.length;
    for (const message of [
      webMessage(from, 'sent from the business phone', { fromMe: true }),
      webMessage('status@broadcast', 'my holiday', { isStatus: true }),
      webMessage('120363041234567890@g.us', 'group chatter'),
      webMessage(from, '', { type: 'e2e_notification' }),
      webMessage(from, '', { type: 'revoked' }),
    ]) {
      expect(await exchange(message)).toEqual([]);
    }
    expect(received.length).toBe(before);
  });

  it('tells a customer who sends a photo or a voice note that only text is read, in their language', async () => {
    const from = nextChat();
    expect(await exchange(webMessage(from, '', { type: 'ptt' }))).toEqual([WHATSAPP_TEXTS.en.unsupported]);
    expect(await exchange(webMessage(from, '这个颜色有货吗', { type: 'image' }))).toEqual([WHATSAPP_TEXTS.zh.unsupported]);
  });

  it('sends suggested actions as a numbered list and maps a numbered answer back to the option', async () => {
    const from = nextChat();
    const [list] = await exchange(webMessage(from, 'menu'));
    expect(list).toBe(`How can I help?\n\n1. Track my order\n2. Refund\n3. Talk to a person\n\n${WHATSAPP_TEXTS.en.numberedHint}`);
    expect((await exchange(webMessage(from, '1')))[0]).toMatch(/\|track order$/);
    // The list is consumed by any answer: a later "2" is just "2".
    expect((await exchange(webMessage(from, '2')))[0]).toMatch(/\|2$/);
    await exchange(webMessage(from, 'sizes'));
    expect((await exchange(webMessage(from, '１２')))[0]).toMatch(new RegExp(`\\|${MANY_OPTIONS[11].value}$`));
  });

  it('apologises when the bot throws', async () => {
    const from = nextChat();
    expect(await exchange(webMessage(from, 'boom'))).toEqual([WHATSAPP_TEXTS.en.failed]);
  });

  it('sends a proactive message through the outbox', async () => {
    const from = nextChat();
    await exchange(webMessage(from, 'hi'));
    await channel.adapter.continueConversation(
      { channelId: 'whatsapp-web', conversation: { id: from, isGroup: false, conversationType: 'personal', name: '' }, user: { id: from, name: '' } },
      async (context) => {
        await context.sendActivity('Agent Ada: your parcel left the warehouse.');
      },
    );
    await eventually('the proactive message', () => phone.sentTo(from).at(-1) === 'Agent Ada: your parcel left the warehouse.');
  });
  it('answers a text over the field limit politely without a turn, and cuts a huge profile name', async () => {
    const long = '1 '.repeat(FIELD_LIMITS.text);
    const from = nextChat();
    const before = received.length;
    expect(await exchange(webMessage(from, long))).toEqual([WHATSAPP_TEXTS.en.tooLong.replace('{limit}', String(FIELD_LIMITS.text))]);
    expect(received.length).toBe(before);
    const named = nextChat();
    await exchange(webMessage(named, 'hello', { notifyName: '1 '.repeat(50_000) }));
    expect(received.at(-1)?.from?.name).toHaveLength(FIELD_LIMITS.name);
  });
});
