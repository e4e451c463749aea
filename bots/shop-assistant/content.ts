/**
 * The demo shop's content (bots/shop-assistant/content/): its answers for the 27 intents of its model
 * and 'None' per locale, agents' canned replies, routing and default locale, checked at load. A shop
 * edits the JSON files; adding a language is adding `<tag>.json` (docs/bot-content.md).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBotContent, type BotContent } from '../../dialogs/content/index.js';
import { SHOP_DIALOGS } from '../../dialogs/shop-bot.js';
import { BITEXT_INTENTS } from '../../nlu-models/bitext-intents.js';

/** Where the demo shop's content files are. */
export const SHOP_CONTENT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'content');

/** The demo shop's content, validated against its dialogs and its model's intents. */
export const SHOP_CONTENT: BotContent = loadBotContent(SHOP_CONTENT_DIR, { dialogs: SHOP_DIALOGS, modelIntents: BITEXT_INTENTS });

/** The intents the shop answers (its content's, without 'None'). */
export const SHOP_INTENTS: readonly string[] = Object.keys(SHOP_CONTENT.intents).filter((intent) => intent !== 'None');
