import { describe, expect, it } from 'vitest';
import { countryTimeZone, customerTimeZone } from './customer-time-zone.js';

describe('customerTimeZone', () => {
  it('takes a zone the client reported, when the runtime knows it', () => {
    expect(customerTimeZone({ channelId: 'directline', reportedTimeZone: 'America/Lima' })).toEqual({ timeZone: 'America/Lima', source: 'reported' });
    expect(customerTimeZone({ channelId: 'directline', reportedTimeZone: 'Not/A_Zone' })).toBeUndefined();
    expect(customerTimeZone({ channelId: 'directline', reportedTimeZone: { evil: true } })).toBeUndefined();
  });

  it.each([
    ['4915112345678', 'Europe/Berlin'],
    ['8613800138000', 'Asia/Shanghai'],
    ['34600111222', 'Europe/Madrid'],
    ['5511987654321', 'America/Sao_Paulo'],
    ['12025550123', 'America/New_York'],
    ['819012345678', 'Asia/Tokyo'],
    ['66812345678', 'Asia/Bangkok'],
  ])('infers the main zone of the WhatsApp number %s: %s', (number, zone) => {
    expect(customerTimeZone({ channelId: 'whatsapp', conversationId: number })).toEqual({ timeZone: zone, source: 'phone' });
    expect(customerTimeZone({ channelId: 'whatsapp-web', conversationId: `${number}@c.us` })?.timeZone).toBe(zone);
  });

  it('infers from Telegram language_code: the region when given, the language home market otherwise, nothing for English', () => {
    expect(customerTimeZone({ channelId: 'telegram', locale: 'pt-br' })).toEqual({ timeZone: 'America/Sao_Paulo', source: 'language' });
    expect(customerTimeZone({ channelId: 'telegram', locale: 'ko' })?.timeZone).toBe('Asia/Seoul');
    expect(customerTimeZone({ channelId: 'telegram', locale: 'en-GB' })?.timeZone).toBe('Europe/London');
    expect(customerTimeZone({ channelId: 'telegram', locale: 'en' })).toBeUndefined();
  });

  it('knows nothing from a number it cannot read, and refuses bad country codes', () => {
    expect(customerTimeZone({ channelId: 'whatsapp', conversationId: 'not-a-number' })).toBeUndefined();
    expect(countryTimeZone('ZZ')).toBeUndefined();
    expect(countryTimeZone('../etc')).toBeUndefined();
  });
});
