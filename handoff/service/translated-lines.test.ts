import { describe, expect, it } from 'vitest';
import { TranslationError, type Translator } from '../../infra/translator.js';
import type { TranscriptLine } from '../desk-api.js';
import { TRANSLATION_FAILED_NOTICE } from './desk-translation.js';
import { readableLines } from './translated-lines.js';

describe('readableLines', () => {
  it('asks a failing provider once per reading, not once per line', async () => {
    const asked: string[] = [];
    const down: Translator = {
      provider: 'down',
      async translate(request) {
        asked.push(request.text);
        throw new TranslationError('timeout', 'down: no answer within 5000 ms');
      },
    };
    const lines: TranscriptLine[] = ['Wo ist mein Paket?', 'Hallo?', 'Bitte antworten Sie'].map((text, i) => ({ from: 'customer', text, at: i }));
    const read = await readableLines(down, lines, 'de', 'en');
    expect(asked).toHaveLength(1);
    expect(read.map((line) => [line.text, line.translationNotice])).toEqual(lines.map((line) => [line.text, TRANSLATION_FAILED_NOTICE]));
  });
});
