/**
 * Bot content from a folder of JSON files: `bot.json` (default locale, routing, extra escalation phrases)
 * and one file per locale, named by its tag (`en.json`, `zh.json`, `zh-TW.json`), so a translator edits
 * one file and adding a language is adding one.
 *
 * A locale file: `{ "answers": { intent: text }, "cannedReplies": { name: text }, "empathy": { scenario:
 * [phrases] }, "escalationPhrases": { "crisis": [...], "requestedHuman": [...] }, "templates": { key: text } }`,
 * every part optional.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../infra/errors.js';
import type { BotContentInput } from './schema.js';
import { parseBotContent, type ContentCheckOptions } from './validate.js';

type Json = Record<string, unknown>;

function readJson(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read bot content ${file}: check the path (the folder holds bot.json and one <locale>.json per language)`, { cause: error });
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Json;
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  throw new ConfigError(`${file} must hold one JSON object`);
}

const asRecord = (value: unknown): Json => (value && typeof value === 'object' ? (value as Json) : {});

/** Merges `bot.json` and the locale files of `dir` into the `BotContent` shape, without validating. */
export function readBotContentFiles(dir: string): BotContentInput {
  const bot = readJson(join(dir, 'bot.json'));
  const intents: Record<string, { answers: Record<string, string> }> = {};
  const cannedReplies: Record<string, Record<string, string>> = {};
  const empathy: Record<string, unknown> = {};
  const escalationPhrases: Record<string, unknown> = { ...asRecord(bot.escalationPhrases) };
  const templates: Record<string, unknown> = {};
  const files = readdirSync(dir).filter((name) => name.endsWith('.json') && name !== 'bot.json');
  for (const file of files.sort()) {
    const locale = file.slice(0, -'.json'.length);
    const data = readJson(join(dir, file));
    const known = new Set(['answers', 'cannedReplies', 'empathy', 'escalationPhrases', 'templates']);
    const unknown = Object.keys(data).filter((key) => !known.has(key));
    if (unknown.length) throw new ConfigError(`${join(dir, file)}: unknown part(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
    for (const [intent, text] of Object.entries(asRecord(data.answers))) {
      intents[intent] ??= { answers: {} };
      intents[intent].answers[locale] = text as string;
    }
    for (const [name, text] of Object.entries(asRecord(data.cannedReplies))) {
      cannedReplies[name] ??= {};
      cannedReplies[name][locale] = text as string;
    }
    if (data.empathy) empathy[locale] = data.empathy;
    if (data.escalationPhrases) escalationPhrases[locale] = data.escalationPhrases;
    if (data.templates) templates[locale] = data.templates;
  }
  return { ...bot, intents, cannedReplies, empathy, escalationPhrases, templates } as BotContentInput;
}

/**
 * Reads and validates the content in `dir`.
 * @throws ConfigError naming the file or the field and the fix.
 * @example const content = loadBotContent('bots/shop-assistant/content', { dialogs: SHOP_DIALOGS });
 */
export function loadBotContent(dir: string, options: ContentCheckOptions) {
  return parseBotContent(readBotContentFiles(dir), options);
}
