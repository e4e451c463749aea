/**
 * Reading the two JSONL formats the NLU commands use, with errors that name the file, the line and the fix.
 */
import { readFileSync, existsSync } from 'node:fs';
import { z } from 'zod';
import { NluInputError } from './errors.js';

/** One intent example; intent 'None' marks an out-of-scope message. */
export interface IntentRow {
  readonly text: string;
  readonly intent: string;
  readonly locale: string;
}

/** One emotion example; negative = the customer is upset. */
export interface EmotionRow {
  readonly text: string;
  readonly negative: boolean;
  readonly locale: string;
  /** Where the message comes from ("airlines", "books"...), for figures per domain; optional. */
  readonly domain?: string;
}

const intentSchema = z.object({ text: z.string().min(1), intent: z.string().min(1), locale: z.string().min(2) });
const emotionSchema = z.object({ text: z.string(), negative: z.boolean(), locale: z.string().min(2), domain: z.string().min(1).max(60).optional() });

function readRows<T>(file: string, schema: z.ZodType<T>, example: string): T[] {
  if (!existsSync(file)) {
    throw new NluInputError(`File not found: '${file}'. Check the path (it is relative to ${process.cwd()}).`);
  }
  const rows: T[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new NluInputError(`${file}:${index + 1}: not valid JSON. Write one JSON object per line, e.g. ${example}`, { cause: error });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'row';
      throw new NluInputError(`${file}:${index + 1}: field '${field}' is invalid (${issue?.message}). Expected ${example}`);
    }
    rows.push(parsed.data);
  });
  if (rows.length === 0) throw new NluInputError(`${file} has no rows. Add at least one line like ${example}`);
  return rows;
}

/** Reads intent rows `{"text","intent","locale"}`; throws NluInputError naming the bad line. */
export function readIntentRows(file: string): IntentRow[] {
  return readRows(file, intentSchema, '{"text": "where is my order?", "intent": "track_order", "locale": "en"}');
}

/** Reads emotion rows `{"text","negative","locale"}`; throws NluInputError naming the bad line. */
export function readEmotionRows(file: string): EmotionRow[] {
  return readRows(file, emotionSchema, '{"text": "this is unacceptable", "negative": true, "locale": "en"}');
}
