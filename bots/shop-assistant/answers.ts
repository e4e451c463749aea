/**
 * The demo shop's FAQ answers for all 27 intents and 'None', in English and Chinese, in the shape
 * `createShopBot({ answers })` takes. A shop edits `content/en.json` and `content/zh.json`.
 */
import { faqAnswersOf } from '../../dialogs/content/index.js';
import type { FaqAnswers } from '../../dialogs/shop-api.js';
import { SHOP_CONTENT } from './content.js';

/** The demo shop's answers per locale and intent. */
export const SHOP_ANSWERS: FaqAnswers = faqAnswersOf(SHOP_CONTENT);
