import { describe, expect, it } from 'vitest';
import { envelope, imageMessage, signatureOf, status, TEST_APP_SECRET, textMessage } from '../../tests/support/whatsapp-webhook.js';
import { inboundContent, parseWebhook, toActivity } from './cloud-api-webhook.js';
import type { InboundMessage } from './payload-types.js';
import { verifySubscription, verifyWebhookSignature } from './verification.js';

const origin = { phoneNumberId: '106540352242922', serviceUrl: 'https://graph.facebook.com/v21.0/106540352242922' };

describe('webhook verification', () => {
  it('echoes the challenge only for a subscribe request with our verify token', () => {
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'secret-token', 'hub.challenge': '1158201444' };
    expect(verifySubscription(query, 'secret-token')).toBe('1158201444');
    expect(verifySubscription(query, 'secret-tokeN')).toBeUndefined();
    expect(verifySubscription({ ...query, 'hub.mode': 'unsubscribe' }, 'secret-token')).toBeUndefined();
    expect(verifySubscription({ ...query, 'hub.verify_token': ['secret-token'] }, 'secret-token')).toBeUndefined();
    expect(verifySubscription({ ...query, 'hub.challenge': '' }, 'secret-token')).toBeUndefined();
  });

  it('accepts the HMAC-SHA256 of the exact raw body and nothing else', () => {
    const body = JSON.stringify(envelope({ messages: [textMessage('16505551234', 'hi')] }));
    const signature = signatureOf(body);
    expect(verifyWebhookSignature(Buffer.from(body), signature, TEST_APP_SECRET)).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(body), signature.toUpperCase().replace('SHA256=', 'sha256='), TEST_APP_SECRET)).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(`${body} `), signature, TEST_APP_SECRET)).toBe(false);
    expect(verifyWebhookSignature(Buffer.from(JSON.stringify(JSON.parse(body), null, 2)), signature, TEST_APP_SECRET)).toBe(false);
    expect(verifyWebhookSignature(Buffer.from(body), signature, 'another-secret')).toBe(false);
    expect(verifyWebhookSignature(Buffer.from(body), signature.replace('sha256=', 'sha1='), TEST_APP_SECRET)).toBe(false);
    expect(verifyWebhookSignature(Buffer.from(body), undefined, TEST_APP_SECRET)).toBe(false);
  });
});

describe('webhook parsing', () => {
  it('flattens messages with their contact, statuses and errors, and skips other fields', () => {
    const messages = envelope({ waId: '16505551234', name: 'Sheena Nelson', messages: [textMessage('16505551234', 'Does it come in another color?')] });
    const statuses = envelope({ statuses: [status('16505551234', 'wamid.out1', 'read')] });
    const combined = {
      object: 'whatsapp_business_account',
      entry: [...messages.entry, ...statuses.entry, { id: '1', changes: [{ field: 'message_template_status_update', value: {} }] }],
    };
    const events = parseWebhook(combined);
    expect(events.map((event) => event.kind)).toEqual(['message', 'status']);
    expect(events[0]).toMatchObject({ phoneNumberId: '106540352242922', contact: { wa_id: '16505551234', profile: { name: 'Sheena Nelson' } } });
    expect(events[1]).toMatchObject({ status: { id: 'wamid.out1', status: 'read' } });
  });

  it('refuses a body that is not a webhook payload, and skips items missing their ids', () => {
    expect(() => parseWebhook({ hello: 'world' })).toThrow(expect.objectContaining({ status: 400, code: 'bad_payload' }));
    expect(() => parseWebhook(null)).toThrow(expect.objectContaining({ status: 400 }));
    const broken = envelope({ messages: [{ type: 'text', text: { body: 'no id' } } as unknown as InboundMessage] });
    expect(parseWebhook(broken)).toEqual([]);
  });

  it('reads text, taps on our buttons and list rows, template buttons, media and reactions', () => {
    const base = { from: '1', id: 'wamid.1', timestamp: '1749416383' };
    expect(inboundContent(textMessage('1', 'hello'))).toEqual({ kind: 'text', text: 'hello' });
    expect(
      inboundContent({
        ...base,
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: '0:Cancel order A1002', title: 'Cancel this order' } },
      }),
    ).toEqual({
      kind: 'reply',
      text: 'Cancel order A1002',
      title: 'Cancel this order',
    });
    expect(
      inboundContent({ ...base, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'row-from-elsewhere', title: 'Track my order' } } }),
    ).toMatchObject({ kind: 'reply', text: 'Track my order' });
    expect(inboundContent({ ...base, type: 'button', button: { payload: 'RESUME_CHAT', text: 'Continue' } })).toMatchObject({
      kind: 'reply',
      text: 'RESUME_CHAT',
    });
    expect(inboundContent(imageMessage('1', { caption: 'broken' }))).toEqual({ kind: 'media', type: 'image', mediaId: '1479537139650973', caption: 'broken' });
    expect(inboundContent({ ...base, type: 'document', document: { id: '42', filename: 'receipt.pdf' } })).toEqual({
      kind: 'media',
      type: 'document',
      mediaId: '42',
      filename: 'receipt.pdf',
    });
    // Not one of Meta's numeric media ids: nothing to look up.
    expect(inboundContent({ ...base, type: 'image', image: { id: '../../me' } })).toEqual({ kind: 'unsupported', type: 'image' });
    expect(inboundContent({ ...base, type: 'sticker', sticker: { id: '7' } })).toEqual({ kind: 'sticker' });
    expect(inboundContent({ ...base, type: 'location', location: { latitude: 1, longitude: 2 } })).toEqual({ kind: 'unsupported', type: 'location' });
    expect(inboundContent({ ...base, type: 'reaction', reaction: { message_id: 'wamid.out1', emoji: '👍' } })).toEqual({ kind: 'ignored', type: 'reaction' });
  });

  it('builds the Activity: wamid as id, wa_id as conversation and sender, profile name, Meta time', () => {
    const message = { ...textMessage('16505551234', 'hi'), timestamp: '1749416383', context: { from: '15550783881', id: 'wamid.out1' } };
    const activity = toActivity(message, 'hi', { wa_id: '16505551234', profile: { name: 'Sheena Nelson' } }, origin);
    expect(activity).toMatchObject({
      type: 'message',
      id: message.id,
      channelId: 'whatsapp',
      serviceUrl: origin.serviceUrl,
      conversation: { id: '16505551234', isGroup: false },
      from: { id: '16505551234', name: 'Sheena Nelson', role: 'user' },
      recipient: { id: '106540352242922', role: 'bot' },
      text: 'hi',
      replyToId: 'wamid.out1',
      timestamp: new Date(1749416383 * 1000),
    });
  });
});
