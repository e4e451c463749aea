import { describe, expect, it } from 'vitest';
import type { Agent } from '../types.js';
import { chooseRoute, placeTicket } from './routing.js';
import { parseHandoffSettings } from './settings.js';

const agent = (over: Partial<Agent>): Agent => ({
  id: 'a',
  name: 'A',
  languages: ['en', 'zh'],
  skills: ['general'],
  capacity: 2,
  presence: 'available',
  activeTickets: 0,
  ...over,
});
const base = { reason: 'requested_human' as const, language: 'en', vip: false };

describe('chooseRoute', () => {
  const { routing } = parseHandoffSettings({});
  it('by default sends a crisis to senior when a senior agent is available, else to general, saying why', () => {
    const senior = agent({ id: 's', skills: ['senior'] });
    expect(chooseRoute({ ...base, reason: 'crisis' }, routing, [agent({}), senior])).toEqual({ skill: 'senior', routedBy: 'crisis to senior' });
    expect(chooseRoute({ ...base, reason: 'crisis' }, routing, [agent({}), { ...senior, presence: 'away' }])).toEqual({
      skill: 'general',
      routedBy: 'crisis to senior: nobody on duty serves senior, so general',
    });
    expect(chooseRoute({ ...base, reason: 'crisis', language: 'fr' }, routing, [agent({}), senior])).toMatchObject({ skill: 'general' });
    expect(chooseRoute(base, routing, [agent({})])).toEqual({ skill: 'general', routedBy: 'default: general' });
  });

  it('tries rules in order on reason, intent, language and VIP; a rule without a fallback keeps its skill', () => {
    const custom = parseHandoffSettings({
      routing: {
        rules: [
          { vip: true, skill: 'vip' },
          { intent: ['get_refund', 'track_refund'], skill: 'billing' },
          { language: 'zh', reason: ['negative_emotion', 'requested_human'], skill: 'zh-care' },
        ],
        fallbackSkill: 'frontline',
      },
    }).routing;
    expect(chooseRoute({ ...base, vip: true, intent: 'get_refund' }, custom, [])).toEqual({ skill: 'vip', routedBy: 'VIP to vip' });
    expect(chooseRoute({ ...base, intent: 'get_refund' }, custom, [])).toEqual({ skill: 'billing', routedBy: 'get_refund/track_refund to billing' });
    expect(chooseRoute({ ...base, language: 'zh-CN' }, custom, [])).toEqual({ skill: 'zh-care', routedBy: 'negative_emotion/requested_human, zh to zh-care' });
    expect(chooseRoute({ ...base, reason: 'crisis', language: 'zh' }, custom, [])).toEqual({ skill: 'frontline', routedBy: 'default: frontline' });
  });

  it('refuses unknown reasons, bad skill names and unknown fields, naming the field', () => {
    expect(() => parseHandoffSettings({ routing: { rules: [{ reason: 'angry', skill: 'x' }] } })).toThrow(/routing\.rules\.0\.reason/);
    expect(() => parseHandoffSettings({ routing: { rules: [{ skill: 'a b' }] } })).toThrow(/routing\.rules\.0\.skill/);
    expect(() => parseHandoffSettings({ routing: { rules: [{ skill: 'a', queue: 'b' }] } })).toThrow(/unknown setting\(s\) queue/);
    expect(() => parseHandoffSettings({ routing: { fallbackSkill: '' } })).toThrow(/routing\.fallbackSkill/);
  });
});

describe('placeTicket', () => {
  const { routing } = parseHandoffSettings({});
  it('keeps a skill the caller chose, routes otherwise, and marks a callback when nobody is on duty for the skill', () => {
    expect(placeTicket({ ...base, skill: 'billing' }, routing, [], () => false)).toEqual({ skill: 'billing', details: {} });
    expect(placeTicket(base, routing, [agent({})], () => false)).toEqual({ skill: 'general', details: { routedBy: 'default: general' } });
    const asked: string[] = [];
    const placed = placeTicket({ ...base, reason: 'crisis' }, routing, [], (skill) => (asked.push(skill), true));
    expect(placed).toEqual({ skill: 'general', details: { routedBy: 'crisis to senior: nobody on duty serves senior, so general', callback: true } });
    expect(asked).toEqual(['general']);
  });
});
