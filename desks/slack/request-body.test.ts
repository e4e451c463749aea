import { describe, expect, it } from 'vitest';
import { blockActions, eventCallback, messageShortcut, slashCommand, threadMessage } from '../../tests/support/slack-requests.js';
import { SEND_SHORTCUT } from './desk-context.js';
import { isObject, NOT_JSON, parseJson, requester, requestLabel } from './request-body.js';

const ADA = 'U0ADA0001';
const QUEUE = 'C0QUEUE01';
const CARD = '1900000000.000100';

describe('reading a raw Slack request body', () => {
  it('tells who made each kind of request and where: in the thread when there is one', () => {
    const reply = eventCallback(threadMessage({ user: ADA, channel: QUEUE, threadTs: CARD, text: 'Your parcel left today.' }));
    expect(requester(reply)).toEqual({ channel: QUEUE, user: ADA, threadTs: CARD });

    // Claim on the card itself: the channel, no thread; Resolve in the thread's controls; a held draft's button (ephemeral).
    const claim = blockActions({ user: ADA, channel: QUEUE, messageTs: CARD, action: { action_id: 'baton_claim', value: 't1' } });
    expect(requester(claim)).toEqual({ channel: QUEUE, user: ADA });
    const resolve = blockActions({ user: ADA, channel: QUEUE, messageTs: '1900000000.000200', threadTs: CARD, action: { action_id: 'baton_resolve' } });
    expect(requester(resolve)).toEqual({ channel: QUEUE, user: ADA, threadTs: CARD });
    const { message: _message, ...draftClick } = blockActions({
      user: ADA,
      channel: QUEUE,
      messageTs: '1900000000.000300',
      threadTs: CARD,
      ephemeral: true,
      action: { action_id: 'baton_draft_send' },
    });
    expect(requester(draftClick)).toEqual({ channel: QUEUE, user: ADA, threadTs: CARD });

    const shortcut = messageShortcut({ user: ADA, channel: QUEUE, callbackId: SEND_SHORTCUT, message: { ts: '1900000000.000400', thread_ts: CARD } });
    expect(requester(shortcut)).toEqual({ channel: QUEUE, user: ADA, threadTs: CARD });
    expect(requester(slashCommand({ user: ADA, channel: QUEUE, text: 'next', responseUrl: 'http://127.0.0.1:9/r' }))).toEqual({ channel: QUEUE, user: ADA });
  });

  it('says nothing of a body that does not say who sent it, or is not an object', () => {
    expect(requester({ type: 'block_actions', channel: { id: QUEUE } })).toBeUndefined();
    expect(requester('payload')).toBeUndefined();
    expect(requester(null)).toBeUndefined();
    expect(isObject([])).toBe(false);
    expect(parseJson('{"type":"block_actions"')).toBe(NOT_JSON);
    expect(parseJson('[1]')).toEqual([1]);
    expect(requestLabel(undefined)).toBe('Your last action');
  });

  it('names what the agent did, with what they clicked or typed cleaned of Slack markup', () => {
    const click = blockActions({
      user: ADA,
      channel: QUEUE,
      messageTs: CARD,
      action: { action_id: 'baton_resolve', text: { type: 'plain_text', text: 'Resolve' } },
    });
    expect(requestLabel(click)).toBe('Your click on *Resolve*');
    expect(requestLabel(slashCommand({ user: ADA, channel: QUEUE, text: ' away *now*', responseUrl: 'http://127.0.0.1:9/r' }))).toBe('Your `/baton away`');
    expect(requestLabel(eventCallback(threadMessage({ user: ADA, channel: QUEUE, threadTs: CARD, text: 'Hi' })))).toBe('Your message in this thread');
    expect(requestLabel(messageShortcut({ user: ADA, channel: QUEUE, callbackId: SEND_SHORTCUT, message: { ts: CARD } }))).toBe('Your *Send to customer*');
  });
});
