/**
 * `reply(locale, key, vars)`: the one way dialogs get text. Keys and variables are checked by the compiler
 * against `en.ts`; an unsupported locale falls back to English.
 */
import { toLocale, type BuiltInLocale } from '../locale.js';
import { fillTemplate } from './data-templates.js';
import { en, type Templates } from './en.js';
import { zh } from './zh.js';
import { normalizeMarket } from '../market.js';
import { TEMPLATE_VARIANTS } from './variants.js';

const TEMPLATES: Readonly<Record<BuiltInLocale, Templates>> = { en, zh };

/** Templates bots brought as data (content.templates), per language; checked by `parseBotContent` first. */
const DATA_TEMPLATES = new Map<string, Readonly<Record<string, string>>>();

/**
 * Makes a bot's data templates available to `reply` (createShopBot does it with its content). The
 * templates are process-wide: two bots in one process giving the same locale different wording share the last.
 */
export function useDataTemplates(templates: Readonly<Record<string, Readonly<Record<string, string>>>>): void {
  for (const [locale, strings] of Object.entries(templates)) DATA_TEMPLATES.set(locale, { ...DATA_TEMPLATES.get(locale), ...strings });
}

/** True when a bot brought templates for `locale`. */
export function hasDataTemplates(locale: string): boolean {
  return DATA_TEMPLATES.has(locale);
}

/** A template key, e.g. 'askOrderNumber'. */
export type TemplateKey = keyof Templates;

/** The variables a key needs: none for plain strings, the function's argument for the others. */
export type TemplateVars<K extends TemplateKey> = Templates[K] extends (vars: infer V) => string ? [vars: V] : [];

/**
 * The text of `key` in `locale`.
 *
 * @example reply('zh', 'cancelKept', { number: 'A1002' }) // '好的，订单 A1002 保持不变。'
 */
export function reply<K extends TemplateKey>(locale: string, key: K, ...vars: TemplateVars<K>): string {
  const data = DATA_TEMPLATES.get(locale)?.[key] ?? DATA_TEMPLATES.get(locale.split('-')[0] ?? '')?.[key];
  if (data !== undefined) return fillTemplate(data, vars[0] as Record<string, unknown> | undefined);
  const templates = TEMPLATES[toLocale(locale)];
  // A market's wording first ('zh-TW', dialogs/market.ts), then the language's; per key, so a locale
  // object built at run time (not type-checked) still answers.
  const market = normalizeMarket(locale);
  const variant = market ? TEMPLATE_VARIANTS[market]?.[key] : undefined;
  const template: Templates[K] = (variant as Templates[K] | undefined) ?? templates[key] ?? en[key];
  if (typeof template === 'function') {
    // The rest-tuple guarantees the argument matches this key's function; TS cannot correlate the two.
    return (template as (v: unknown) => string)(vars[0]);
  }
  return template as string;
}
