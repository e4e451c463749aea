/**
 * `online_shopping_zh.jsonl` carries no category field, but it keeps the order of its source
 * (SophonPlus online_shopping_10_cats): nine product kinds one after another, each its praise first and
 * its complaints after. The kind of a row is therefore its block: the n-th run of calm rows followed by a
 * run of negative rows is the n-th kind. This reads the kinds back.
 */
import { NluInputError } from '../errors.js';
import type { EmotionRow } from '../jsonl.js';

/** The nine product kinds of online_shopping_zh, in the file's order (its README lists them so). */
export const PRODUCT_KINDS = ['books', 'tablets', 'phones', 'fruit', 'shampoo', 'water heaters', 'dairy', 'clothes', 'computers'] as const;

/** An emotion row with the product kind it reviews (or another domain) as its `domain`. */
export interface KindRow extends EmotionRow {
  readonly domain: string;
}

/**
 * The kind of every row, read from the file's blocks. Throws NluInputError when the rows do not fall into
 * exactly one calm block and one negative block per kind (the file was reordered or is another file).
 */
export function withProductKinds(rows: readonly EmotionRow[]): KindRow[] {
  const out: KindRow[] = [];
  let block = -1;
  let previous: boolean | undefined;
  for (const row of rows) {
    // A calm row after a negative one (or the first row) opens the next kind.
    if (!row.negative && previous !== false) block += 1;
    previous = row.negative;
    const kind = PRODUCT_KINDS[block];
    if (kind === undefined) break;
    out.push({ ...row, domain: kind });
  }
  if (block !== PRODUCT_KINDS.length - 1 || out.length !== rows.length) {
    throw new NluInputError(
      `Expected the rows of online_shopping_zh in their source order: ${PRODUCT_KINDS.length} blocks of praise then complaints, one per product kind; found ${block + 1}. Use the file as shipped in the data folder.`,
    );
  }
  return out;
}
