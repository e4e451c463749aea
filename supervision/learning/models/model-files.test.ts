import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readModelDir, writeModelDir } from './model-files.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-model-files-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('model files', () => {
  it('stores every file a model directory holds, the word-vector network included, and nothing else', () => {
    const from = tempDir();
    for (const name of ['manifest.json', 'intent-en.json', 'linear-en.bin', 'dense-en.bin', 'intent-zh.json', 'linear-zh.bin', 'notes.txt'])
      writeFileSync(join(from, name), name);
    const files = readModelDir(from);
    expect([...files.keys()].sort()).toEqual(['dense-en.bin', 'intent-en.json', 'intent-zh.json', 'linear-en.bin', 'linear-zh.bin', 'manifest.json']);
    const to = join(tempDir(), 'model');
    writeModelDir(files, to);
    expect(readdirSync(to).sort()).toEqual([...files.keys()].sort());
  });

  it('refuses a stored name outside the layout, so it never becomes a path', () => {
    expect(() => writeModelDir(new Map([['../dense-en.bin', new Uint8Array()]]), tempDir())).toThrow(/not a model file name/);
  });
});
