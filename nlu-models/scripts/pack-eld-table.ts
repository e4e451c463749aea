/**
 * `npx tsx nlu-models/scripts/pack-eld-table.ts`: packs `eld/small`'s n-gram table into
 * `nlu-models/models/language/eld-small.json` (see `eld-table.ts` for why). Run it after upgrading eld;
 * `eld-table.test.ts` fails until then.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type EldData, eldNgramsFile, eldTableFile, packEldTable } from '../eld-table.js';

const { ngramsData } = (await import(pathToFileURL(eldNgramsFile('small')).href)) as { ngramsData: EldData };
mkdirSync(dirname(eldTableFile), { recursive: true });
writeFileSync(eldTableFile, `${JSON.stringify(packEldTable(ngramsData))}\n`);
console.log(`written: ${eldTableFile} (${Object.keys(ngramsData.ngrams).length} n-grams)`);
