/**
 * A bad setting stops the start with a message that names the setting and the fix, and never repeats
 * its value: settings hold secrets, and start-up errors land in shared logs. Every value below carries
 * a marker that must not appear in the message (nor in what `npm start` prints).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createShopAssistant } from '../../bots/shop-assistant/app.js';
import { parseSlackSettings } from '../../desks/slack/settings.js';
import { parseAgentAccounts } from '../../handoff/service/agent-accounts.js';
import { loadConfig } from '../../infra/config.js';
import { piiLogMasking } from '../../handoff/privacy/index.js';
import { createLogger } from '../../infra/logger.js';

const MARK = 'Zq7MARKx';
const root = fileURLToPath(new URL('../../', import.meta.url));

/** The message of what `run` throws (it must throw a ConfigError). */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: 'config_invalid' });
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

/** Bad values of every setting that holds (or may be pasted with) a secret. */
const SECRET_BEARING: Record<string, Record<string, string>> = {
  REDIS_URL: { REDIS_URL: `user:${MARK}@localhost:6379` },
  REDIS_PASSWORD: { REDIS_PASSWORD: MARK },
  REDIS_SENTINEL_PASSWORD: { REDIS_URL: 'redis://localhost:6379', REDIS_SENTINEL_PASSWORD: MARK },
  REDIS_CLUSTER_NODES: { REDIS_CLUSTER_NODES: `127.0.0.1:7000,${MARK}` },
  DIRECTLINE_SECRET: { DIRECTLINE_SECRET: MARK },
  TOKEN_SECRET: { TOKEN_SECRET: MARK },
  ADMIN_TOKEN: { ADMIN_TOKEN: MARK },
  TELEGRAM_BOT_TOKEN: { TELEGRAM_BOT_TOKEN: `bot-${MARK}` },
  TELEGRAM_WEBHOOK_SECRET: { TELEGRAM_WEBHOOK_SECRET: `${MARK} with spaces` },
  WHATSAPP_ACCESS_TOKEN: { WHATSAPP_ACCESS_TOKEN: `EAAG${MARK}` },
  WHATSAPP_APP_SECRET: { WHATSAPP_APP_SECRET: `${MARK}0123456789` },
  WHATSAPP_VERIFY_TOKEN: { WHATSAPP_VERIFY_TOKEN: MARK },
  SLACK_BOT_TOKEN: { SLACK_BOT_TOKEN: `xoxp-${MARK}` },
  SLACK_SIGNING_SECRET: { SLACK_SIGNING_SECRET: `${MARK} 0123456789abcdef` },
  SLACK_APP_TOKEN: { SLACK_APP_TOKEN: `xoxb-${MARK}` },
  MICROSOFT_APP_PASSWORD: { MICROSOFT_APP_PASSWORD: `${MARK}~secret` },
  TRUST_PROXY: { TRUST_PROXY: `10.0.0.0/8,${MARK}` },
};

describe('setting errors never repeat the value', () => {
  for (const [name, env] of Object.entries(SECRET_BEARING)) {
    it(`${name}: names the setting and the fix, not the value`, () => {
      const message = messageOf(() => loadConfig(env));
      expect(message).toContain(name);
      expect(message).not.toContain(MARK);
    });
  }

  it('any setting given a malformed value: the message names it, never the value', () => {
    const keys = Object.keys(loadConfig({}));
    expect(keys.length).toBeGreaterThan(50);
    let refused = 0;
    for (const key of keys) {
      let message: string | undefined;
      try {
        loadConfig({ [key]: `bad ${MARK} value` });
      } catch (error) {
        message = (error as Error).message;
      }
      if (message === undefined) continue; // a free-text setting (a name, a path) takes any text
      refused += 1;
      expect(message, key).not.toContain(MARK);
      expect(message, key).toMatch(/^Invalid settings:\n- [A-Z][A-Z0-9_]* /);
    }
    expect(refused).toBeGreaterThan(30);
  });

  it('the JSON settings: AGENTS, SLACK_CHANNEL_ROUTES and SLACK_AGENT_DEFAULTS, malformed or with bad fields', () => {
    for (const agents of [`[{"id":"ada","name":"Ada","token":"${MARK}"}]`, `[{"token":"${MARK}`, `{"${MARK}":1}`]) {
      const message = messageOf(() => parseAgentAccounts(agents));
      expect(message).toContain('AGENTS');
      expect(message).not.toContain(MARK);
    }
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_QUEUE_CHANNEL: 'C0123456', SLACK_SIGNING_SECRET: 'x'.repeat(32) };
    for (const routes of [`{"languages":{"zh":"${MARK}"}}`, `{"languages":${MARK}`]) {
      const message = messageOf(() => parseSlackSettings({ ...slack, SLACK_CHANNEL_ROUTES: routes }));
      expect(message).toContain('SLACK_CHANNEL_ROUTES');
      expect(message).not.toContain(MARK);
    }
    const defaults = messageOf(() => parseSlackSettings({ ...slack, SLACK_AGENT_DEFAULTS: `{"languages":["${MARK}"],"capacity":"${MARK}"}` }));
    expect(defaults).toContain('SLACK_AGENT_DEFAULTS');
    expect(defaults).not.toContain(MARK);
  });

  it('ESCALATION_SETTINGS and HANDOFF_SETTINGS, malformed or with bad fields, stop the start without the value', async () => {
    const logger = createLogger({ level: 'silent', masking: piiLogMasking });
    const cases = {
      ESCALATION_SETTINGS: [`{"vipBoost":"${MARK}"}`, `{"trend":${MARK}}`],
      HANDOFF_SETTINGS: [`{"sla":{"firstReplySeconds":"${MARK}"}}`, `{${MARK}`],
    };
    for (const [name, values] of Object.entries(cases)) {
      for (const value of values) {
        const failure = await createShopAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', [name]: value }), { logger }).then(
          () => undefined,
          (error: Error) => error,
        );
        expect(failure, value).toMatchObject({ code: 'config_invalid' });
        expect(failure!.message).not.toContain(MARK);
      }
    }
  });

  it('npm start with a bad secret prints what to fix, without the secret, and exits 1', async () => {
    const run = promisify(execFile)(process.execPath, ['--conditions=baton-source', '--import', 'tsx', 'bots/shop-assistant/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', REDIS_URL: `redis//:${MARK}@localhost`, ADMIN_TOKEN: MARK },
    });
    const failure = (await run.then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    ))!;
    expect(failure.code).toBe(1);
    const printed = failure.stdout + failure.stderr;
    expect(printed).toMatch(/REDIS_URL is not a redis:\/\/ URL/);
    expect(printed).toMatch(/ADMIN_TOKEN is too short/);
    expect(printed).not.toContain(MARK);
  });
});
