/**
 * The bot does not load what it never runs (docs/performance.md, "Memory"): starting the demo app loads
 * neither Microsoft's text recognizers (which botbuilder-dialogs' index pulls in with its prompts; Baton's
 * dialogs take their classes from dialogs/dialog-kit.ts) nor eld's object-literal n-gram tables (the
 * packed table in nlu-models/models/language stands in for them). Each was about 30 and 100 MB resident.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Runs in a child process (a fresh module graph): records every module Node loads, ESM or CommonJS,
// while the app module is imported and the demo bot is created, as `npm start` does.
const probe = `
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ load(url, context, nextLoad) { loaded.push(url); return nextLoad(url, context); } });
const { loadConfig } = await import('./infra/config.ts');
const { createShopAssistant } = await import('./bots/shop-assistant/app.ts');
const assistant = await createShopAssistant(loadConfig({ PORT: '0', LOG_LEVEL: 'warn', REDIS_URL: '' }));
await assistant.stop?.();
console.log(JSON.stringify(loaded));
process.exit(0);
`;

describe('memory footprint of the started bot', () => {
  it('loads neither the text recognizers nor eld’s n-gram tables, and does load the packed table', { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, ['--conditions=baton-source', '--import', 'tsx', '--input-type=module', '-e', probe], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const loaded = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
    expect(loaded.some((url) => url.includes('/botbuilder-dialogs/lib/dialogSet.js'))).toBe(true);
    expect(loaded.some((url) => url.includes('/eld/src/languageDetector.js'))).toBe(true);
    expect(loaded.filter((url) => url.includes('@microsoft/recognizers-text-'))).toEqual([]);
    expect(loaded.filter((url) => url.includes('/eld/src/ngrams/'))).toEqual([]);
    expect(loaded.filter((url) => url.endsWith('/botbuilder-dialogs/lib/index.js'))).toEqual([]);
  });
});
