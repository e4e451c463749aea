/**
 * Content in the shapes the engine and the desks read: FAQ answers by locale, canned replies as a list,
 * extra escalation phrases as the policy's settings take them.
 */
import type { FaqAnswers } from '../shop-api.js';
import { routesOf } from '../flows/routing.js';
import type { BotContent } from './schema.js';

/** locale → intent → answer, as `createShopBot` and the agents' suggestions read it. */
export function faqAnswersOf(content: BotContent): FaqAnswers {
  const byLocale: Record<string, Record<string, string>> = {};
  for (const [intent, { answers }] of Object.entries(content.intents)) {
    for (const [locale, text] of Object.entries(answers)) {
      byLocale[locale] ??= {};
      byLocale[locale][intent] = text;
    }
  }
  return byLocale as FaqAnswers;
}

/** One canned reply, in the shape the agent API lists them (handoff/desk-api.ts `CannedReply`). */
export interface ContentCannedReply {
  readonly name: string;
  readonly locale: string;
  readonly text: string;
}

/** The canned replies, locale by locale (the default one first), each locale in the content's order. */
export function cannedRepliesOf(content: BotContent): readonly ContentCannedReply[] {
  const locales = new Set([content.defaultLocale]);
  for (const texts of Object.values(content.cannedReplies)) for (const locale of Object.keys(texts)) locales.add(locale);
  const list: ContentCannedReply[] = [];
  for (const locale of locales) {
    for (const [name, texts] of Object.entries(content.cannedReplies)) {
      const text = texts[locale];
      if (text) list.push({ name, locale, text });
    }
  }
  return list;
}

/** Every locale's extra escalation phrases together: the policy matches them in any message. */
export function escalationPhrasesOf(content: BotContent): { readonly extraCrisisPhrases: string[]; readonly extraHumanPhrases: string[] } {
  const all = Object.values(content.escalationPhrases);
  return { extraCrisisPhrases: all.flatMap((p) => p.crisis), extraHumanPhrases: all.flatMap((p) => p.requestedHuman) };
}

/**
 * The intents routed to a person (`"human"` in the content's routing): the escalation policy hands them
 * over as `requested_human` (`BotParts.humanIntents`), beside ESCALATION_SETTINGS' own `humanIntents`.
 * @example humanIntentsOf(content) // ['talk_to_person']
 */
export function humanIntentsOf(content: BotContent): string[] {
  return [...routesOf(content.routing).humanIntents];
}
