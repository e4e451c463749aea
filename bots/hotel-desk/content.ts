/**
 * The hotel desk's content in the framework's format (`BotContent`, docs/bot-content.md): `content/bot.json`
 * (routing: which intent starts which dialog, which goes to a person) and one file per locale (answers per
 * intent, agents' canned replies, extra escalation phrases such as "manager" / "经理"). Loaded and checked
 * when this module loads, against the hotel's dialogs and the intents of its trained model
 * (`model/intent-<locale>.json`), so a route to a dialog that does not exist or an intent the model was
 * not trained on stops the start with the fix. The dialogs' own phrases are `phrases.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BotContent, loadBotContent, lookupLocale, routesOf } from 'baton';
import { BOOKING_STATUS, CANCEL_BOOKING } from './dialogs/booking-dialogs.js';
import { CHANGE_DATES } from './dialogs/change-dates.js';

/** Where the content files are. */
export const HOTEL_CONTENT_DIR = new URL('./content/', import.meta.url);
/** The trained model's folder (`npm run nlu -- train` writes it). */
export const HOTEL_MODEL_DIR = new URL('./model/', import.meta.url);

/** The dialogs the content's routing may name. */
export const HOTEL_DIALOGS: readonly string[] = [BOOKING_STATUS, CHANGE_DATES, CANCEL_BOOKING];

/** Every intent the trained model knows, in any of its locales (read from `model/intent-<locale>.json`). */
export function modelIntentsOf(modelDir: URL): string[] {
  const intents = new Set<string>();
  for (const file of readdirSync(modelDir).filter((name) => /^intent-.+\.json$/.test(name))) {
    const model = JSON.parse(readFileSync(new URL(file, modelDir), 'utf8')) as { intents?: string[] };
    for (const intent of model.intents ?? []) intents.add(intent);
  }
  return [...intents];
}

/**
 * Loads and checks the content in `dir` against the hotel's dialogs and the model in `modelDir`.
 * @throws ConfigError listing every problem with its fix.
 */
export function loadHotelContent(dir: URL = HOTEL_CONTENT_DIR, modelDir: URL = HOTEL_MODEL_DIR): BotContent {
  return loadBotContent(fileURLToPath(dir), { dialogs: HOTEL_DIALOGS, modelIntents: modelIntentsOf(modelDir) });
}

/** The shipped content: English and Chinese. */
export const HOTEL_CONTENT: BotContent = loadHotelContent();

/** The intents the hotel answers or routes (its content's, without 'None'). */
export const HOTEL_INTENTS: readonly string[] = Object.keys(HOTEL_CONTENT.intents).filter((intent) => intent !== 'None');

/** Whether `intent` is answered from the content: it has answers and no route to a dialog or a person. */
export function isAnswered(content: BotContent, intent: string): boolean {
  const routes = routesOf(content.routing);
  return intent !== 'None' && content.intents[intent] !== undefined && routes.dialogByIntent[intent] === undefined && !routes.humanIntents.includes(intent);
}

/** The answer to `intent` in `locale` (tag, then language, then the default locale). */
export function answerFor(content: BotContent, intent: string, locale: string): string | undefined {
  return lookupLocale(content.intents[intent]?.answers ?? {}, locale, content.defaultLocale);
}
