/** A model directory as bytes and back: what the version store keeps, and what the recognizer loads from disk. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ModelFiles } from './model-versions.js';

/** Names a model directory may hold (model-store.ts's layout); nothing else is stored or written. */
const MODEL_FILE = /^(manifest\.json|intent-[a-z]{2,3}(-[A-Za-z]{2,4})?\.json|(?:linear|dense)-[a-z]{2,3}(-[A-Za-z]{2,4})?\.bin)$/;

/** The model files of `dir`. */
export function readModelDir(dir: string): ModelFiles {
  return new Map(
    readdirSync(dir)
      .filter((name) => MODEL_FILE.test(name))
      .map((name) => [name, new Uint8Array(readFileSync(join(dir, name)))]),
  );
}

/** Writes `files` into `dir` (created); a name outside the model layout is refused, so stored names never become paths. */
export function writeModelDir(files: ModelFiles, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of files) {
    if (!MODEL_FILE.test(name) || basename(name) !== name) throw new Error(`'${name}' is not a model file name; the stored version is damaged.`);
    writeFileSync(join(dir, name), bytes);
  }
}
