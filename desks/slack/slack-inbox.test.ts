import { describe, expect, it } from 'vitest';
import { blockActions, eventCallback, messageShortcut, slashCommand, threadMessage } from '../../tests/support/slack-requests.js';
import { MAX_RECORDED_STRING } from '../../adapters/kit/delivery-journal.js';
import { SEND_SHORTCUT } from './desk-context.js';
import { slackDelivery } from './slack-inbox.js';

const reply = (text: string) => threadMessage({ user: 'U0ADA0001', channel: 'C0QUEUE01', threadTs: '1900000000.000100', text });

describe('what the Slack desk records in its inbox', () => {
  it("an agent's thread message: claimed by its event_id, filed under its ticket's thread", () => {
    const body = eventCallback(reply('Your parcel left today.'), { eventId: 'Ev0INBOX01' });
    expect(slackDelivery(body)).toEqual({ id: 'Ev0INBOX01', conversationId: 'C0QUEUE01/1900000000.000100', payload: JSON.stringify(body) });
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

  it('bounds what it keeps: every string cut one past the longest text a listener reads', () => {
    const long = 'x'.repeat(200_000);
    const recorded = JSON.parse(slackDelivery(eventCallback(reply(long)))!.payload) as { event: { text: string } };
    expect(recorded.event.text).toHaveLength(MAX_RECORDED_STRING);
  });
});
