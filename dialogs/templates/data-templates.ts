/**
 * Reply templates a bot brings as data, for a locale the engine does not ship (e.g. 'fr'): plain strings
 * with `{name}` placeholders, checked against the English templates' keys and variables. The engine's
 * own English and Chinese templates stay code (en.ts, zh.ts).
 */
import { en } from './en.js';

/** A key's variables, read by calling the English template with a recording argument. */
function variablesOf(template: unknown): readonly string[] {
  if (typeof template !== 'function') return [];
  const seen = new Set<string>();
  const recorder = new Proxy({}, { get: (_target, key) => (typeof key === 'string' ? (seen.add(key), `{${key}}`) : undefined) });
  try {
    (template as (vars: unknown) => string)(recorder);
  } catch {
    // A template that computes with a variable still reported which ones it read.
  }
  return [...seen];
}

/** Every English template key with the variables it may use, e.g. `cancelKept → ['number']`. */
export const TEMPLATE_VARIABLES: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(en).map(([key, t]) => [key, variablesOf(t)]));

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Problems of one locale's data templates, each stating the fix; empty when they are fine.
 * @example checkDataTemplates('fr', { cancelKept: 'OK, la commande {number} reste telle quelle.' }) // []
 */
export function checkDataTemplates(locale: string, templates: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const [key, text] of Object.entries(templates)) {
    const allowed = TEMPLATE_VARIABLES.get(key);
    if (!allowed) {
      problems.push(`content.templates.${locale}.${key}: unknown template key; use one of the English keys (dialogs/templates/en.ts), e.g. 'greeting'`);
      continue;
    }
    for (const [, name] of text.matchAll(PLACEHOLDER)) {
      if (name && !allowed.includes(name)) {
        problems.push(
          `content.templates.${locale}.${key}: unknown placeholder {${name}}; ${allowed.length ? `this key has ${allowed.map((a) => `{${a}}`).join(', ')}` : 'this key has none'}`,
        );
      }
    }
  }
  return problems;
}

/**
 * Fills the `{name}` placeholders of `text` (a letter, then letters, digits or '_') from `vars`. A variable
 * that is missing (or `undefined`) leaves its placeholder as written, so a gap shows in the reply and in
 * tests instead of an empty word; nothing throws. The engine fills data templates with it, and a bot its
 * own phrases, so both read placeholders alike.
 * @example fillTemplate('Booking {number}: {nights} nights', { number: 'R10482', nights: 2 }) // 'Booking R10482: 2 nights'
 */
export function fillTemplate(text: string, vars: Readonly<Record<string, unknown>> | undefined): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => (vars && vars[name] !== undefined ? String(vars[name]) : whole));
}
