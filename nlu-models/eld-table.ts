/**
 * ELD's n-gram table in a compact form, with ELD's own detector running over it.
 *
 * `eld/small` ships its table as one 1.6 MB object literal: 81,000 n-grams, each an object of language
 * scores. Parsing it and keeping those objects cost the bot about 130 MB resident (47 MB of live heap).
 * The same table, packed once into `models/language/eld-small.json` (the n-grams as one string, the
 * scores as bytes), costs about 5 MB: a Map from n-gram to an offset, and the scores built into ELD's
 * shape only for the n-grams a message has. The detector is ELD's (`createEld`), unchanged, so every
 * score and verdict is ELD's; `eld-table.test.ts` checks the packed table against `eld/small`'s.
 * Repack after an ELD upgrade: `npx tsx nlu-models/scripts/pack-eld-table.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { eld as packagedEld } from 'eld';
import { NluInputError } from './errors.js';

/** The packed table of `eld/small`, shipped with the models. */
export const eldTableFile: string = fileURLToPath(new URL('./models/language/eld-small.json', import.meta.url));

/** ELD's database as its loader takes it: language codes by number, and per n-gram the score by language number. */
export interface EldData {
  readonly type: string;
  readonly languages: Readonly<Record<number, string>>;
  readonly isSubset: boolean;
  readonly ngrams: Readonly<Record<string, Readonly<Record<number, number>>>>;
}

/** An ELD detector (its package's own type). */
export type EldDetector = Pick<typeof packagedEld, 'detect'>;

/** `eld-small.json`: the n-grams joined by newlines (ELD's byte alphabet has none); per n-gram, a count then (language, score) byte pairs. */
interface PackedTable {
  readonly format: 1;
  readonly type: string;
  readonly languages: Readonly<Record<number, string>>;
  readonly ngrams: string;
  readonly scores: string;
}

/** Packs ELD's table (throws RangeError when a score or language number does not fit a byte). */
export function packEldTable(data: EldData): PackedTable {
  const keys = Object.keys(data.ngrams);
  const bytes: number[] = [];
  for (const key of keys) {
    if (key.includes('\n')) throw new RangeError(`n-gram ${JSON.stringify(key)} holds a newline`);
    const entries = Object.entries(data.ngrams[key] ?? {});
    bytes.push(entries.length);
    for (const [language, score] of entries) {
      if (Number(language) > 255 || score < 0 || score > 255 || !Number.isInteger(score)) throw new RangeError(`score ${score} of ${key} does not fit a byte`);
      bytes.push(Number(language), score);
    }
  }
  return { format: 1, type: data.type, languages: data.languages, ngrams: keys.join('\n'), scores: Buffer.from(bytes).toString('base64') };
}

/**
 * ELD's database over a packed table: `ngrams` is a read-only view that builds an n-gram's scores
 * (`{ 11: 176, 17: 40 }`, as in ELD's file) when ELD looks it up, and answers undefined for the rest.
 */
export function unpackEldTable(packed: PackedTable): EldData {
  const scores = Buffer.from(packed.scores, 'base64');
  const offsets = new Map<string, number>();
  let at = 0;
  for (const key of packed.ngrams.split('\n')) {
    offsets.set(key, at);
    at += 1 + 2 * (scores[at] ?? 0);
  }
  const ngrams = new Proxy({} as Record<string, Record<number, number>>, {
    get(_target, key) {
      const start = typeof key === 'string' ? offsets.get(key) : undefined;
      if (start === undefined) return undefined;
      const byLanguage: Record<number, number> = {};
      const end = start + 1 + 2 * (scores[start] ?? 0);
      for (let i = start + 1; i < end; i += 2) byLanguage[scores[i] ?? 0] = scores[i + 1] ?? 0;
      return byLanguage;
    },
  });
  return { type: packed.type, languages: packed.languages, isSubset: false, ngrams };
}

/** ELD's package folder (its `exports` hide the detector module, which this file needs on its own). */
function eldSourceDir(): string {
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths('eld') ?? []) {
    if (existsSync(join(dir, 'eld', 'src', 'languageDetector.js'))) return join(dir, 'eld', 'src');
  }
  throw new NluInputError('The eld package is not installed (npm ci installs it).');
}

const { createEld } = (await import(pathToFileURL(join(eldSourceDir(), 'languageDetector.js')).href)) as {
  createEld(): { instance: EldDetector; loadData(data: EldData): string };
};

/** The path of one of ELD's own table files (for packing and for the test that compares). */
export function eldNgramsFile(name: 'small'): string {
  return join(eldSourceDir(), 'ngrams', `${name}.js`);
}

/** An ELD detector over `data` (ELD's own table, or `unpackEldTable`'s view). */
export function eldDetector(data: EldData): EldDetector {
  const { instance, loadData } = createEld();
  loadData(data);
  return instance;
}

/** An ELD detector over the packed `eld/small` table; throws NluInputError saying how to repack when the file is missing. */
export function loadEldDetector(file: string = eldTableFile): EldDetector {
  let packed: PackedTable;
  try {
    packed = JSON.parse(readFileSync(file, 'utf8')) as PackedTable;
  } catch (error) {
    throw new NluInputError(`Cannot read ELD's packed table '${file}'. Repack it with \`npx tsx nlu-models/scripts/pack-eld-table.ts\`.`, { cause: error });
  }
  return eldDetector(unpackEldTable(packed));
}
