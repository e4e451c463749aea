/**
 * SLACK_REPLY_MODE=explicit through Slack's front door (signed events, clicks and a message shortcut):
 * the holder's messages in a ticket's thread stay internal notes until the holder sends one with the
 * "Send to customer" button (only they see it) or the message shortcut. On memory and on Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_SHORTCUT } from '../../desks/slack/desk-context.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { threadMessage } from '../support/slack-requests.js';
import { actionsOf, ADA, BEN, QUEUE, shownText, startSlackApp, type SlackApp } from './slack-harness.js';

const texts = (replies: readonly { text: string }[]) => replies.map((reply) => reply.text);

for (const store of ['memory', 'redis'] as const) {
  describe(`Slack desk, explicit reply mode (${store} store)`, () => {
    let app: SlackApp;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('slack-explicit') : undefined;
      app = await startSlackApp({ testRedis, settings: { SLACK_REPLY_MODE: 'explicit' } });
    });
    afterAll(async () => {
      await app?.stop();
      await testRedis?.cleanup();
    });

    it('keeps thread messages as notes, and sends one only by the button or the shortcut', async () => {
      const { customer, ticketId, card } = await app.escalatedCustomer();
      await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
      await app.settle();
      await customer.read();
      const controls = app.slack.callsTo('chat.postMessage').find((message) => message.thread_ts === card.ts && actionsOf(message).baton_resolve);
      expect(shownText(controls!)).toContain('stay internal notes until you press *Send to customer*');

      // Thinking aloud in the thread: nothing reaches the customer; the transcript has it as a note.
      const threadBefore = app.thread(ticketId).length;
      await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Refund approved, I think? Let me check with billing' });
      await app.settle();
      expect(await customer.read()).toEqual([]);
      let transcript = (await app.assistant.handoff.service.details(ticketId, 'ada'))!.transcript;
      expect(transcript.filter((line) => line.from === 'note').map((line) => line.text)).toEqual(['Refund approved, I think? Let me check with billing']);
      expect(transcript.filter((line) => line.from === 'agent')).toEqual([]);
      expect(app.thread(ticketId)).toHaveLength(threadBefore);

      // The offer only Ada sees, with the button; pressing it sends exactly that text, once.
      const offer = app.lastEphemeralFor(ADA);
      expect(offer.thread_ts).toBe(card.ts);
      expect(offer.text).toContain('Kept as an internal note');
      const button = actionsOf(offer).baton_send;
      expect(button).toMatchObject({ type: 'button', text: { text: 'Send to customer' } });
      const responseUrl = app.slack.responseUrl(`draft-${store}`);
      expect(
        await app.send.click({ user: ADA, channel: QUEUE, messageTs: '1900000000.000999', threadTs: card.ts, ephemeral: true, responseUrl, action: button }),
      ).toBe(200);
      await app.settle();
      expect(texts(await customer.read())).toEqual(['Refund approved, I think? Let me check with billing']);
      expect(app.thread(ticketId).at(-1)).toMatch(/^:headphones: .+ to the customer: Refund approved, I think\? Let me check with billing$/);
      expect(app.slack.responses.filter((response) => response.id === `draft-${store}`).map((response) => response.body)).toEqual([
        expect.objectContaining({ replace_original: true, text: 'Sent to the customer.' }),
      ]);

      // The message shortcut on Ada's own thread message sends it; on someone else's, it does not.
      const draft = threadMessage({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'Your refund of USD 45 is on its way &amp; should land Friday.' });
      await app.send.event(draft);
      await app.settle();
      expect(await customer.read()).toEqual([]);
      const message = { ts: String(draft.ts), thread_ts: card.ts, user: ADA, text: String(draft.text) };
      expect(await app.send.shortcut({ user: BEN, channel: QUEUE, callbackId: SEND_SHORTCUT, message })).toBe(200);
      await app.settle();
      expect(await customer.read()).toEqual([]);
      expect(app.ephemeralsFor(BEN).at(-1)).toBe('Only your own messages can be sent to the customer this way.');
      expect(await app.send.shortcut({ user: ADA, channel: QUEUE, callbackId: SEND_SHORTCUT, message })).toBe(200);
      await app.settle();
      expect(texts(await customer.read())).toEqual(['Your refund of USD 45 is on its way & should land Friday.']);

      // Ben does not hold the ticket: his own message, sent by shortcut, is refused.
      const bens = threadMessage({ user: BEN, channel: QUEUE, threadTs: card.ts, text: 'I can take it' });
      await app.send.event(bens);
      await app.settle();
      expect(app.ephemeralsFor(BEN).at(-1)).toMatch(/who holds this ticket, speaks to the customer here/);
      await app.send.shortcut({
        user: BEN,
        channel: QUEUE,
        callbackId: SEND_SHORTCUT,
        message: { ts: String(bens.ts), thread_ts: card.ts, user: BEN, text: 'I can take it' },
      });
      await app.settle();
      expect(await customer.read()).toEqual([]);
      expect(app.ephemeralsFor(BEN).at(-1)).toMatch(/^Not sent: /);

      transcript = (await app.assistant.handoff.service.details(ticketId, 'ada'))!.transcript;
      expect(transcript.filter((line) => line.from === 'agent').map((line) => line.text)).toEqual([
        'Refund approved, I think? Let me check with billing',
        'Your refund of USD 45 is on its way & should land Friday.',
      ]);
    });
  });
}
