import type { Activity } from '../../dialogs/turn-kit.js';
import { describe, expect, it } from 'vitest';
import { regionOfPhoneId } from '../privacy/index.js';
import { transcriptLines } from './ticket-views.js';

const customerSays = (text: string, extra: object = {}) =>
  ({ type: 'message', text, from: { id: 'u', name: '', role: 'user' }, conversation: { id: 'c-1' }, timestamp: new Date(0), ...extra }) as Partial<Activity>;

describe('transcript lines mask phones as the customer writes them', () => {
  it("reads national formats with the region of a WhatsApp customer's own number", () => {
    const australian = customerSays('call 0412 345 678', { conversation: { id: '61412345678' } });
    expect(transcriptLines([australian])[0].text).toBe('call **** **5 678');
    // The same words in a conversation that says nothing of Australia: not a phone in US, GB or CN.
    expect(transcriptLines([customerSays('call 0412 345 678')])[0].text).toBe('call 0412 345 678');
  });

  it("reads them with the activity's locale", () => {
    expect(transcriptLines([customerSays('ring 06 12 34 56 78', { locale: 'fr-FR' })])[0].text).toBe('ring ** ** ** 56 78');
  });

  it('finds the region of a phone-number conversation id', () => {
    expect(regionOfPhoneId('61412345678@c.us')).toBe('AU');
    expect(regionOfPhoneId('8613800138000')).toBe('CN');
    expect(regionOfPhoneId('conv-123')).toBeUndefined();
    expect(regionOfPhoneId(undefined)).toBeUndefined();
  });
});
