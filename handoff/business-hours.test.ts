import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../infra/errors.js';
import { defaultBusinessHours, formatOpening, isOpen, nextOpening, parseBusinessHours } from './business-hours.js';

const shanghai = parseBusinessHours({
  timeZone: 'Asia/Shanghai',
  weekly: {
    mon: [
      ['09:00', '12:00'],
      ['13:30', '18:00'],
    ],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
    sat: [['10:00', '16:00']],
  },
  holidays: ['2026-10-01', '2026-10-02'],
});
const newYork = parseBusinessHours({
  timeZone: 'America/New_York',
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], sat: [['01:00', '03:00']], sun: [['02:30', '04:00']] },
});
const at = (iso: string) => new Date(iso);

describe('parseBusinessHours', () => {
  it('defaults to Monday-Friday 09:00-18:00 UTC', () => {
    expect(defaultBusinessHours).toEqual({
      timeZone: 'UTC',
      weekly: expect.objectContaining({ mon: [['09:00', '18:00']], fri: [['09:00', '18:00']], sat: [], sun: [] }),
      holidays: [],
    });
    expect(isOpen(at('2026-11-23T09:00:00Z'), defaultBusinessHours)).toBe(true);
    expect(isOpen(at('2026-11-23T18:00:00Z'), defaultBusinessHours)).toBe(false);
    expect(isOpen(at('2026-11-22T12:00:00Z'), defaultBusinessHours)).toBe(false);
  });

  it('treats days left out of weekly as closed', () => {
    expect(shanghai.weekly.sun).toEqual([]);
  });

  it('refuses bad zones, times, overnight ranges and dates, saying how to fix them', () => {
    const bad = () =>
      parseBusinessHours({ timeZone: 'China/Beijing', weekly: { mon: [['9am', '18:00']], fri: [['22:00', '02:00']] }, holidays: ['2026-02-30'] });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/timeZone is not an IANA time zone; use e.g. 'Asia\/Shanghai'/);
    expect(bad).toThrow(/weekly.mon.0.0 must be 'HH:MM'/);
    expect(bad).toThrow(/weekly.fri.0 must end after it starts; overnight ranges are not supported/);
    expect(bad).toThrow(/holidays.0 is not a real date/);
    expect(() => parseBusinessHours({ weekly: { monday: [] } })).toThrow(/monday/);
  });
});

describe('isOpen in Asia/Shanghai (UTC+8, no DST)', () => {
  it.each([
    ['2026-11-23T01:00:00Z', true, 'Mon 09:00 local'],
    ['2026-11-23T00:59:59Z', false, 'Mon 08:59 local'],
    ['2026-11-23T04:30:00Z', false, 'Mon 12:30 local: lunch break'],
    ['2026-11-23T05:30:00Z', true, 'Mon 13:30 local'],
    ['2026-11-23T10:00:00Z', false, 'Mon 18:00 local: closing time is exclusive'],
    ['2026-11-22T17:00:00Z', false, 'Sun 17:00 UTC is already Mon 01:00 local, before opening'],
    ['2026-11-28T03:00:00Z', true, 'Sat 11:00 local'],
  ])('%s → %s (%s)', (iso, open) => {
    expect(isOpen(at(iso), shanghai)).toBe(open);
  });

  it('is closed on a holiday, by the local date', () => {
    // 2026-10-01 is a Thursday; 02:00 UTC is 10:00 in Shanghai.
    expect(isOpen(at('2026-10-01T02:00:00Z'), shanghai)).toBe(false);
    // 2026-09-30 20:00 UTC is already 1 October in Shanghai.
    expect(nextOpening(at('2026-09-30T20:00:00Z'), shanghai)).toEqual(at('2026-10-03T02:00:00Z'));
  });
});

