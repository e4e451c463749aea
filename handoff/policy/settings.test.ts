import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../infra/errors.js';
import { defaultEscalationSettings, findCrisisPhrase, findHumanRequest, parseEscalationSettings } from './index.js';

describe('parseEscalationSettings', () => {
  it('fills every default', () => {
    expect(parseEscalationSettings()).toEqual(defaultEscalationSettings);
    expect(defaultEscalationSettings).toMatchObject({
      negativeEmotionThreshold: -0.6,
      trend: { window: 3, meanBelow: -0.4 },
      humanIntents: ['contact_human_agent', 'contact_customer_service'],
      notUnderstood: { turns: 2, lowConfidenceBelow: 0.5 },
      priorities: { crisis: 100, negative_emotion: 80, requested_human: 60, not_understood: 40, dialog: 30 },
      vipBoost: 15,
    });
  });

  it('merges nested overrides with the nested defaults', () => {
    const settings = parseEscalationSettings({ trend: { window: 4 }, priorities: { dialog: 50 }, vipBoost: 30 });
    expect(settings.trend).toEqual({ window: 4, meanBelow: -0.4 });
    expect(settings.priorities).toMatchObject({ crisis: 100, dialog: 50 });
    expect(settings.vipBoost).toBe(30);
  });

  it('names each bad field, its value and the rule', () => {
    let error: unknown;
    try {
      parseEscalationSettings({ negativeEmotionThreshold: 0.5, notUnderstood: { turns: 0 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('negativeEmotionThreshold must be 0 or less (scores run from -1 to 1)');
    expect(message).toContain('notUnderstood.turns must be at least 1');
    expect((error as ConfigError).code).toBe('config_invalid');
  });

  it('rejects a misspelt setting and lists the known ones', () => {
    expect(() => parseEscalationSettings({ negativeEmotionTreshold: -0.5 })).toThrow(
      /unknown setting\(s\) 'negativeEmotionTreshold'; known: negativeEmotionThreshold/,
    );
    expect(() => parseEscalationSettings({ trend: { windw: 3 } })).toThrow(/trend: unknown setting\(s\) 'windw'; known: window, meanBelow/);
  });

  it('keeps priorities inside what the queue can score', () => {
    expect(() => parseEscalationSettings({ priorities: { crisis: 1000 } })).toThrow(/priorities.crisis/);
    expect(() => parseEscalationSettings({ priorities: { crisis: 99.5 } })).toThrow(/priorities.crisis/);
  });
});

describe('phrase matching', () => {
  it('reads "Sue" mid-sentence as a name, "sue" as the verb', () => {
    expect(findCrisisPhrase('Ask Sue in billing about it')).toBeUndefined();
    expect(findCrisisPhrase('Sue you then!')).toMatchObject({ kind: 'legal', phrase: 'Sue you' });
    expect(findCrisisPhrase('Fine. Sue you then')).toMatchObject({ phrase: 'Sue you' });
    expect(findCrisisPhrase('I WILL SUE')).toMatchObject({ phrase: 'SUE' });
  });

  it('classifies each crisis kind', () => {
    expect(findCrisisPhrase('Unauthorized charges on my card')).toMatchObject({ kind: 'fraud' });
    expect(findCrisisPhrase('你们这是欺诈')).toMatchObject({ kind: 'fraud' });
    expect(findCrisisPhrase('我要发微博')).toMatchObject({ kind: 'media', phrase: '发微博' });
    expect(findCrisisPhrase('你们有官方微博吗')).toBeUndefined();
    expect(findCrisisPhrase('order 123156 shipped?')).toBeUndefined();
    expect(findCrisisPhrase('我要打12315')).toMatchObject({ kind: 'regulator' });
  });

  it('leaves third-party agents alone', () => {
    expect(findHumanRequest('the shipping agent lost it')).toBeUndefined();
    expect(findHumanRequest('is my travel agent allowed to pick it up?')).toBeUndefined();
    expect(findHumanRequest('let me talk to an agent')).toMatchObject({ phrase: 'talk to an agent' });
  });

  it('matches extra phrases on word boundaries for Latin text, as substrings for Chinese', () => {
    expect(findCrisisPhrase('the BlazeX recall', ['BlazeX'])).toMatchObject({ kind: 'custom', phrase: 'BlazeX' });
    expect(findCrisisPhrase('BlazeXL is fine', ['BlazeX'])).toBeUndefined();
    expect(findCrisisPhrase('我的暖手宝召回了吗', ['召回'])).toMatchObject({ phrase: '召回' });
  });
});
