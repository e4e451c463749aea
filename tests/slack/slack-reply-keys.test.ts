/**
 * A reply written in a ticket's Slack thread reaches the customer once however often the desk handles
 * that same message: its channel and ts are the reply's idempotency key. Slack's own retries of one
 * event are dropped by event id at the intake; this drives what the key is for, the same message
 * handled again under another delivery (a re-run of an event taken before a crash), through the
 * app's front doors on memory and on Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_SHORTCUT, STILL_SENDING, threadMessageKey } from '../../desks/slack/desk-context.js';
import { replyKeyScope } from '../../handoff/service/reply-keys.js';
import { ownerToken } from '../../infra/dedupe-store.js';
import { threadMessage } from '../support/slack-requests.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { actionsOf, ADA, QUEUE, startSlackApp, type SlackApp } from './slack-harness.js';

/** A small but well-formed PDF. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const texts = (replies: readonly { text: string }[]) => replies.map((reply) => reply.text);

for (const store of ['memory', 'redis'] as const) {
  describe(`Slack thread replies handled twice (${store} store)`, () => {
    let app: SlackApp;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('slack-reply-keys') : undefined;
      app = await startSlackApp({ testRedis });
    });
    afterAll(async () => {
      await app?.stop();
      await testRedis?.cleanup();
    });

    it('sends the same thread message to the customer once, and a new message with the same text again', async () => {
      const { customer, card } = await app.escalatedCustomer();
      await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
      await app.settle();
      await customer.read();

      const message = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Your replacement ships today.' });
      expect(await app.send.event(message, { eventId: 'EvFIRST00001' })).toBe(200);
      await app.settle();
      // The same message under another delivery: answered as the first, nothing sent.
      expect(await app.send.event(message, { eventId: 'EvAGAIN00001' })).toBe(200);
      await app.settle();
      expect(texts(await customer.read())).toEqual(['Your replacement ships today.']);
      expect(app.ephemeralsFor(ADA).filter((text) => text.startsWith('Not sent'))).toEqual([]);

      // Another message of the same words is another reply: it goes out.
      await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Your replacement ships today.' });
      await app.settle();
      expect(texts(await customer.read())).toEqual(['Your replacement ships today.']);
    });

    it('sends a file shared in the thread once when its message is handled again, and keeps no second copy of it', async () => {
      const { customer, card } = await app.escalatedCustomer();
      await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
      await app.settle();
      await customer.read();
      const label = app.slack.addFile(PDF, { name: 'return-label.pdf', mimetype: 'application/pdf' });
      const share = { ...threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Your return label' }), subtype: 'file_share', files: [label] };
      expect(await app.send.event(share, { eventId: 'EvFILE0000001' })).toBe(200);
      await app.settle();
      // The same message under another delivery (a run again after a crash): downloaded and stored again, sent not.
      expect(await app.send.event(share, { eventId: 'EvFILE0000002' })).toBe(200);
      await app.settle();
      expect(texts(await customer.read())).toEqual(['Your return label']);
      expect(app.slack.fileDownloads.filter((id) => id === label.id)).toHaveLength(2);
      // Only the copy the customer has is kept.
      expect(await app.assistant.media.kit.store.deleteConversation(customer.conversationId)).toBe(1);
    });

    // Last in this app: it moves the app's clock.
    it('tells the agent privately when another run of the same message still holds its key after the wait', async () => {
      const { customer, card, ticketId } = await app.escalatedCustomer();
      await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
      await app.settle();
      await customer.read();
      const message = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'A refund is on its way.' });
      // Another run holds the message's key and keeps it (an instance still sending it, or one that will not say).
      const scope = replyKeyScope(customer.conversationId, 'ada', ticketId, threadMessageKey(QUEUE, String(message.ts)));
      expect(await app.assistant.stores.dedupe.claim(`agent-reply:${scope}`, 600, ownerToken())).toBe(true);
      expect(await app.send.event(message, { eventId: 'EvHELD000001' })).toBe(200);
      // The handoff's clock moves past the wait: the run stops waiting and says so.
      for (let tries = 0; tries < 100 && !app.ephemeralsFor(ADA).includes(STILL_SENDING); tries++) {
        app.advance(30_000);
        await new Promise((wake) => setTimeout(wake, 50));
      }
      await app.settle();
      expect(app.ephemeralsFor(ADA)).toContain(STILL_SENDING);
      expect(texts(await customer.read())).toEqual([]);
    });
  });
}

describe('Slack explicit reply mode: sends pressed twice', () => {
  let app: SlackApp;
  beforeAll(async () => {
    app = await startSlackApp({ settings: { SLACK_REPLY_MODE: 'explicit' } });
  });
  afterAll(async () => app?.stop());

  it('sends a draft once when its button is pressed twice at once, and a message once when its shortcut is used twice', async () => {
    const { customer, card } = await app.escalatedCustomer();
    await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
    await app.settle();
    await customer.read();

    await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'A courier collects it tomorrow.' });
    await app.settle();
    const offer = app.lastEphemeralFor(ADA);
    const press = () =>
      app.send.click({ user: ADA, channel: QUEUE, messageTs: '1900000000.000777', threadTs: card.ts, ephemeral: true, action: actionsOf(offer).baton_send });
    expect(await Promise.all([press(), press()])).toEqual([200, 200]);
    await app.settle();
    expect(texts(await customer.read())).toEqual(['A courier collects it tomorrow.']);

    const draft = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'The label is in your e-mail.' });
    await app.send.event(draft);
    await app.settle();
    const message = { ts: String(draft.ts), thread_ts: card.ts, user: ADA, text: String(draft.text) };
    await app.send.shortcut({ user: ADA, channel: QUEUE, callbackId: SEND_SHORTCUT, message });
    await app.settle();
    await app.send.shortcut({ user: ADA, channel: QUEUE, callbackId: SEND_SHORTCUT, message });
    await app.settle();
    expect(texts(await customer.read())).toEqual(['The label is in your e-mail.']);
  });

  it('sends a message once when both its button and its shortcut are used: both are keyed by the message', async () => {
    const { customer, card } = await app.escalatedCustomer();
    await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
    await app.settle();
    await customer.read();

    const draft = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Your voucher is valid for a year.' });
    await app.send.event(draft);
    await app.settle();
    const offer = app.lastEphemeralFor(ADA);
    expect(
      await app.send.click({
        user: ADA,
        channel: QUEUE,
        messageTs: '1900000000.000888',
        threadTs: card.ts,
        ephemeral: true,
        action: actionsOf(offer).baton_send,
      }),
    ).toBe(200);
    await app.settle();
    const message = { ts: String(draft.ts), thread_ts: card.ts, user: ADA, text: String(draft.text) };
    await app.send.shortcut({ user: ADA, channel: QUEUE, callbackId: SEND_SHORTCUT, message });
    await app.settle();
    expect(texts(await customer.read())).toEqual(['Your voucher is valid for a year.']);
  });
});
