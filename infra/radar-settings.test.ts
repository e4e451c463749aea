/** RADAR_ settings: defaults, a custom rule, and bad values stopping the start with the fix. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { DEFAULT_RADAR_RULES } from './radar-settings.js';

describe('radar settings', () => {
  it('defaults to the built-in rules, a 30 s tick and a 60-minute auto-resolve', () => {
    const config = loadConfig({});
    expect(config.RADAR_RULES).toEqual(DEFAULT_RADAR_RULES);
    expect(config).toMatchObject({ RADAR_TICK_SECONDS: 30, RADAR_AUTO_RESOLVE_MINUTES: 60, RADAR_SLACK_CHANNEL: undefined });
  });

  it('takes a list of rules, and [] for none', () => {
    const rules = [{ id: 'crisis', signal: 'escalated:crisis', windowMinutes: 10, minCount: 3 }];
    expect(loadConfig({ RADAR_RULES: JSON.stringify(rules) }).RADAR_RULES).toEqual(rules);
    expect(loadConfig({ RADAR_RULES: '[]' }).RADAR_RULES).toEqual([]);
  });

  it.each([
    ['{"id":"x"', /RADAR_RULES is not JSON: write a JSON array of rules, e\.g\. \[\{"id":"wismo"/],
    ['[{"id":"wismo","signal":"intent:track order","windowMinutes":15,"minCount":30}]', /RADAR_RULES has a bad rule: rule 0\.signal must be intent:<intent>/],
    ['[{"id":"wismo","signal":"negative","windowMinutes":90,"minCount":30}]', /rule 0\.windowMinutes must be at most 60 minutes/],
    ['[{"id":"wismo","signal":"negative","windowMinutes":15,"minCount":0}]', /rule 0\.minCount must be a whole number from 1 to 1000000/],
    [
      '[{"id":"wismo","signal":"negative","windowMinutes":15,"minCount":5,"factr":2}]',
      /RADAR_RULES has a bad rule: rule 0 has the unknown field\(s\) "factr" \(a rule takes id, signal, windowMinutes, factor and minCount\)/,
    ],
    [
      '[{"id":"a","signal":"negative","windowMinutes":5,"minCount":5},{"id":"a","signal":"negative","windowMinutes":9,"minCount":5}]',
      /names the rule "a" twice/,
    ],
  ])('refuses RADAR_RULES=%s with the fix', (value, message) => {
    expect(() => loadConfig({ RADAR_RULES: value })).toThrow(message);
  });

  it('refuses a Slack channel by name, and one without the Slack bot token', () => {
    expect(() => loadConfig({ RADAR_SLACK_CHANNEL: '#incidents', SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toThrow(
      /RADAR_SLACK_CHANNEL must be a channel ID like C0123456789/,
    );
    expect(() => loadConfig({ RADAR_SLACK_CHANNEL: 'C0INCIDENT' })).toThrow(/RADAR_SLACK_CHANNEL is set, but SLACK_BOT_TOKEN is not/);
    expect(() => loadConfig({ RADAR_TICK_SECONDS: '1' })).toThrow(/RADAR_TICK_SECONDS must be at least 5 seconds/);
  });
});
