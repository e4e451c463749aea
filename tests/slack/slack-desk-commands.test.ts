/**
 * The Slack desk's commands and controls: `/baton` answered privately, transfers to a skill and to an
 * agent from the thread's menu, return to the bot, the transcript for the asker only, a customer who
 * leaves the queue, cards routed by language, and the golden 30 seconds: one SLA ping in the channel
 * per ticket, then a periodic digest of the tickets still waiting. The clock is the app's, moved by the test; on memory and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffMessages } from '../../handoff/customer-messages.js';
import { eventually } from '../handoff/harness.js';
import { connectTestRedis, type TestRedis } from '../support/redis.js';
import { actionsOf, ADA, BEN, EVE, QUEUE, shownText, startSlackApp, type SlackApp, type SlackMessage } from './slack-harness.js';

const texts = (replies: readonly { text: string }[]) => replies.map((reply) => reply.text);
const CHINESE_CHANNEL = 'C0CHINESE';

for (const store of ['memory', 'redis'] as const) {
  describe(`Slack desk commands and controls (${store} store)`, () => {
    let app: SlackApp;
    let testRedis: TestRedis | undefined;
    let commands = 0;

    beforeAll(async () => {
      testRedis = store === 'redis' ? connectTestRedis('slack-commands') : undefined;
      app = await startSlackApp({ testRedis, settings: { SLACK_CHANNEL_ROUTES: JSON.stringify({ languages: { zh: CHINESE_CHANNEL } }) } });
    });
    afterAll(async () => {
      await app?.stop();
      await testRedis?.cleanup();
    });

    /** Runs `/baton <text>` as `user` and resolves the private answer. */
    async function baton(user: string, text: string): Promise<string> {
      const id = `cmd-${++commands}`;
      expect(await app.send.command({ user, channel: QUEUE, text, responseUrl: app.slack.responseUrl(id) })).toBe(200);
      await app.settle();
      const answer = app.slack.responses.find((response) => response.id === id)?.body;
      expect(answer?.response_type).toBe('ephemeral');
      return answer.text;
    }
    const controlsOf = (card: SlackMessage) =>
      app.slack.callsTo('chat.postMessage').find((message) => message.thread_ts === card.ts && actionsOf(message).baton_resolve)!;
    const click = (user: string, message: SlackMessage, actionId: string, extra: Record<string, unknown> = {}, threadTs?: string) =>
      app.send.click({
        user,
        channel: QUEUE,
        messageTs: message.ts,
        ...(threadTs ? { threadTs } : {}),
        action: { type: 'button', ...actionsOf(message)[actionId], ...extra },
      });

    it('answers /baton queue, next, mine, away, back, canned and help privately', async () => {
      const first = await app.escalatedCustomer();
      await app.escalatedCustomer();
      expect(await baton(BEN, 'queue')).toMatch(
        new RegExp(`^\\*Waiting for you \\(2\\)\\*\\n1\\. \\*Customer \\w+\\* · Asked for a person · en · directline · waiting \\d+ s · <#${QUEUE}>\\n2\\. `),
      );

      expect(await baton(BEN, 'next')).toMatch(
        new RegExp(`^You have \\*Customer \\w+\\* now \\(Asked for a person\\)\\. Write to them in the thread under their card in <#${QUEUE}>\\.$`),
      );
      expect(texts(await first.customer.read())).toEqual([handoffMessages('en').agentJoined({ agentName: 'Ben' })]);
      // Taken by command, shown like a click: the card names Ben and the controls open in its thread.
      expect(shownText(app.currentCard(first.ticketId))).toContain(`<@${BEN}> has this conversation`);
      expect(controlsOf(first.card)).toBeDefined();
      expect(await baton(BEN, 'mine')).toMatch(/^\*Your tickets \(1\)\*\n1\. \*Customer \w+\*/);

      expect(await baton(BEN, 'away')).toBe('You are away: no new tickets come to you. `/baton back` when you return.');
      expect(await baton(BEN, 'next')).toMatch(/^You are not available/);
      expect(await baton(BEN, 'back')).toBe('You are available again (1/3 tickets).');
      expect(await baton(BEN, 'canned')).toContain('`!shipping-delay` (en, zh)');
      expect(await baton(BEN, 'help')).toContain('*/baton next*');
      expect(await baton(BEN, '')).toContain('*/baton queue*');
      expect(await baton(BEN, 'dance')).toMatch(/^I don't know `dance`\.\n\*\/baton queue\*/);
      expect(await baton(EVE, 'queue')).toMatch(/^Only members of the support desk channel/);
    });

    it("transfers to a skill and to an agent from the thread's menu, and returns the conversation to the bot", async () => {
      // Ben's first action makes him an agent (and available), so the menu offers him.
      await baton(BEN, 'back');
      const toSkill = await app.escalatedCustomer();
      await click(ADA, toSkill.card, 'baton_claim');
      await app.settle();
      const controls = controlsOf(toSkill.card);
      const menu = actionsOf(controls).baton_transfer;
      expect(menu.option_groups.map((group: { label: { text: string } }) => group.label.text)).toEqual(['Skills', 'Agents']);
      await click(
        ADA,
        controls,
        'baton_transfer',
        { type: 'static_select', selected_option: menu.option_groups[0].options.find((o: { value: string }) => o.value === 'skill:billing') },
        toSkill.card.ts,
      );
      await app.settle();
      expect(texts(await toSkill.customer.read())).toContain(handoffMessages('en').transferred);
      const requeued = app.currentCard(toSkill.ticketId);
      expect(actionsOf(requeued)).toHaveProperty('baton_claim');
      expect(shownText(requeued)).toContain(`Transferred by <@${ADA}> to the billing queue`);
      expect(
        app.slack
          .callsTo('chat.update')
          .filter((update) => update.ts === controls.ts)
          .at(-1)?.text,
      ).toBe('Transferred to the billing queue.');

      // To a person: Ben gets it and the controls name him.
      const toBen = await app.escalatedCustomer();
      await click(ADA, toBen.card, 'baton_claim');
      await app.settle();
      const benControls = controlsOf(toBen.card);
      const benOption = actionsOf(benControls).baton_transfer.option_groups[1].options.find((o: { value: string }) => o.value === `agent:slack:${BEN}`);
      expect(benOption.text.text).toBe('Ben');
      await click(ADA, benControls, 'baton_transfer', { type: 'static_select', selected_option: benOption }, toBen.card.ts);
      await app.settle();
      expect(shownText(app.currentCard(toBen.ticketId))).toContain(`Transferred from <@${ADA}> to <@${BEN}>`);
      expect(
        app.slack
          .callsTo('chat.update')
          .filter((update) => update.ts === benControls.ts)
          .at(-1)?.text,
      ).toBe(`<@${BEN}> has this conversation`);
      await toBen.customer.read();
      await app.send.threadReply({ user: ADA, channel: QUEUE, threadTs: toBen.card.ts, text: 'still me' });
      await app.send.threadReply({ user: BEN, channel: QUEUE, threadTs: toBen.card.ts, text: 'Ben here, I will sort it out.' });
      await app.settle();
      expect(texts(await toBen.customer.read())).toEqual(['Ben here, I will sort it out.']);

      await click(BEN, benControls, 'baton_return', {}, toBen.card.ts);
      await app.settle();
      expect(texts(await toBen.customer.read())).toEqual([handoffMessages('en').returnedToBot]);
      expect(shownText(app.currentCard(toBen.ticketId))).toContain(`Returned to the bot by <@${BEN}>`);
      expect(shownText(app.currentCard(toBen.ticketId))).toContain('Back with the bot');
    });

    it('shows the masked transcript only to the agent who asks, and marks the card of a customer who left', async () => {
      const { customer, ticketId, card } = await app.escalatedCustomer();
      await customer.say('my email is ana@example.com');
      await click(ADA, card, 'baton_transcript');
      await app.settle();
      const shown = app.lastEphemeralFor(ADA);
      expect(shown.channel).toBe(QUEUE);
      expect(shownText(shown)).toContain('I want to talk to a real person');
      expect(shownText(shown)).toContain('my email is');
      expect(shownText(shown)).not.toContain('ana@example.com');

      await customer.say('cancel');
      await app.settle();
      const left = app.currentCard(ticketId);
      expect(actionsOf(left)).not.toHaveProperty('baton_claim');
      expect(shownText(left)).toContain('The customer left the queue');
      expect(shownText(left)).toMatch(/The customer left after waiting \d+ s/);
    });

    it("puts a Chinese customer's card in the Chinese channel", async () => {
      const { card } = await app.escalatedCustomer('我要找人工客服');
      expect(card.channel).toBe(CHINESE_CHANNEL);
    });

    it('pings the channel once when a ticket waits past its SLA, never again for it; a silent holder is pinged too', async () => {
      const waiting = await app.escalatedCustomer();
      const pings = () => app.thread(waiting.ticketId).filter((text) => text.includes('<!here>'));
      const cardUpdates = () => app.slack.callsTo('chat.update').filter((update) => update.ts === waiting.card.ts).length;
      const fire = async () => {
        await app.assistant.handoff.service.fireDueDeadlines();
        await app.settle();
      };
      await fire();
      expect(pings()).toEqual([]);
      app.advance(31_000);
      await eventually('the first SLA ping', async () => (await fire(), pings().length === 1));
      expect(pings()[0]).toMatch(
        /^<!here> :alarm_clock: \*Customer \w+\* has waited 3\d s and nobody has claimed the ticket yet\.\n> \*Customer:\* I want to talk to a real person$/,
      );
      expect(app.slack.callsTo('chat.postMessage').find((message) => message.text === pings()[0])?.reply_broadcast).toBe('true');
      // Later reminders update the card (its wait and place) and ping nobody.
      const updatesBefore = cardUpdates();
      for (let i = 0; i < 3; i++) {
        app.advance(60_000);
        await fire();
      }
      await eventually('the card updated by the reminders', () => cardUpdates() >= updatesBefore + 3);
      expect(pings()).toHaveLength(1);

      // Claimed but unanswered: the holder is reminded in the thread, not the whole channel.
      const claimed = await app.escalatedCustomer();
      await click(ADA, claimed.card, 'baton_claim');
      await app.settle();
      app.advance(31_000);
      await eventually(
        "the holder's reminder",
        async () => (await fire(), app.thread(claimed.ticketId).some((text) => text.startsWith(`:alarm_clock: <@${ADA}>, *Customer`))),
      );
      expect(app.thread(claimed.ticketId).filter((text) => text.startsWith('<!here>'))).toEqual([]);
    });

    it('lists the tickets still waiting in one digest per SLACK_DIGEST_EVERY_MINUTES window, made once however often reminders fire', async () => {
      // Its own bot and Slack, so no ticket of the other tests (whose reminders the ticker fires) joins in.
      const own = store === 'redis' ? connectTestRedis('slack-digest') : undefined;
      const lone = await startSlackApp({ testRedis: own });
      // Digest windows are aligned to the clock: start a minute into a window, so that wherever the real
      // clock stands, the steps below never cross a window's edge where they do not mean to.
      const period = 10 * 60_000;
      lone.advance(period - (Date.now() % period) + 60_000);
      try {
        const waiting = await lone.escalatedCustomer();
        const other = await lone.escalatedCustomer();
        const digests = () =>
          lone.slack.callsTo('chat.postMessage').filter((message) => !message.thread_ts && String(message.text).startsWith(':hourglass_flowing_sand:'));
        const heres = () => lone.slack.callsTo('chat.postMessage').filter((message) => String(message.text).includes('<!here>'));
        const fire = async () => {
          await lone.assistant.handoff.service.fireDueDeadlines();
          await lone.settle();
        };
        lone.advance(31_000);
        await eventually('one ping per ticket', async () => (await fire(), heres().length === 2));
        expect(digests()).toEqual([]);
        lone.advance(60_000);
        await eventually('the digest', async () => (await fire(), digests().length === 1));
        const [digest] = digests();
        expect(digest!.channel).toBe(QUEUE);
        expect(digest!.text).toMatch(
          /^:hourglass_flowing_sand: \*2 tickets are still waiting for someone to claim them\*\n1\. \*Customer \w+\* · Asked for a person · en · directline · waiting 1 min\n2\. /,
        );
        for (const { card } of [waiting, other]) expect(digest!.text).toContain(`*${String(card.text).split(':')[0]}*`);
        // Until the window ends: reminders every minute, no new digest, no new @here.
        const ticket = (await lone.assistant.handoff.service.openTicketFor(waiting.customer.conversationId))!;
        let clock = ticket.queuedAt + 91_000;
        const nextWindow = (Math.floor(clock / period) + 1) * period;
        while (clock + 60_000 < nextWindow - 10_000) {
          lone.advance(60_000);
          clock += 60_000;
          await fire();
        }
        expect(digests()).toHaveLength(1);
        lone.advance(nextWindow + 30_000 - clock);
        await eventually("the next window's digest", async () => (await fire(), digests().length === 2));
        expect(heres()).toHaveLength(2);
        // Nobody waits any more: no digest.
        for (const { card } of [waiting, other])
          await lone.send.click({ user: ADA, channel: QUEUE, messageTs: card.ts, action: { type: 'button', ...actionsOf(card).baton_claim } });
        await lone.settle();
        lone.advance(period);
        await fire();
        expect(digests()).toHaveLength(2);
      } finally {
        await lone.stop();
        await own?.cleanup();
      }
    });
  });
}
