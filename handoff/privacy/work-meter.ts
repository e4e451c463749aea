/**
 * A count of the detectors' inner steps (characters visited, windows tried, characters handed to
 * libphonenumber), so a test can show the work grows linearly with the input without timing
 * anything. Counting is one integer add per step; nothing reads it in production.
 */

/** The running counts; tests reset them and read them after a call. */
export const workMeter = { steps: 0, libphonenumberChars: 0 };

/** Adds `n` steps. */
export function countSteps(n: number): void {
  workMeter.steps += n;
}

/** Adds `n` characters handed to libphonenumber (the costly part, bounded per masking). */
export function countLibphonenumberChars(n: number): void {
  workMeter.libphonenumberChars += n;
}
