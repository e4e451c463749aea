/**
 * The `nlu` command as a child process, on small JSONL files written to a temp directory.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ALLOWED, COMMAND_HELP } from './cli-help.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'baton-nlu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function nlu(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(tsx, ['nlu-models/cli.ts', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function jsonl(name: string, rows: readonly object[]): string {
  const file = join(dir, name);
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

const en = (text: string, intent: string) => ({ text, intent, locale: 'en' });
const zh = (text: string, intent: string) => ({ text, intent, locale: 'zh' });
const trainFile = jsonl('train.jsonl', [
  en('where is my order', 'track_order'),
  en('track my package', 'track_order'),
  en('has my parcel shipped', 'track_order'),
  en('I want a refund', 'get_refund'),
  en('give me my money back', 'get_refund'),
  en('refund my purchase', 'get_refund'),
  zh('我的订单在哪里', 'track_order'),
  zh('快递到哪了', 'track_order'),
  zh('我要退款', 'get_refund'),
  zh('把钱退给我', 'get_refund'),
]);
const evalFile = jsonl('eval.jsonl', [
  en('where is my parcel', 'track_order'),
  en('refund please', 'get_refund'),
  en('sing me a song about the sea', 'None'),
  zh('物流到哪了', 'track_order'),
]);
const model = join(dir, 'model');

describe('nlu CLI', () => {
  it('trains a model from --data into --out, with progress on stderr', async () => {
    const run = await nlu('train', '--data', trainFile, '--out', model);
    expect(run.code).toBe(0);
    expect(existsSync(join(model, 'manifest.json'))).toBe(true);
    expect(existsSync(join(model, 'intent-zh.json'))).toBe(true);
    expect(existsSync(join(model, 'linear-zh.bin'))).toBe(true);
    expect(run.stdout).toMatch(/Trained en, zh/);
  });

  it('eval --json prints one JSON object with figures in range', async () => {
    const run = await nlu('eval', '--data', evalFile, '--model', model, '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, number | null>;
    expect(report.count).toBe(4);
    for (const key of ['inScopeAccuracy', 'macroF1', 'oosRecall']) {
      expect(report[key]).toBeGreaterThanOrEqual(0);
      expect(report[key]).toBeLessThanOrEqual(1);
    }
  });

  it('eval lists the most confused pairs and --html writes a self-contained report with an SVG chart', async () => {
    const html = join(dir, 'report.html');
    const run = await nlu('eval', '--data', evalFile, '--model', model, '--html', html);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/most confused/);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<svg[^>]*>/);
    expect(page).toMatch(/track_order/);
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('train without --validation holds out a tenth of the --data rows to choose its thresholds on', async () => {
    const rows = [
      'where is my order',
      'track my package',
      'has my parcel shipped',
      'where is my parcel',
      'order status please',
      'when will my order come',
      'is my order on the way',
      'track order 123',
      'delivery status',
      'where is my stuff',
    ].flatMap((t, i) => [
      en(t, 'track_order'),
      en(
        [
          'I want a refund',
          'give me my money back',
          'refund my purchase',
          'refund please',
          'money back now',
          'return and refund',
          'how do I get a refund',
          'refund for order 12',
          'I need my money back',
          'can I be refunded',
        ][i] ?? '',
        'get_refund',
      ),
    ]);
    const out = join(dir, 'carved');
    const run = await nlu('train', '--data', jsonl('carve.jsonl', rows), '--out', out);
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { notes: Record<string, string> };
    expect(manifest.notes.en).toMatch(/^18 training rows; .* chosen on 2 held-out training rows/);
  });

  it('train rejects a --bits out of range, naming the flag', async () => {
    const run = await nlu('train', '--data', trainFile, '--out', join(dir, 'other'), '--bits', '40');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--bits must be a number from 12 to 20/);
  });

  it('emotion-eval --json prints precision, recall, F1 and count', async () => {
    const file = jsonl('emotion.jsonl', [
      { text: 'this is unacceptable!!!', negative: true, locale: 'en' },
      { text: 'thanks, all good', negative: false, locale: 'en' },
      { text: '太慢了，我要投诉', negative: true, locale: 'zh' },
      { text: '很满意', negative: false, locale: 'zh' },
    ]);
    const run = await nlu('emotion-eval', '--data', file, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ precision: 1, recall: 1, f1: 1, count: 4, flagged: 0.5 });
  });

  it('emotion-eval gives figures per domain, and --html draws them', async () => {
    const file = jsonl('emotion-domains.jsonl', [
      { text: 'my flight was cancelled and nobody helps, unacceptable!!!', negative: true, locale: 'en', domain: 'airlines' },
      { text: 'can I add a bag to my booking?', negative: false, locale: 'en', domain: 'airlines' },
      { text: 'this is the worst bank ever', negative: true, locale: 'en', domain: 'banks' },
      { text: 'how do I open an account?', negative: false, locale: 'en', domain: 'banks' },
    ]);
    const html = join(dir, 'emotion.html');
    const run = await nlu('emotion-eval', '--data', file, '--json', '--html', html);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { perDomain: Array<{ domain: string; count: number }> };
    expect(report.perDomain.map((d) => [d.domain, d.count])).toEqual([
      ['airlines', 2],
      ['banks', 2],
    ]);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<svg[^>]*aria-label="negative F1 per domain"/);
    expect(page).toMatch(/airlines/);
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('emotion-train writes a model per language with its weight and threshold', async () => {
    const rows = ['太慢了', '气死我了', '东西坏了', '很满意', '谢谢', '我的订单在哪'].flatMap((text, i) => [
      { text, negative: i < 3, locale: 'zh' },
      { text: `${text}！`, negative: i < 3, locale: 'zh' },
    ]);
    const out = join(dir, 'emotion');
    const run = await nlu('emotion-train', '--data', jsonl('emotion-train.jsonl', rows), '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/zh: 12 rows, lexicon [01], model weight [\d.]+, threshold -?[\d.]+, cross-validated F1/);
    expect(existsSync(join(out, 'zh.bin'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ format: 1, locales: { zh: { rows: 12 } } });
  });

  it('emotion-train --data-dir trains on the corpora of that folder and chooses on their held-out dev rows', async () => {
    const data = join(dir, 'data');
    mkdirSync(join(data, 'emotion'), { recursive: true });
    // online_shopping_zh's layout: per product kind, its praise and then its complaints.
    const kinds = ['书', '平板', '手机', '水果', '洗发水', '热水器', '牛奶', '衣服', '电脑'];
    const shop = kinds.flatMap((k) => [
      ...['很好', '喜欢', '不错', '满意', '推荐'].map((w, i) => ({ text: `${k}${w}${i}`, negative: false, locale: 'zh' })),
      ...['太差', '坏了', '失望', '退货', '假货'].map((w, i) => ({ text: `${k}${w}${i}`, negative: true, locale: 'zh' })),
    ]);
    writeFileSync(join(data, 'emotion', 'online_shopping_zh.jsonl'), shop.map((r) => JSON.stringify(r)).join('\n'));
    const tweets = ['love this', 'great day', 'so happy', 'nice one', 'hate this', 'so sad', 'awful day', 'worst ever', 'fun times', 'crying now'];
    writeFileSync(
      join(data, 'emotion', 'tweets_en.jsonl'),
      tweets.map((t, i) => JSON.stringify({ text: t, negative: i >= 4 && i !== 8, locale: 'en' })).join('\n'),
    );
    const team = jsonl('team.jsonl', [
      { text: '气死我了', negative: true, locale: 'zh' },
      { text: 'thanks!', negative: false, locale: 'en' },
    ]);
    const out = join(dir, 'emotion-corpora');
    const run = await nlu('emotion-train', '--data', team, '--data-dir', data, '--out', out);
    expect(run.code).toBe(0);
    // 90 rows; a tenth of each kind and label is half a row, rounded up: 18 held out.
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { locales: Record<string, { rows: number; devRows: number }> };
    expect(manifest.locales.zh?.devRows).toBe(18);
    expect(manifest.locales.zh?.rows).toBe(1 + 90 - 18);
    expect(manifest.locales.en?.devRows).toBe(1 + 1);
    expect(run.stdout).toMatch(/zh: 73 rows, lexicon [01], model weight [\d.]+, threshold -?[\d.]+, dev F1 [\d.]+ on 18 held-out rows/);
    expect(run.stdout).toMatch(/best with lexicon 0:/);
  });

  it('emotion-train --data-dir refuses a shopping corpus out of its source order', async () => {
    const data = join(dir, 'shuffled');
    mkdirSync(join(data, 'emotion'), { recursive: true });
    const rows = Array.from({ length: 40 }, (_, i) => ({ text: `评论${i}`, negative: i % 2 === 0, locale: 'zh' }));
    writeFileSync(join(data, 'emotion', 'online_shopping_zh.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const run = await nlu('emotion-train', '--data-dir', data, '--out', join(dir, 'never'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/source order: 9 blocks of praise then complaints/);
    expect(existsSync(join(dir, 'never', 'manifest.json'))).toBe(false);
  });

  it('emotion-train trains on a message written twice once, and refuses one labelled both ways', async () => {
    const rows = ['太慢了', '气死我了', '东西坏了', '很满意', '谢谢', '我的订单在哪'].map((text, i) => ({ text, negative: i < 3, locale: 'zh' }));
    const twice = await nlu('emotion-train', '--data', jsonl('twice.jsonl', [...rows, rows[0], { ...rows[3], text: ' 很满意' }]), '--out', join(dir, 'twice'));
    expect(twice.code).toBe(0);
    expect(twice.stdout).toMatch(/zh: 6 rows,/);
    const both = await nlu('emotion-train', '--data', jsonl('both.jsonl', [...rows, { ...rows[4], negative: true }]), '--out', join(dir, 'both'));
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/"谢谢" is labelled both negative and not/);
    expect(existsSync(join(dir, 'both', 'manifest.json'))).toBe(false);
  });

  it('a missing file exits 2 and names it', async () => {
    const run = await nlu('eval', '--data', join(dir, 'nope.jsonl'), '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/File not found: .*nope\.jsonl/);
    expect(run.stdout).toBe('');
  });

  it('a bad JSON line exits 2 with its line number', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"text": "hi", "intent": "greet", "locale": "en"}\n{not json}\n');
    const run = await nlu('eval', '--data', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.jsonl:2: not valid JSON/);
  });

  it('unknown commands and flags exit 2 with the usage', async () => {
    const command = await nlu('fly');
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/Unknown command 'fly'/);
    const flag = await nlu('eval', '--data', evalFile, '--verbose');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/verbose/);
    const misplaced = await nlu('emotion-eval', '--data', evalFile, '--model', model);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/does not take --model/);
  });
  it('--help lists the commands and exits 0; <command> --help and help <command> list every flag of it', async () => {
    const summary = await nlu('--help');
    expect(summary.code).toBe(0);
    for (const command of Object.keys(ALLOWED)) expect(summary.stdout).toContain(`  ${command} `);
    expect((await nlu('-h')).stdout).toBe(summary.stdout);
    for (const [command, flags] of Object.entries(ALLOWED)) {
      const page = await nlu(command, '--help');
      expect(page.code, page.stderr).toBe(0);
      expect(page.stdout).toBe(`${COMMAND_HELP[command]}\n`);
      for (const flag of flags) expect(page.stdout, `${command} --help should explain --${flag}`).toMatch(new RegExp(`^  --${flag}\\b`, 'm'));
      // Help only: nothing is trained or measured, even without the --data a command needs.
      expect(page.stderr).toBe('');
      expect((await nlu('help', command)).stdout).toBe(page.stdout);
    }
    const unknown = await nlu('help', 'fly');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No help for 'fly'\. Commands: train, eval/);
  });
});
