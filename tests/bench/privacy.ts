/**
 * Masking time on the hostile "1 1 1 …" text of the security issue, by number of digit groups, and on
 * a few other hostile shapes. Run: `npx tsx tests/bench/privacy.ts` (this code), or
 * `npx tsx tests/bench/privacy.ts --old 9645ff1` to time the detectors of an older commit too (read
 * with `git show`; sizes where a cubic finder would take minutes are skipped).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { maskText } from '../../handoff/privacy/index.js';

type Mask = (text: string) => string;
const GROUPS = [1_600, 3_200, 6_400, 64_000];
const OLD_MAX_GROUPS = 6_400;

function timeOf(mask: Mask, text: string): number {
  const start = performance.now();
  mask(text);
  return (performance.now() - start) / 1000;
}

async function oldMask(ref: string): Promise<Mask> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-privacy-'));
  for (const file of ['detectors.ts', 'mask-pii.ts']) {
    writeFileSync(join(dir, file), execFileSync('git', ['show', `${ref}:handoff/privacy/${file}`]));
  }
  const module = (await import(pathToFileURL(join(dir, 'mask-pii.ts')).href)) as { maskText: Mask };
  return module.maskText;
}

const oldAt = process.argv.indexOf('--old');
const old = oldAt > 0 ? await oldMask(process.argv[oldAt + 1] ?? 'HEAD') : undefined;
maskText('warm up 4111 1111 1111 1111 +44 20 7946 0958');

console.log('groups of "1 " | this code (s)' + (old ? ' | old (s)' : ''));
for (const groups of GROUPS) {
  const text = '1 '.repeat(groups);
  const now = timeOf((t) => maskText(t), text).toFixed(3);
  const then = old ? (groups <= OLD_MAX_GROUPS ? timeOf(old, text).toFixed(2) : 'skipped (cubic)') : undefined;
  console.log(`${groups} | ${now}${then === undefined ? '' : ` | ${then}`}`);
}

const shapes: Record<string, string> = {
  'full-width "１ " × 64,000': '１ '.repeat(64_000),
  'dotted "1." × 64,000': '1.'.repeat(64_000),
  'two-digit "12 " × 40,000': '12 '.repeat(40_000),
  'cards "4111 1111 1111 1111 " × 6,000': '4111 1111 1111 1111 '.repeat(6_000),
  '"a" × 128,000 then "@"': `${'a'.repeat(128_000)}@`,
  '"市" × 128,000': '市'.repeat(128_000),
};
console.log('\nshape | this code (s)');
for (const [name, text] of Object.entries(shapes)) console.log(`${name} | ${timeOf((t) => maskText(t), text).toFixed(3)}`);
