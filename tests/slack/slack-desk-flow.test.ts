/**
 * The Slack desk through every front door, as in production: a customer on the web channel (Direct
 * Line), agents in Slack (signed Events API callbacks and block_actions posted into the running
 * app), Slack's Web API a loopback fake that records what the desk posted. On memory and on Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffMessages } from '../../handoff/customer-messages.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { actionsOf, ADA, BEN, CORA_TOKEN, QUEUE, shownText, startSlackApp, type SlackApp } from './slack-harness.js';

const texts = (replies: readonly { text: string }[]) => replies.map((reply) => reply.text);

for (const store of ['memory', 'redis'] as const) {
  describe(`Slack desk, a whole ticket (${store} store)`, () => {
    let app: SlackApp;
    let testRedis: TestRedis | undefined;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('slack-flow') : undefined;
      app = await startSlackApp({ testRedis });
    });
    afterAll(async () => {
      await app?.stop();
      await testRedis?.cleanup();
    });

    it('card, claim, the thread both ways, notes, canned replies, resolve and the CSAT score on the card', async () => {
      const { customer, ticketId, card } = await app.escalatedCustomer();

      // The card: in the queue channel, with what an agent needs and the two buttons.
      expect(card.channel).toBe(QUEUE);
      expect(Object.keys(actionsOf(card))).toEqual(['baton_claim', 'baton_transcript']);
      const shown = shownText(card);
      for (const fact of [
        'Asked for a person',
        'directline',
        'Asia/Shanghai',
        'Emotion trend',
        'contact_human_agent',
        'I want to talk to a real person',
        'Waiting',
      ])
        expect(shown).toContain(fact);

      // Ada claims it: the customer hears who joined, the card shows her, the controls open in the thread.
      expect(await app.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } })).toBe(200);
      await app.settle();
      expect(texts(await customer.read())).toEqual([handoffMessages('en').agentJoined({ agentName: 'Ada' })]);
      const claimed = app.currentCard(ticketId);
      expect(actionsOf(claimed)).not.toHaveProperty('baton_claim');
      expect(shownText(claimed)).toContain(`<@${ADA}> has this conversation`);
      expect(shownText(claimed)).toMatch(new RegExp(`Claimed by <@${ADA}> after \\d+ s of waiting`));
      const controls = app.slack.callsTo('chat.postMessage').find((message) => message.thread_ts === card.ts && actionsOf(message).baton_resolve);
      expect(Object.keys(actionsOf(controls!))).toEqual(['baton_resolve', 'baton_return', 'baton_suggest', 'baton_transfer']);
      expect(shownText(controls!)).toContain('`!greeting`');

      // The customer writes: it appears in the thread, masked.
      await customer.say('My order A1001 has not arrived, card 4111 1111 1111 1111');
      await app.settle();
      const customerLine = app.thread(ticketId).find((text) => text.includes('has not arrived'));
      expect(customerLine).toMatch(/^:speech_balloon: \*Customer \w+\* wrote:\n> My order A1001 has not arrived, card /);
      expect(customerLine).not.toContain('4111 1111 1111 1111');

      // Ada answers in the thread: the customer gets it, and the thread does not get it twice.
      const threadBefore = app.thread(ticketId).length;
      expect(
        await app.send.threadReply({
          user: ADA,
          channel: QUEUE,
          threadTs: card.ts,
          text: 'Hi, Ada here. Let me check <https://shop.example/orders/A1001|A1001> &amp; come back.',
        }),
      ).toBe(200);
      await app.settle();
      expect(texts(await customer.read())).toEqual(['Hi, Ada here. Let me check A1001 (https://shop.example/orders/A1001) & come back.']);

      // A note stays in Slack and on the transcript.
      await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'note: carrier lost it, resend' });
      await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: '// VIP next time' });
      await app.settle();
      expect(await customer.read()).toEqual([]);
      const transcript = (await app.assistant.handoff.service.details(ticketId, 'ada'))!.transcript;
      expect(transcript.filter((line) => line.from === 'note').map((line) => line.text)).toEqual(['carrier lost it, resend', 'VIP next time']);
      expect(app.thread(ticketId)).toHaveLength(threadBefore);

      // Ben is on the desk but does not hold the ticket: only he is told, the customer hears nothing.
      await app.send.threadReply({ user: BEN, channel: QUEUE, threadTs: card.ts, text: 'I can take this one' });
      await app.settle();
      expect(app.ephemeralsFor(BEN)).toEqual([`Only <@${ADA}>, who holds this ticket, speaks to the customer here. Your message stayed in Slack.`]);
      expect(await customer.read()).toEqual([]);

      // A canned reply by its short name, in the customer's language; the thread shows what was sent.
      await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: '!shipping-delay' });
      await app.settle();
      expect(texts(await customer.read())).toEqual([expect.stringMatching(/^I'm sorry your parcel is late\./)]);
      expect(app.thread(ticketId).at(-1)).toMatch(/^:zap: Sent `shipping-delay`: I'm sorry your parcel is late/);

      // Resolve: the customer is thanked and asked to rate; the controls close; the card says so.
      await app.send.click({
        user: ADA,
        channel: QUEUE,
        messageTs: controls!.ts,
        threadTs: card.ts,
        action: { type: 'button', ...actionsOf(controls!).baton_resolve },
      });
      await app.settle();
      const closing = texts(await customer.read());
      expect(closing[0]).toBe(handoffMessages('en').resolved);
      expect(closing[1]).toMatch(/How would you rate/);
      expect(
        app.slack
          .callsTo('chat.update')
          .filter((update) => update.ts === controls!.ts)
          .at(-1)?.text,
      ).toBe('Resolved.');
      expect(shownText(app.currentCard(ticketId))).toContain(`Resolved by <@${ADA}>`);
      // Redrawn from the ticket as it is now: the order the customer mentioned is on the card.
      expect(shownText(app.currentCard(ticketId))).toContain('order: A1001 · status: ');

      // The customer's score lands on the card.
      await customer.say('5');
      await app.settle();
      const rated = shownText(app.currentCard(ticketId));
      expect(rated).toContain('CSAT 5/5');
      expect(rated).toContain('The customer rated it 5/5');
      expect(actionsOf(app.currentCard(ticketId))).not.toHaveProperty('baton_claim');

      // The thread outlives the ticket: what is written there now stays in Slack.
      await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: card.ts, text: 'one more thing' });
      await app.settle();
      expect(app.ephemeralsFor(ADA)).toEqual(['This ticket is closed (resolved), so your message stayed in Slack.']);
      expect(await customer.read()).toEqual([]);
    });

    it('quotes what the customer wrote, so a line break cannot fake a desk line or ping anyone', async () => {
      const { customer, ticketId } = await app.escalatedCustomer();
      await customer.say('where is it?\n:headphones: <@U0ADA0001> to the customer: refund approved\r\n\u2028:memo: _Note by Ada:_ VIP <!here>');
      await app.settle();
      const relayed = app.thread(ticketId).find((text) => text.includes('where is it?'))!;
      const [header, ...lines] = relayed.split('\n');
      expect(header).toMatch(/^:speech_balloon: \*Customer \w+\* wrote:$/);
      expect(lines).toEqual([
        '> where is it?',
        '> :headphones: &lt;@U0ADA0001&gt; to the customer: refund approved',
        '> ',
        '> :memo: _Note by Ada:_ VIP &lt;!here&gt;',
      ]);
    });

    it("shows a console agent's replies and notes in the thread", async () => {
      const { customer, ticketId } = await app.escalatedCustomer();
      const console = (method: string, path: string, body?: unknown) =>
        fetch(`${app.baseUrl}/api/agent${path}`, {
          method,
          headers: { authorization: `Bearer ${CORA_TOKEN}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      expect((await console('POST', `/tickets/${ticketId}/claim`)).status).toBe(200);
      expect((await console('POST', `/tickets/${ticketId}/reply`, { text: 'Cora here, from the console' })).status).toBe(200);
      expect((await console('POST', `/tickets/${ticketId}/note`, { text: 'checking <!channel>' })).status).toBe(200);
      await app.settle();
      expect(texts(await customer.read())).toContain('Cora here, from the console');
      expect(app.thread(ticketId)).toEqual(
        expect.arrayContaining([
          ':headphones: Cora (console) to the customer: Cora here, from the console',
          ':memo: _Note by Cora (console):_ checking &lt;!channel&gt;',
        ]),
      );
      expect(shownText(app.currentCard(ticketId))).toContain('Cora (console) has this conversation');
    });
  });
}
