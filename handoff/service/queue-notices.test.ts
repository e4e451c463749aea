import { describe, expect, it } from 'vitest';
import type { Agent } from '../types.js';
import { estimateWaitMinutes, queueNotice } from './queue-notices.js';

const agent = (over: Partial<Agent>): Agent => ({
  id: 'a',
  name: 'A',
  languages: ['en'],
  skills: ['general'],
  capacity: 2,
  presence: 'available',
  activeTickets: 0,
  ...over,
});
const ticket = { language: 'en', skill: 'general' };

describe('estimateWaitMinutes', () => {
  it('is a minute while free seats cover the place', () => {
    expect(estimateWaitMinutes(ticket, 2, [agent({})], 4)).toBe(1);
  });
  it('adds an average handle time per round of the whole capacity beyond the free seats', () => {
    const agents = [agent({ id: 'a', activeTickets: 1 }), agent({ id: 'b', activeTickets: 2 })];
    expect(estimateWaitMinutes(ticket, 2, agents, 4)).toBe(5);
    expect(estimateWaitMinutes(ticket, 6, agents, 4)).toBe(9);
  });
  it('counts only available agents who speak the language and have the skill', () => {
    const agents = [agent({ presence: 'away' }), agent({ languages: ['zh'] }), agent({ skills: ['billing'] })];
    expect(estimateWaitMinutes(ticket, 1, agents, 4)).toBeUndefined();
    expect(estimateWaitMinutes({ language: 'en-GB', skill: 'general' }, 1, [agent({})], 4)).toBe(1);
  });
});

describe('queueNotice', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  it("opens a crisis with the priority sentence, in the customer's language", () => {
    expect(queueNotice({ locale: 'en', position: 1, waitMinutes: 1, now, crisis: true, senior: true, kind: 'opened' })).toMatch(
      /^I'm sorry this has happened.*senior colleague.*number 1 in the queue/,
    );
    // Nobody senior took it: no senior colleague is promised.
    expect(queueNotice({ locale: 'en', position: 1, waitMinutes: 1, now, crisis: true, kind: 'opened' })).not.toMatch(/senior/);
    expect(queueNotice({ locale: 'zh', position: 1, waitMinutes: 1, now, crisis: true, kind: 'opened' })).not.toMatch(/资深/);
    expect(queueNotice({ locale: 'zh', position: 3, waitMinutes: 9, now, kind: 'opened' })).toMatch(/第 3 位，预计等待约 9 分钟/);
  });
  it('updates a waiting customer with the new place', () => {
    expect(queueNotice({ locale: 'en', position: 2, waitMinutes: 5, now, kind: 'update' })).toMatch(/you are now number 2 in the queue \(about 5 min\)/);
  });
  it('promises no wait, first or later, while nobody who could take the ticket is on duty', () => {
    for (const kind of ['opened', 'update'] as const) {
      for (const locale of ['en', 'zh']) {
        const notice = queueNotice({ locale, position: 2, waitMinutes: undefined, now, kind });
        expect(notice).not.toMatch(/min|分钟/);
        expect(notice).toMatch(/can't|无法预估/);
      }
    }
  });
});
