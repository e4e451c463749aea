/**
 * How translations sit in the transcript. A customer message stays as written (the transcript step
 * logged it); its translation for the agents follows as a `baton.translation` event, and agents read
 * the translation with the original one click away. Reserved prefix: no customer edge lets it in.
 */
import type { Translator } from '../../infra/translator.js';
import { RESERVED_EVENT_PREFIX } from '../../dialogs/server-markers.js';
import type { TranscriptLine } from '../desk-api.js';
import { speaks } from '../store/transitions.js';
import type { Agent } from '../types.js';
import { type Carried, carryAcross } from './desk-translation.js';

/** The transcript event holding the agents' translation of the customer message before it. */
export const TRANSLATION_EVENT = `${RESERVED_EVENT_PREFIX}translation`;

/**
 * The language an agent reads translations in: the first of their languages (the AGENTS account's
 * `languages`, e.g. `["zh", "en"]` reads Chinese), else `fallback`.
 */
export function agentReadingLanguage(agent: Pick<Agent, 'languages'> | undefined, fallback = 'en'): string {
  return agent?.languages[0] ?? fallback;
}

/** Turns the last customer line into its translation, keeping what the customer wrote as `original`. */
export function attachTranslation(lines: TranscriptLine[], translation: string): void {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.from !== 'customer') continue;
    if (line.original === undefined) lines[i] = { ...line, text: translation, original: line.text };
    return;
  }
}

/**
 * The agents as routing should see them for a ticket in `language`: when nobody available speaks it
 * and a translator is set, everyone serves it through translation (`viaTranslation`).
 */
export function throughTranslation(agents: readonly Agent[], language: string, canTranslate: boolean): { agents: readonly Agent[]; viaTranslation: boolean } {
  if (!canTranslate || agents.some((a) => a.presence === 'available' && speaks(a.languages, language))) return { agents, viaTranslation: false };
  return { agents: agents.map((a) => ({ ...a, languages: [...a.languages, language] })), viaTranslation: true };
}

/** At most this many customer lines are translated for one reading of a ticket (the cache makes re-reads free). */
const TRANSLATED_LINES_MAX = 50;

/**
 * The transcript as an agent reading `reader` sees it: the customer's latest lines, written in
 * `language`, translated (each keeps `original`); a line the provider could not translate stays as
 * written with a notice (after the first failure, every older line too). Lines are masked already, and
 * only masked text reaches the provider.
 */
export async function readableLines(
  translator: Translator | undefined,
  lines: readonly TranscriptLine[],
  language: string,
  reader: string,
): Promise<TranscriptLine[]> {
  const out = [...lines];
  let budget = TRANSLATED_LINES_MAX;
  // After one failure the provider is not asked again for this reading: a provider that times out
  // would otherwise hold the agent's read for one timeout per line, on every reading.
  let failed: Carried | undefined;
  for (let i = out.length - 1; i >= 0 && budget > 0; i--) {
    const line = out[i]!;
    if (line.from !== 'customer') continue;
    budget--;
    const written = line.original ?? line.text;
    const carried = failed ?? (await carryAcross(translator, written, { from: language, to: reader, masked: true }));
    if ('failed' in carried) failed = carried;
    if (carried.translated) out[i] = { ...line, text: carried.text, original: written, originalLanguage: language };
    else if ('failed' in carried) out[i] = { ...line, text: written, translationNotice: carried.notice };
  }
  return out;
}