describe('nextOpening', () => {
  it('returns the moment itself when open', () => {
    const now = at('2026-11-24T03:00:00Z');
    expect(nextOpening(now, shanghai)).toBe(now);
  });

  it('finds the afternoon range after lunch, then the next day, then Monday after a weekend', () => {
    expect(nextOpening(at('2026-11-23T04:00:00Z'), shanghai)).toEqual(at('2026-11-23T05:30:00Z'));
    expect(nextOpening(at('2026-11-23T11:00:00Z'), shanghai)).toEqual(at('2026-11-24T01:00:00Z'));
    expect(nextOpening(at('2026-11-28T09:00:00Z'), shanghai)).toEqual(at('2026-11-30T01:00:00Z'));
    expect(nextOpening(at('2026-11-27T20:00:00Z'), defaultBusinessHours)).toEqual(at('2026-11-30T09:00:00Z'));
  });

  it('lands on an open minute, never before `at`, with the minute before it closed', () => {
    const moments = fc.date({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(moments, fc.constantFrom(shanghai, newYork, defaultBusinessHours), (now, hours) => {
        const open = nextOpening(now, hours);
        if (!open) return false;
        if (open === now) return isOpen(now, hours);
        return open > now && isOpen(open, hours) && !isOpen(new Date(open.getTime() - 60_000), hours);
      }),
      { numRuns: 300 },
    );
  });

  it('is undefined when the team never opens', () => {
    expect(nextOpening(at('2026-11-23T00:00:00Z'), parseBusinessHours({ weekly: {} }))).toBeUndefined();
  });

  it('keeps 09:00 local across the spring DST switch in New York', () => {
    // Friday 6 March 2026 18:00 EST; DST starts Sunday 8 March; Monday opens 09:00 EDT = 13:00 UTC.
    expect(nextOpening(at('2026-03-06T23:00:00Z'), newYork)).toEqual(at('2026-03-07T06:00:00Z'));
    // Sunday 02:30 does not exist that night; the 02:30-04:00 range is open from the gap's end, 03:00 EDT.
    expect(nextOpening(at('2026-03-07T09:00:00Z'), newYork)).toEqual(at('2026-03-08T07:00:00Z'));
    expect(nextOpening(at('2026-03-08T09:00:00Z'), newYork)).toEqual(at('2026-03-09T13:00:00Z'));
    expect(isOpen(at('2026-03-09T13:00:00Z'), newYork)).toBe(true);
    expect(isOpen(at('2026-03-09T12:59:00Z'), newYork)).toBe(false);
  });

  it('keeps 09:00 local across the autumn DST switch, and takes the first of a repeated hour', () => {
    // DST ends Sunday 1 November 2026 at 02:00 EDT (01:00-02:00 happens twice). Monday 09:00 EST = 14:00 UTC.
    expect(nextOpening(at('2026-10-30T22:00:00Z'), newYork)).toEqual(at('2026-10-31T05:00:00Z'));
    expect(nextOpening(at('2026-11-01T09:00:00Z'), newYork)).toEqual(at('2026-11-02T14:00:00Z'));
    // Saturday 31 October 01:00-03:00 is an ordinary night; Sunday 02:30 exists once (EST).
    expect(nextOpening(at('2026-10-31T08:00:00Z'), newYork)).toEqual(at('2026-11-01T07:30:00Z'));
    const earlyBird = parseBusinessHours({ timeZone: 'America/New_York', weekly: { sun: [['01:30', '05:00']] } });
    // 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST): the first one counts.
    expect(nextOpening(at('2026-11-01T00:00:00Z'), earlyBird)).toEqual(at('2026-11-01T05:30:00Z'));
  });
});

describe('formatOpening', () => {
  const monday = at('2026-11-23T01:00:00Z');
  it('speaks English and Chinese with the zone name', () => {
    expect(formatOpening(monday, 'en', 'Asia/Shanghai')).toBe('Monday 09:00 (China Standard Time)');
    expect(formatOpening(monday, 'zh', 'Asia/Shanghai')).toBe('周一 09:00(中国标准时间)');
    expect(formatOpening(monday, 'zh-CN', 'Asia/Shanghai')).toBe('周一 09:00(中国标准时间)');
  });

  it('names standard or daylight time as it will be on that day', () => {
    expect(formatOpening(at('2026-03-09T13:00:00Z'), 'en', 'America/New_York')).toBe('Monday 09:00 (Eastern Daylight Time)');
    expect(formatOpening(at('2026-11-02T14:00:00Z'), 'en', 'America/New_York')).toBe('Monday 09:00 (Eastern Standard Time)');
    expect(formatOpening(at('2026-11-02T14:00:00Z'), 'zh', 'America/New_York')).toBe('周一 09:00(北美东部标准时间)');
  });

  it('adds the date when the opening is a week or more away', () => {
    const now = at('2026-09-30T20:00:00Z');
    const reopen = at('2026-10-09T01:00:00Z');
    expect(formatOpening(reopen, 'en', 'Asia/Shanghai', { now })).toBe('Friday, October 9, 09:00 (China Standard Time)');
    expect(formatOpening(reopen, 'zh', 'Asia/Shanghai', { now })).toBe('10月9日周五 09:00(中国标准时间)');
    expect(formatOpening(at('2026-10-03T02:00:00Z'), 'en', 'Asia/Shanghai', { now })).toBe('Saturday 10:00 (China Standard Time)');
  });
});
