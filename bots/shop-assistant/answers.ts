/**
 * The demo shop's FAQ answers for all 27 intents and 'None', in English and Chinese, in the shape
 * `createShopBot({ answers })` takes. A shop edits `answers-en.ts` and `answers-zh.ts`.
 */
import type { FaqAnswers } from '../../dialogs/shop-api.js';
import { ANSWERS_EN } from './answers-en.js';
import { ANSWERS_ZH } from './answers-zh.js';

/** The demo shop's answers per locale and intent. */
export const SHOP_ANSWERS: FaqAnswers = { en: ANSWERS_EN, zh: ANSWERS_ZH };
