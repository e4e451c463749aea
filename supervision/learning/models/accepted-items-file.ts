/**
 * Accepted items from a JSONL file (one `AcceptedItem` per line, as the learning loop's store holds them), for
 * the `retrain` command: every field bounded and checked, errors naming the line and the fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { NluInputError } from '../../../nlu-models/errors.js';
import type { AcceptedItem, AcceptedItemsSource } from '../learning-items.js';

const LOCALE = z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'must be a language tag such as en or zh');
const examples = z
  .array(z.object({ text: z.string().trim().min(1).max(500), locale: LOCALE }).strict())
  .min(1)
  .max(500);
const common = {
  id: z.string().min(1).max(100),
  groupId: z.string().min(1).max(100),
  intent: z.string().regex(/^[a-z][a-z0-9_]{1,59}$/, 'must be lower snake case, e.g. gift_wrapping'),
  examples,
  acceptedAt: z.number().int().min(0),
  acceptedBy: z.string().min(1).max(80),
};
const itemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('phrasings'), ...common }).strict(),
  z.object({ kind: z.literal('new_intent'), ...common, answers: z.record(LOCALE, z.string().trim().min(1).max(2000)) }).strict(),
]);

/** Lines read at most: far more than supervisors accept, small enough to bound the memory a file can take. */
const MAX_ITEMS = 10_000;
const EXAMPLE =
  '{"kind":"new_intent","id":"a1","groupId":"g1","intent":"gift_wrapping","examples":[{"text":"do you gift wrap?","locale":"en"}],"answers":{"en":"Yes, USD 3."},"acceptedAt":0,"acceptedBy":"sam"}';

/** Reads and checks `file`; throws NluInputError naming the bad line. */
export function readAcceptedItems(file: string): AcceptedItem[] {
  if (!existsSync(file)) throw new NluInputError(`File not found: '${file}'. Pass a JSONL file of accepted items, one per line, e.g. ${EXAMPLE}`);
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  if (lines.length > MAX_ITEMS) throw new NluInputError(`${file} has ${lines.length} items; at most ${MAX_ITEMS} are read. Split it or drop old items.`);
  return lines.map((line, index) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new NluInputError(`${file}:${index + 1}: not valid JSON. Write one accepted item per line, e.g. ${EXAMPLE}`, { cause: error });
    }
    const parsed = itemSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new NluInputError(`${file}:${index + 1}: field '${issue?.path.join('.') || 'kind'}' is invalid (${issue?.message}). Expected e.g. ${EXAMPLE}`);
    }
    return parsed.data as AcceptedItem;
  });
}

/** A source over a file's items. */
export function acceptedItemsFromFile(file: string): AcceptedItemsSource {
  const items = readAcceptedItems(file);
  return { listAccepted: async () => items };
}
