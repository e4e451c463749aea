/**
 * `parseBotContent`: reads a bot's content (an object or the JSON files) and checks it at start, so a
 * typo is a clear error before the first customer, not a wrong answer after. Every problem is listed at
 * once, each with its fix.
 */
import { ConfigError } from '../../infra/errors.js';
import { EMPATHY_SCENARIOS } from '../empathy/phrases.js';
import { checkDataTemplates } from '../templates/data-templates.js';
import { canonicalLocale } from './locale-tag.js';
import { botContentSchema, type BotContent } from './schema.js';

/** What the content is checked against: the engine's dialogs and, when known, the NLU model's intents. */
export interface ContentCheckOptions {
  /** Dialog names routes may name, e.g. the shop bot's `SHOP_DIALOGS`. */
  readonly dialogs: readonly string[];
  /** Intents the NLU model returns; a route or an intent it does not know is an error. Default: not checked. */
  readonly modelIntents?: readonly string[];
}

/**
 * Validates `input` and fills in the defaults.
 * @throws ConfigError listing every problem, e.g.
 *   "content.intents.track_order.answers: no answer in 'en', the default locale; add one".
 * @example const content = parseBotContent(JSON.parse(text), { dialogs: SHOP_DIALOGS });
 */
export function parseBotContent(input: unknown, { dialogs, modelIntents }: ContentCheckOptions): BotContent {
  const parsed = botContentSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = ['content', ...issue.path.map(String)].join('.');
      // A bad record key: zod's own words are "Invalid key in record"; the key's rule says what to write.
      const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      return `${path}: ${message}`;
    });
    throw invalid(problems);
  }
  const content = parsed.data;
  const problems: string[] = [];
  const tag = (where: string, locale: string) => {
    if (canonicalLocale(locale) !== locale) {
      const fix = canonicalLocale(locale);
      problems.push(`${where}: '${locale}' is not a canonical BCP 47 tag; ${fix ? `write '${fix}'` : "use e.g. 'en', 'zh' or 'zh-TW'"}`);
    }
  };
  tag('content.defaultLocale', content.defaultLocale);
  const { defaultLocale } = content;
  if (!content.intents.None) problems.push("content.intents: no 'None' intent (the reply when nothing was understood); add one with its answers");
  for (const [intent, { answers }] of Object.entries(content.intents)) {
    for (const locale of Object.keys(answers)) tag(`content.intents.${intent}.answers`, locale);
    if (!answers[defaultLocale]) problems.push(`content.intents.${intent}.answers: no answer in '${defaultLocale}', the default locale; add one`);
    if (modelIntents && intent !== 'None' && !modelIntents.includes(intent)) {
      problems.push(`content.intents.${intent}: the NLU model does not know this intent; add it to the corpus and train (npm run nlu -- train), or remove it`);
    }
  }
  for (const [intent, route] of Object.entries(content.routing)) {
    if (!content.intents[intent]) problems.push(`content.routing.${intent}: no such intent in content.intents; add it with its answers, or remove the route`);
    if (modelIntents && !modelIntents.includes(intent)) {
      problems.push(`content.routing.${intent}: the NLU model does not know this intent; train it (npm run nlu -- train) or remove the route`);
    }
    if (route !== 'human' && route !== 'answer' && !dialogs.includes(route)) {
      problems.push(`content.routing.${intent}: unknown dialog '${route}'; known: ${[...dialogs, 'human', 'answer'].join(', ')}`);
    }
  }
  for (const [name, texts] of Object.entries(content.cannedReplies)) {
    for (const locale of Object.keys(texts)) tag(`content.cannedReplies.${name}`, locale);
  }
  for (const [locale, byScenario] of Object.entries(content.empathy)) {
    tag('content.empathy', locale);
    for (const scenario of Object.keys(byScenario)) {
      if (!(EMPATHY_SCENARIOS as readonly string[]).includes(scenario)) {
        problems.push(`content.empathy.${locale}.${scenario}: unknown scenario; known: ${EMPATHY_SCENARIOS.join(', ')}`);
      }
    }
  }
  for (const locale of Object.keys(content.escalationPhrases)) tag('content.escalationPhrases', locale);
  for (const [locale, templates] of Object.entries(content.templates)) {
    tag('content.templates', locale);
    problems.push(...checkDataTemplates(locale, templates));
  }
  if (problems.length > 0) throw invalid(problems);
  return content;
}

function invalid(problems: readonly string[]): ConfigError {
  return new ConfigError(`Invalid bot content:\n- ${problems.join('\n- ')}`);
}
