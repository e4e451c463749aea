/**
 * Photos and files on the platform channels and the Slack desk, through the whole app, with every
 * platform a loopback fake that serves and records files as the real one does, and every request signed
 * as the platform signs it: a Telegram photo reaches the agent in the console and in the ticket's Slack
 * thread; a Slack agent's file reaches the Telegram customer (and the desk skips its own upload's echo,
 * by the file's tag); a WhatsApp Cloud API document comes in and the agent's image goes out; a sticker, a
 * file over the limit and a refused type get a clear answer; whatsapp-web.js both ways; redeliveries
 * store nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../adapters/whatsapp/payload-types.js';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';
import { actionsOf } from '../slack/slack-harness.js';
import { shownText } from '../support/fake-graph-api.js';
import { createFakePhone, eventually, webMediaMessage, webMessage } from '../support/fake-whatsapp-web.js';
import { AGENTS, SLACK_ADA, SLACK_QUEUE, SLACK_SIGNING_SECRET, TELEGRAM_SECRET, fullSettings, startFakes, type Fakes } from '../support/full-app.js';
import { nextMessageTs, slackSender } from '../support/slack-requests.js';
import { envelope, newWamid, postWebhook, textMessage } from '../support/whatsapp-webhook.js';
import { customer as telegramCustomer, textUpdate } from '../telegram/updates.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** A small but well-formed PDF. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
/** A Windows executable's first bytes. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]);
const ADA = AGENTS[0];
const MB = 2 ** 20;

describe('media on Telegram, WhatsApp and the Slack desk, through the full app', () => {
  let fakes: Fakes;
  let assistant: ShopAssistant;
  let baseUrl: string;
  const phone = createFakePhone();

  const settle = async () => {
    for (let round = 0; round < 2; round++) {
      for (const channel of assistant.channels) await (channel.adapter as { drain?: () => Promise<void> }).drain?.();
      await assistant.slack?.idle();
    }
  };
  const agentApi = async (method: string, path: string, init: { body?: Buffer; headers?: Record<string, string> } = {}) => {
    const response = await fetch(`${baseUrl}/api/agent${path}`, {
      method,
      headers: { authorization: `Bearer ${ADA.token}`, ...(init.body ? { 'content-type': 'application/octet-stream' } : {}), ...init.headers },
      ...(init.body ? { body: new Uint8Array(init.body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const telegram = (update: unknown) =>
    fetch(`${baseUrl}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(update),
    }).then((response) => response.status);
  const whatsapp = (waId: string, ...messages: InboundMessage[]) =>
    postWebhook(`${baseUrl}/whatsapp/webhook`, envelope({ waId, messages })).then((response) => response.status);
  const openTicket = (conversationId: string) => eventually('a ticket', () => assistant.handoff.service.openTicketFor(conversationId));
  const cardOf = (ticketId: string) =>
    fakes.slack
      .callsTo('chat.postMessage')
      .find((message) => !message.thread_ts && Object.values(actionsOf(message)).some((action) => action.value === ticketId));
  /** The bytes behind a signed URL the agent API handed out. */
  const open = async (url: string) => Buffer.from(await (await fetch(url.startsWith('http') ? url : `${baseUrl}${url}`)).arrayBuffer());

  beforeAll(async () => {
    fakes = await startFakes();
    const settings = fullSettings(fakes, { extra: { MEDIA_STORE: 'memory', WHATSAPP_WEB: 'true' } });
    assistant = await createShopAssistant(loadConfig(settings), { whatsAppWebClient: phone.factory() });
    baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  });
  afterAll(async () => {
    await assistant?.stop();
    await fakes?.close();
  });

  describe('Telegram and the Slack desk', () => {
    const mia = telegramCustomer(93_001);
    const chatId = String(mia.id);
    const file = () => fakes.telegram.addFile(PNG, { path: 'photos/file_17.png' });
    let photo: ReturnType<typeof photoUpdate>;
    let ticketId: string;
    let card: Record<string, any>;

    it('a photo after a complaint is downloaded once, stored, and reaches the agent in the console and in the Slack thread', async () => {
      expect(await telegram(textUpdate(930_001, mia, 'My order arrived damaged'))).toBe(200);
      await settle();
      photo = photoUpdate(930_002, mia, file());
      expect(await telegram(photo)).toBe(200);
      await settle();
      const ticket = await openTicket(chatId);
      ticketId = ticket.id;
      // The bot thanked for the photo (it cannot read it) and passed it on.
      const said = fakes.telegram.succeeded('sendMessage', (params) => String(params.chat_id) === chatId).map((call) => call.params.text);
      expect(said.join('\n')).toMatch(/photo/i);

      // The console: the transcript line carries the photo, behind a signed URL that serves the bytes.
      const details = await agentApi('GET', `/tickets/${ticketId}`);
      const files = (details.body.transcript as Array<{ attachments?: Array<{ kind: string; url: string; contentType: string }> }>).flatMap(
        (line) => line.attachments ?? [],
      );
      expect(files).toEqual([expect.objectContaining({ kind: 'image', contentType: 'image/png' })]);
      expect((await open(files[0]!.url)).equals(PNG)).toBe(true);

      // Slack: uploaded into the card's thread with files.uploadV2's three steps.
      card = (await eventually('the card', () => cardOf(ticketId)))!;
      const upload = fakes.slack.uploads.find((candidate) => candidate.bytes.equals(PNG));
      expect(upload, 'the photo was uploaded to Slack').toBeDefined();
      expect(fakes.slack.callsTo('files.getUploadURLExternal')).toContainEqual(expect.objectContaining({ length: String(PNG.length) }));
      expect(fakes.slack.callsTo('files.completeUploadExternal')).toContainEqual(
        expect.objectContaining({ channel_id: SLACK_QUEUE, thread_ts: card.ts, files: [expect.objectContaining({ id: upload!.fileId })] }),
      );
    });

    it('the same update delivered again downloads and stores nothing more', async () => {
      const downloads = fakes.telegram.downloads.length;
      const uploads = fakes.slack.uploads.length;
      expect(await telegram(photo)).toBe(200);
      await settle();
      expect(fakes.telegram.downloads).toHaveLength(downloads);
      expect(fakes.telegram.succeeded('getFile')).toHaveLength(1);
      expect(fakes.slack.uploads).toHaveLength(uploads);
    });

    it("a file the holder shares in the thread reaches the customer as a document; the desk's own upload is never sent back", async () => {
      expect((await agentApi('POST', `/tickets/${ticketId}/claim`)).status).toBe(200);
      await settle();
      const slack = slackSender({ baseUrl, signingSecret: SLACK_SIGNING_SECRET });
      const uploads = fakes.slack.uploads.length;
      const label = fakes.slack.addFile(PDF, { name: 'return-label.pdf', mimetype: 'application/pdf' });
      const share = { type: 'message', subtype: 'file_share', channel: SLACK_QUEUE, user: SLACK_ADA, text: 'Here is your return label', thread_ts: card.ts };
      expect(await slack.event({ ...share, ts: nextMessageTs(), files: [label] })).toBe(200);
      await settle();
      const sent = fakes.telegram.succeeded('sendDocument', (params) => String(params.chat_id) === chatId);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.params.caption).toBe('Here is your return label');
      expect(sent[0]!.params.document.bytes.equals(PDF)).toBe(true);
      expect(fakes.slack.fileDownloads).toEqual([label.id]);
      // The agent's own file is not uploaded into the thread again.
      expect(fakes.slack.uploads).toHaveLength(uploads);

      // Slack announces the desk's own upload of the customer's photo as a share: skipped by its tag.
      const own = fakes.slack.uploads[0]!;
      const echo = { id: own.fileId, name: own.filename, size: own.bytes.length, url_private_download: label.url_private_download };
      expect(await slack.event({ ...share, text: '', ts: nextMessageTs(), files: [echo] })).toBe(200);
      await settle();
      expect(fakes.telegram.succeeded('sendDocument')).toHaveLength(1);
      expect(fakes.telegram.succeeded('sendPhoto')).toHaveLength(0);
      expect(fakes.slack.fileDownloads).toEqual([label.id]);
    });

    it("an agent's file shared again (or its message run again after a crash) is still the agent's, not taken for the desk's own", async () => {
      const slack = slackSender({ baseUrl, signingSecret: SLACK_SIGNING_SECRET });
      const before = fakes.telegram.succeeded('sendDocument', (params) => String(params.chat_id) === chatId).length;
      const label = fakes.slack.addFile(PDF, { name: 'label-again.pdf', mimetype: 'application/pdf' });
      const share = { type: 'message', subtype: 'file_share', channel: SLACK_QUEUE, user: SLACK_ADA, thread_ts: card.ts, files: [label] };
      expect(await slack.event({ ...share, text: 'The label', ts: nextMessageTs() })).toBe(200);
      await settle();
      // The same Slack file in a new message: a first share once claimed its id, and the second went nowhere.
      expect(await slack.event({ ...share, text: 'The label once more', ts: nextMessageTs() })).toBe(200);
      await settle();
      const sent = fakes.telegram.succeeded('sendDocument', (params) => String(params.chat_id) === chatId).slice(before);
      expect(sent.map((call) => call.params.caption)).toEqual(['The label', 'The label once more']);
    });

    it("a Slack agent's file the customer's channel refuses is not sent, and the agent is told why, privately", async () => {
      const slack = slackSender({ baseUrl, signingSecret: SLACK_SIGNING_SECRET });
      const documents = fakes.telegram.succeeded('sendDocument').length;
      const ephemerals = fakes.slack.callsTo('chat.postEphemeral').length;
      const exe = fakes.slack.addFile(EXE, { name: 'label.pdf', mimetype: 'application/pdf' });
      const share = { type: 'message', subtype: 'file_share', channel: SLACK_QUEUE, user: SLACK_ADA, text: '', thread_ts: card.ts, ts: nextMessageTs() };
      expect(await slack.event({ ...share, files: [exe] })).toBe(200);
      await settle();
      expect(fakes.telegram.succeeded('sendDocument')).toHaveLength(documents);
      expect(fakes.slack.callsTo('chat.postEphemeral').slice(ephemerals)).toEqual([
        expect.objectContaining({
          user: SLACK_ADA,
          thread_ts: card.ts,
          text: expect.stringMatching(/^Not sent to the customer: .*cannot take that kind of file/),
        }),
      ]);
    });

    it("the agent's image from the console goes out with sendPhoto, and appears in the Slack thread", async () => {
      const uploads = fakes.slack.uploads.length;
      const sent = await agentApi('POST', `/tickets/${ticketId}/media?caption=${encodeURIComponent('Is this the one?')}`, {
        body: PNG,
        headers: { 'x-file-name': 'kettle.png' },
      });
      expect(sent.status).toBe(200);
      await settle();
      const photos = fakes.telegram.succeeded('sendPhoto', (params) => String(params.chat_id) === chatId);
      expect(photos).toHaveLength(1);
      expect(photos[0]!.params.caption).toBe('Is this the one?');
      expect(photos[0]!.params.photo.bytes.equals(PNG)).toBe(true);
      expect(fakes.slack.uploads.slice(uploads).map((upload) => upload.filename)).toEqual(['kettle.png']);
    });

    it('a file too large is refused unread, with the limit in the answer', async () => {
      const big = fakes.telegram.addFile(PNG, { size: 25 * MB, path: 'documents/huge.pdf' });
      const before = fakes.telegram.downloads.length;
      expect(await telegram(documentUpdate(930_010, mia, big, 'huge.pdf'))).toBe(200);
      await settle();
      expect(fakes.telegram.downloads).toHaveLength(before);
      const said = fakes.telegram.succeeded('sendMessage', (params) => String(params.chat_id) === chatId).map((call) => call.params.text);
      expect(said.at(-1)).toMatch(/too large: the limit is 20 MB/);
    });
  });

  describe('WhatsApp Cloud API', () => {
    const waId = '8613900000501';
    let ticketId: string;

    it('a document comes in through the media URL (bearer token), once, and the agent sees it', async () => {
      expect(await whatsapp(waId, textMessage(waId, 'I want to talk to a real person'))).toBe(200);
      await settle();
      ticketId = (await openTicket(waId)).id;
      expect((await agentApi('POST', `/tickets/${ticketId}/claim`)).status).toBe(200);
      const mediaId = fakes.graph.addMedia(PDF, { mimeType: 'application/pdf' });
      const document: InboundMessage = {
        from: waId,
        id: newWamid(),
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'document',
        document: { id: mediaId, mime_type: 'application/pdf', filename: 'receipt.pdf', caption: 'my receipt' },
      };
      expect(await whatsapp(waId, document)).toBe(200);
      expect(await whatsapp(waId, document)).toBe(200);
      await settle();
      expect(fakes.graph.mediaDownloads).toEqual([mediaId]);
      const details = await agentApi('GET', `/tickets/${ticketId}`);
      const line = (details.body.transcript as Array<{ text: string; attachments?: Array<{ kind: string; name?: string; url: string }> }>).find(
        (candidate) => candidate.attachments?.length,
      );
      expect(line).toMatchObject({ text: 'my receipt', attachments: [{ kind: 'document', name: 'receipt.pdf' }] });
      expect((await open(line!.attachments![0]!.url)).equals(PDF)).toBe(true);
    });

    it("a file's name reaches Slack, the console and a download masked, as the words of a message do", async () => {
      const uploads = fakes.slack.uploads.length;
      const mediaId = fakes.graph.addMedia(PDF, { mimeType: 'application/pdf' });
      const document: InboundMessage = {
        from: waId,
        id: newWamid(),
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'document',
        document: { id: mediaId, mime_type: 'application/pdf', filename: 'card 4111111111111111 call 13912345678.pdf' },
      };
      expect(await whatsapp(waId, document)).toBe(200);
      await settle();
      const names = [...fakes.slack.uploads.slice(uploads).map((upload) => upload.filename)];
      const details = await agentApi('GET', `/tickets/${ticketId}`);
      const line = (details.body.transcript as Array<{ attachments?: Array<{ name?: string; downloadUrl: string }> }>).findLast(
        (candidate) => candidate.attachments?.length,
      );
      names.push(line!.attachments![0]!.name!);
      const served = await fetch(`${baseUrl}${line!.attachments![0]!.downloadUrl}`);
      await served.body?.cancel();
      names.push(decodeURIComponent(served.headers.get('content-disposition') ?? ''));
      expect(names).toHaveLength(3);
      for (const name of names) {
        expect(name).toContain('1111');
        expect(name).not.toMatch(/4111111111111111|13912345678/);
      }
    });

    it("the agent's image is uploaded to /media and sent as an image message with its caption", async () => {
      const sent = await agentApi('POST', `/tickets/${ticketId}/media?caption=${encodeURIComponent('Your parcel, as packed')}`, {
        body: PNG,
        headers: { 'x-file-name': 'parcel.png' },
      });
      expect(sent.status).toBe(200);
      await settle();
      const upload = fakes.graph.uploads.at(-1)!;
      expect(upload).toMatchObject({ type: 'image/png', filename: 'parcel.png' });
      expect(upload.bytes.equals(PNG)).toBe(true);
      expect(fakes.graph.delivered(waId).at(-1)!.body).toMatchObject({ type: 'image', image: { id: upload.id, caption: 'Your parcel, as packed' } });
    });

    it('a sticker, a file over the limit and a refused type each get a clear answer, and nothing is stored', async () => {
      const other = '8613900000502';
      const at = String(Math.floor(Date.now() / 1000));
      const hugeId = fakes.graph.addMedia(PNG, { mimeType: 'image/jpeg', size: 30 * MB });
      const exeId = fakes.graph.addMedia(EXE, { mimeType: 'application/pdf' });
      const downloads = fakes.graph.mediaDownloads.length;
      await whatsapp(other, { from: other, id: newWamid(), timestamp: at, type: 'sticker', sticker: { id: '5550001', mime_type: 'image/webp' } });
      await settle();
      await whatsapp(other, { from: other, id: newWamid(), timestamp: at, type: 'image', image: { id: hugeId, mime_type: 'image/jpeg' } });
      await settle();
      await whatsapp(other, { from: other, id: newWamid(), timestamp: at, type: 'document', document: { id: exeId, filename: 'invoice.pdf' } });
      await settle();
      expect(fakes.graph.delivered(other).map(shownText)).toEqual([
        expect.stringMatching(/Thanks for the sticker/),
        expect.stringMatching(/too large: the limit is 20 MB/),
        expect.stringMatching(/cannot take that kind of file/),
      ]);
      // The oversized one was refused from its announced size, unread; the executable was read, then refused.
      expect(fakes.graph.mediaDownloads.slice(downloads)).toEqual([exeId]);
      expect(await assistant.media.kit.store.deleteConversation(other)).toBe(0);
    });
  });

  describe('WhatsApp through whatsapp-web.js', () => {
    const chat = '8613800002222@c.us';

    it('a photo comes in through downloadMedia, once; the agent sees it and the image goes back through the browser', async () => {
      const client = await eventually('the fake client', () => phone.clients.at(-1));
      client.receive(webMessage(chat, 'I want to talk to a real person'));
      await eventually('a ticket', () => assistant.handoff.service.openTicketFor(chat));
      const ticketId = (await assistant.handoff.service.openTicketFor(chat))!.id;
      expect((await agentApi('POST', `/tickets/${ticketId}/claim`)).status).toBe(200);
      const downloads = { count: 0 };
      const message = webMediaMessage(chat, 'image', PNG, { caption: 'the dent', mimetype: 'image/png', downloads });
      client.receive(message);
      client.receive(message);
      const line = await eventually('the photo on the ticket', async () => {
        const details = await agentApi('GET', `/tickets/${ticketId}`);
        return (details.body.transcript as Array<{ text: string; attachments?: Array<{ kind: string; url: string }> }>).find(
          (candidate) => candidate.attachments?.length,
        );
      });
      expect(line).toMatchObject({ text: 'the dent', attachments: [{ kind: 'image' }] });
      expect((await open(line.attachments![0]!.url)).equals(PNG)).toBe(true);
      await settle();
      expect(downloads.count).toBe(1);

      expect((await agentApi('POST', `/tickets/${ticketId}/media?caption=ok`, { body: PDF, headers: { 'x-file-name': 'label.pdf' } })).status).toBe(200);
      const sent = await eventually('the file sent through the browser', () => phone.sent.find((record) => record.chatId === chat && record.media));
      expect(sent).toMatchObject({
        text: 'ok',
        media: { mimetype: 'application/pdf', filename: 'label.pdf', options: { sendMediaAsDocument: true, caption: 'ok' } },
      });
      expect(sent.media!.bytes.equals(PDF)).toBe(true);
    });
  });
});

let telegramMessageIds = 7000;

/** A photo as Telegram posts it: the sizes smallest first, the last one the file. */
function photoUpdate(updateId: number, from: ReturnType<typeof telegramCustomer>, file: { file_id: string; file_unique_id: string; file_size: number }) {
  return {
    update_id: updateId,
    message: {
      message_id: ++telegramMessageIds,
      from,
      chat: { id: from.id, first_name: from.first_name, type: 'private' },
      date: Math.floor(Date.now() / 1000),
      photo: [
        { file_id: 'AgACthumb', file_unique_id: 'thumb', width: 90, height: 90, file_size: 120 },
        { ...file, width: 1280, height: 960 },
      ],
    },
  };
}

/** A document as Telegram posts it. */
function documentUpdate(
  updateId: number,
  from: ReturnType<typeof telegramCustomer>,
  file: { file_id: string; file_unique_id: string; file_size: number },
  name: string,
) {
  return {
    update_id: updateId,
    message: {
      message_id: ++telegramMessageIds,
      from,
      chat: { id: from.id, first_name: from.first_name, type: 'private' },
      date: Math.floor(Date.now() / 1000),
      document: { ...file, file_name: name, mime_type: 'application/pdf' },
    },
  };
}
