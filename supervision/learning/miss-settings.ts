/**
 * MISSES_SETTINGS: a JSON object, any subset, validated with zod; a bad value stops the start with a
 * message naming the field (docs/learning-loop.md).
 */
import { z } from 'zod';
import { ConfigError } from '../../infra/errors.js';

const missSchema = z
  .object({
    /** Collect misses at all. */
    capture: z.boolean().default(true),
    /** A message answered from an intent scored under this counts as a low-confidence miss. */
    lowConfidenceBelow: z.number().min(0).max(1).default(0.5),
    /** Misses kept per day (UTC) at most; more are dropped and counted in the log. */
    perDay: z.number().int().min(1).max(50_000).default(2000),
    /** Days a miss is kept before it expires (reviewed or not). */
    retentionDays: z.number().int().min(1).max(365).default(30),
    /** Listings that must regroup (the misses changed) per hour, shared by every instance on Redis; beyond it a 429. */
    regroupsPerHour: z.number().int().min(1).max(3600).default(60),
  })
  .strict();

export type MissSettings = z.output<typeof missSchema>;

/** Parses MISSES_SETTINGS (unset: every default). @throws ConfigError naming the bad field. */
export function parseMissSettings(value: string | undefined): MissSettings {
  let raw: unknown = {};
  if (value !== undefined) {
    try {
      raw = JSON.parse(value);
    } catch {
      throw new ConfigError('MISSES_SETTINGS is not valid JSON. Write it as one JSON object, e.g. {"lowConfidenceBelow":0.5}; see docs/learning-loop.md.');
    }
  }
  const result = missSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `MISSES_SETTINGS.${issue.path.join('.')} ${issue.message}`);
  throw new ConfigError(`Invalid settings:\n- ${problems.join('\n- ')}`);
}
