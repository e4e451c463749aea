import { BatonError } from '../infra/errors.js';

/**
 * Input to the NLU (a JSONL file, a model directory, a CLI flag) is missing or malformed.
 * The message states the fix; the CLI turns it into exit code 2.
 */
export class NluInputError extends BatonError {
  override readonly name = 'NluInputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('nlu_input_invalid', message, options);
  }
}
