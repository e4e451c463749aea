import { App, type Context, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { blockActions, eventCallback, messageShortcut, slashCommand, threadMessage } from '../../tests/support/slack-requests.js';
import { createMemoryDeliveryJournal, MAX_RECORDED_STRING } from '../../adapters/kit/delivery-journal.js';
import { DurableInbox } from '../../adapters/kit/durable-inbox.js';
import { InFlight } from '../../adapters/kit/in-flight.js';
import { createMemoryDedupeStore } from '../../infra/dedupe-store.js';
import { StoreUnavailableError } from '../../infra/errors.js';
import { SEND_SHORTCUT } from './desk-context.js';
import { RECORDED_AT, SLACK_MAX_TEXT, slackDelivery } from './inbox-record.js';
import { rerunAttempt, SlackIntake, willRunAgain } from './slack-inbox.js';

const reply = (text: string) => threadMessage({ user: 'U0ADA0001', channel: 'C0QUEUE01', threadTs: '1900000000.000100', text });

describe('what the Slack desk records in its inbox', () => {
  it("an agent's thread message: claimed by its event_id, filed under its ticket's thread, with when it was accepted", () => {
    const body = eventCallback(reply('Your parcel left today.'), { eventId: 'Ev0INBOX01' });
    const { token: _token, ...kept } = body;
    const delivery = slackDelivery(body, 1_800_000_000_000)!;
    expect(delivery).toMatchObject({ id: 'Ev0INBOX01', conversationId: 'C0QUEUE01/1900000000.000100' });
    expect(JSON.parse(delivery.payload)).toEqual({ ...kept, [RECORDED_AT]: 1_800_000_000_000 });
  });

  it("keeps no credential and no card: Slack's token goes, a clicked message keeps only what the listeners read", () => {
    const card = blockActions({ user: 'U0ADA0001', channel: 'C0QUEUE01', messageTs: '1900000000.000100', action: { action_id: 'baton_claim', value: 't1' } });
    const clicked = {
      ...card,
      token: 'verification-token-0123',
      message: {
        ...(card.message as object),
        user: 'U0BATONBOT',
        bot_id: 'B0BATON',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Noor Haddad* · order 4111 1111 1111 1111 · "where is my parcel?"' } }],
        attachments: [{ text: 'more of the card' }],
      },
    };
    const recorded = JSON.parse(slackDelivery(clicked)!.payload) as Record<string, unknown>;
    expect(recorded).not.toHaveProperty('token');
    expect(recorded.message).toEqual({ ts: '1900000000.000100', text: 'card', user: 'U0BATONBOT', bot_id: 'B0BATON' });
    expect(recorded.actions).toEqual(card.actions);
    expect(recorded.response_url).toBe(card.response_url);
    // An event keeps the message's fields and its files' ids and URLs; no blocks, no previews.
    const shared = eventCallback({
      ...reply('see attached'),
      subtype: 'file_share',
      blocks: [{ type: 'rich_text', elements: [] }],
      files: [{ id: 'F1', name: 'a.png', size: 3, mode: 'hosted', url_private: 'https://files.slack.com/F1', preview: 'the text of the file' }],
    });
    const event = (JSON.parse(slackDelivery(shared)!.payload) as { event: Record<string, unknown> }).event;
    expect(event).not.toHaveProperty('blocks');
    expect(event.files).toEqual([{ id: 'F1', name: 'a.png', size: 3, mode: 'hosted', url_private: 'https://files.slack.com/F1' }]);
  });

  it('events the desk ignores are not recorded: bot posts (its own too), edits, messages outside a thread', () => {
    const { thread_ts: _thread, ...topLevel } = reply('hello');
    for (const event of [{ ...reply('card'), bot_id: 'B0BATON' }, { ...reply('edited'), subtype: 'message_changed' }, topLevel, { type: 'reaction_added' }])
      expect(slackDelivery(eventCallback(event))).toBeUndefined();
    // A file shared in the thread is an agent's work.
    expect(slackDelivery(eventCallback({ ...reply(''), subtype: 'file_share', files: [{ id: 'F1' }] }))).toBeDefined();
  });

  it('clicks, the shortcut and /baton: claimed by their trigger_id, filed under the thread they were used in', () => {
    const click = blockActions({ user: 'U0ADA0001', channel: 'C0QUEUE01', messageTs: '1900000000.000100', action: { action_id: 'baton_claim', value: 't1' } });
    expect(slackDelivery(click)).toMatchObject({ id: `trigger:${String(click.trigger_id)}`, conversationId: 'C0QUEUE01/1900000000.000100' });
    const inThread = blockActions({
      user: 'U0ADA0001',
      channel: 'C0QUEUE01',
      messageTs: '1900000009.000100',
      threadTs: '1900000000.000100',
      action: { action_id: 'baton_resolve', value: 't1' },
    });
    expect(slackDelivery(inThread)?.conversationId).toBe('C0QUEUE01/1900000000.000100');
    const shortcut = messageShortcut({
      user: 'U0ADA0001',
      channel: 'C0QUEUE01',
      callbackId: SEND_SHORTCUT,
      message: { ts: '1900000009.000100', thread_ts: '1900000000.000100', user: 'U0ADA0001', text: 'hi' },
    });
    expect(slackDelivery(shortcut)?.conversationId).toBe('C0QUEUE01/1900000000.000100');
    const command = slashCommand({ user: 'U0ADA0001', channel: 'C0QUEUE01', text: 'next', responseUrl: 'https://hooks.slack.com/commands/T/1/x' });
    expect(slackDelivery(command)).toMatchObject({ id: `trigger:${command.trigger_id}`, conversationId: 'user/U0ADA0001' });
    // No id to claim it by: handled as before, unrecorded.
    const { trigger_id: _trigger, ...anonymous } = command;
    expect(slackDelivery(anonymous)).toBeUndefined();
  });

  it("bounds what it keeps: a message's text as Slack's own limit allows, every other string one past the longest text a listener reads", () => {
    // Slack's encoded text (&amp;, <@U…>) is longer than the plain text the listener reads: kept whole, a run again reads it all.
    const encoded = '&amp; '.repeat(1000);
    expect((JSON.parse(slackDelivery(eventCallback(reply(encoded)))!.payload) as { event: { text: string } }).event.text).toBe(encoded);
    const long = 'x'.repeat(200_000);
    const recorded = JSON.parse(slackDelivery(eventCallback({ ...reply(long), channel_type: long }))!.payload) as {
      event: { text: string; channel_type: string };
    };
    expect(recorded.event.text).toHaveLength(SLACK_MAX_TEXT + 1);
    expect(recorded.event.channel_type).toHaveLength(MAX_RECORDED_STRING);
  });
});

describe('the Slack intake between the receiver and bolt', () => {
  /** A bolt app (no network: its bot ids are given) behind the intake, a memory journal, and a listener that runs `work`. */
  const intakeWith = (work: (context: Context) => Promise<void>) => {
    let now = 0;
    const journal = createMemoryDeliveryJournal({ dedupe: createMemoryDedupeStore(), now: () => now });
    const handling = new InFlight();
    const intake = new SlackIntake({ inbox: new DurableInbox({ channel: 'slack:test', journal, leaseMs: 1000 }), handling, maxAttempts: 3, now: () => now });
    let door: App | undefined;
    const receiver: Receiver = { init: (app) => void (door = app), start: async () => undefined, stop: async () => undefined };
    const app = new App({ token: 'xoxb-test', botId: 'B0BATON', botUserId: 'U0BATONBOT', receiver: intake.wrap(receiver), extendedErrorHandler: true });
    app.event('message', async ({ context }) => work(context));
    const failures: unknown[] = [];
    app.error(async ({ error, context }: { error: Error; context: Context }) => {
      if (!willRunAgain(context, error)) failures.push(error);
    });
    const receive = async (body: Record<string, unknown>) => {
      await door!.processEvent({ body, ack: async () => undefined } as ReceiverEvent);
      await handling.drain();
    };
    /** Lets the leases lapse; resolves the runs of the entries a sweep would find (taking them, so last). */
    const lapse = async () => {
      now += 1001;
      const found = await journal.takeLapsed('slack:test', { owner: 'peek', ms: 0 }, 10, 99);
      return found.taken.map((entry) => entry.attempts);
    };
    return { intake, receive, lapse, failures, handling, advance: (ms: number) => void (now += ms) };
  };

  it('a listener that fails with a store out of reach leaves its entry to run again, up to the last run', async () => {
    const runs: (number | undefined)[] = [];
    const { receive, intake, handling, failures, lapse, advance } = intakeWith(async (context) => {
      runs.push(rerunAttempt(context));
      throw new StoreUnavailableError('Redis is failing over');
    });
    await receive(eventCallback(reply('Your refund went through.'), { eventId: 'EvFail0001' }));
    expect(runs).toEqual([undefined]);
    expect(failures).toEqual([]);
    // Not removed as done: once its lease lapses a sweep runs it again (the second run), then the third, the last.
    for (const attempt of [2, 3]) {
      expect(await intake.recoverNow()).toBe(0);
      advance(1001);
      expect(await intake.recoverNow()).toBe(1);
      await handling.drain();
      expect(runs.at(-1)).toBe(attempt);
    }
    // The last run failed too: nothing runs it again, and it is reported as a failure (the desk tells the agent).
    expect(failures).toHaveLength(1);
    expect(await lapse()).toEqual([]);
  });

  it('a listener that fails otherwise is done: its entry goes, and the failure is reported', async () => {
    const { receive, failures, lapse } = intakeWith(async () => {
      throw new Error('chat.postMessage refused: channel_not_found');
    });
    await receive(eventCallback(reply('hello'), { eventId: 'EvFail0002' }));
    expect(failures).toHaveLength(1);
    expect(await lapse()).toEqual([]);
  });
});
