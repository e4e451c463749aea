/**
 * The manifests must ask Slack for what the desk uses: a missing scope or event shows up only in a
 * real workspace (a `missing_scope` error, or thread replies that never arrive), so it is pinned here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEND_SHORTCUT } from './desk-context.js';
import { EVENTS_PATH } from './receivers.js';

const read = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
/** The items of the YAML list under `key:` (its `- item` lines). */
function listUnder(yaml: string, key: string): string[] {
  const start = yaml.indexOf(`${key}:\n`);
  if (start < 0) return [];
  const items: string[] = [];
  for (const line of yaml.slice(start + key.length + 2).split('\n')) {
    const item = /^\s+- (.+)$/.exec(line);
    if (!item) break;
    items.push(item[1]!);
  }
  return items;
}

const SCOPES = [
  'chat:write',
  'commands',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'users:read',
  'usergroups:read',
  'files:read',
  'files:write',
];

describe('Slack app manifests', () => {
  for (const [name, mode] of [
    ['manifest.yaml', 'http'],
    ['manifest.socket.yaml', 'socket'],
  ] as const) {
    it(`${name} asks for the desk's scopes, events, command and interactivity (${mode})`, () => {
      const yaml = read(name);
      expect(listUnder(yaml, '    bot').sort()).toEqual([...SCOPES].sort());
      expect(listUnder(yaml, '    bot_events')).toEqual(['message.channels', 'message.groups']);
      expect(yaml).toContain('    - command: /baton\n');
      expect(yaml).toMatch(new RegExp(`shortcuts:\\n(?:\\s+#.*\\n)?\\s+- name: Send to customer\\n\\s+type: message\\n\\s+callback_id: ${SEND_SHORTCUT}\\n`));
      expect(yaml).toMatch(/interactivity:\n\s+is_enabled: true/);
      expect(yaml).toContain(`socket_mode_enabled: ${mode === 'socket'}`);
      const urls = yaml.match(/(?:request_url|url): \S+/g) ?? [];
      const url = `https://baton.example.com${EVENTS_PATH}`;
      expect(urls).toEqual(mode === 'http' ? [`url: ${url}`, `request_url: ${url}`, `request_url: ${url}`] : []);
    });
  }
});
