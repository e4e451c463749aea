/**
 * The large public corpora the emotion models learn from besides the team's rows: Chinese shop reviews of
 * nine product kinds (`emotion/online_shopping_zh.jsonl`) and English tweets (`emotion/tweets_en.jsonl`),
 * in the data folder (BATON_DATA_DIR, or `../shared/data` beside the repository). A seeded, stratified
 * tenth of each is held out as the dev split the scorer's settings are chosen on; it is never trained on.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NluInputError } from '../errors.js';
import { readEmotionRows } from '../jsonl.js';
import { stratifiedSplit } from '../split.js';
import { type KindRow, withProductKinds } from './product-kinds.js';

/** Share of each corpus held out as dev. */
export const DEV_SHARE = 0.1;

/** The data folder: `BATON_DATA_DIR`, or `../shared/data` from the working directory. */
export function defaultDataDir(): string {
  return resolve(process.env.BATON_DATA_DIR ?? '../shared/data');
}

/** One corpus split into what trains and what chooses the settings. */
export interface EmotionCorpus {
  readonly train: KindRow[];
  readonly dev: KindRow[];
}

function read(dataDir: string, name: string): ReturnType<typeof readEmotionRows> {
  const file = join(dataDir, 'emotion', name);
  if (!existsSync(file)) {
    throw new NluInputError(`No '${name}' in '${join(dataDir, 'emotion')}'. Pass --data-dir with the folder holding emotion/, or set BATON_DATA_DIR.`);
  }
  return readEmotionRows(file);
}

/** online_shopping_zh, each row with its product kind, split stratified by kind and label. */
export function shoppingCorpus(dataDir: string = defaultDataDir()): EmotionCorpus {
  const rows = withProductKinds(read(dataDir, 'online_shopping_zh.jsonl'));
  const { train, heldOut } = stratifiedSplit(rows, (r) => `${r.domain}/${r.negative}`, DEV_SHARE);
  return { train, dev: heldOut };
}

/** tweets_en (domain 'tweets'), split stratified by label. */
export function tweetCorpus(dataDir: string = defaultDataDir()): EmotionCorpus {
  const rows = read(dataDir, 'tweets_en.jsonl').map((r): KindRow => ({ ...r, domain: 'tweets' }));
  const { train, heldOut } = stratifiedSplit(rows, (r) => String(r.negative), DEV_SHARE);
  return { train, dev: heldOut };
}
