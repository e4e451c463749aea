/** Machine translation providers (DeepL, Google Cloud Translation, Azure Translator) and their settings. */
export { azureTranslator, deeplTranslator, googleTranslator, type HttpTranslatorOptions } from './http-translators.js';
export { createTranslator, parseTranslationSettings, type TranslationSettings } from './settings.js';
