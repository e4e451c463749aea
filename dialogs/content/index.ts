/**
 * A bot's content as data: the schema, the loader, the checks and the locale fallback. Import from here only.
 */
export { cannedRepliesOf, escalationPhrasesOf, faqAnswersOf, humanIntentsOf, type ContentCannedReply } from './answers.js';
export { loadBotContent, readBotContentFiles } from './load-files.js';
export { canonicalLocale, localeChain, lookupLocale } from './locale-tag.js';
export { botContentSchema, type BotContent, type BotContentInput, type Route } from './schema.js';
export { parseBotContent, type ContentCheckOptions } from './validate.js';
