/**
 * `BotContent`: everything a bot says and decides that is not engine code, as data. Intents and their
 * answers per locale, agents' canned replies, empathy phrases, extra escalation phrases, routing (which
 * intent starts which dialog, which go to a person), templates for locales the engine does not ship,
 * and the default locale. Written as JSON (bots/shop-assistant/content/) or as an object, and checked
 * at start by `parseBotContent` (validate.ts).
 */
import { z } from 'zod';

/** Locale-keyed texts: `{ en: '...', 'zh-TW': '...' }`; keys are BCP 47 tags (checked in validate.ts). */
const perLocale = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

const text = z.string().trim().min(1, 'must not be empty');

/** One intent: its FAQ answer per locale (the answer when no dialog runs, and the agents' suggestion). */
const intentSchema = z.object({ answers: perLocale(text) }).strict();

/** Where an intent goes: a dialog by name, a person, or its FAQ answer. */
const routeSchema = z.union([z.literal('human'), z.literal('answer'), z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be a dialog name')]);

export const botContentSchema = z
  .object({
    /** The locale every lookup ends at; it must have an answer for every intent. */
    defaultLocale: z.string().default('en'),
    /** Intents by name ('track_order'); 'None' is the answer when nothing was understood. */
    intents: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be letters, digits and _'), intentSchema),
    /** Which intents start a dialog or go to a person; unlisted intents are answered ('answer'). */
    routing: z.record(z.string(), routeSchema).default({}),
    /** Agents' canned replies: name → text per locale. */
    cannedReplies: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be kebab-case'), perLocale(text)).default({}),
    /** Empathy phrases a bot adds: locale → scenario → phrases (one sentence each, ending in punctuation). */
    empathy: perLocale(z.record(z.string(), z.array(text).min(1))).default({}),
    /** Extra escalation phrases per locale, matched like the built-in ones. */
    escalationPhrases: perLocale(
      z
        .object({ crisis: z.array(z.string().min(2, 'must be at least 2 characters')).default([]), requestedHuman: z.array(z.string().min(2)).default([]) })
        .strict(),
    ).default({}),
    /** Reply templates for a locale the engine does not ship: key → text with `{name}` placeholders. */
    templates: perLocale(z.record(z.string(), text)).default({}),
  })
  .strict();

/** A bot's content, validated. */
export type BotContent = z.output<typeof botContentSchema>;

/** What a bot writes (defaults filled in by the parser). */
export type BotContentInput = z.input<typeof botContentSchema>;

/** Where an intent goes. */
export type Route = z.output<typeof routeSchema>;
