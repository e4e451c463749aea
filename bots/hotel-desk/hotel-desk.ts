/**
 * The hotel desk bot as Baton runs it: `createBaton({ bot: hotelDesk({ reservations }) })`. Its model is
 * trained from `corpus/` into `model/`; its words are `content/`; its reservation system is a port
 * (`reservations.ts`) with a demo in memory. A request for a person, or three bad answers in a dialog,
 * reach the agent console's queue.
 */
import { fileURLToPath } from 'node:url';
import type { BotDefinition } from 'baton';
import cannedReplies from './content/canned-replies.json' with { type: 'json' };
import { FAQ_INTENTS, HOTEL_CONTENT, HOTEL_INTENTS, type HotelContent, validateContent, wordsFor } from './content.js';
import { createDemoReservations } from './demo-reservations.js';
import { createHotelBot } from './hotel-bot.js';
import type { Reservations } from './reservations.js';

/** The settings the hotel desk starts with unless the environment says otherwise. */
export const HOTEL_SETTINGS: Readonly<Record<string, string>> = {
  BOT_ID: 'hotel-desk',
  BOT_NAME: 'Harbour Hotel',
  // The hotel's way of asking for a person is its own intent.
  ESCALATION_SETTINGS: JSON.stringify({ humanIntents: ['talk_to_person'] }),
};

/** What `hotelDesk` takes; every field has a default. */
export interface HotelDeskOptions {
  /** The reservation system. Default: the demo bookings in memory. */
  readonly reservations?: Reservations;
  /** The words per locale. Default: `content/en.json` and `content/zh.json`. */
  readonly content?: HotelContent;
  /** The hotel's time zone, for "today" (a new check-in may not be before it). Default 'Europe/Lisbon'. */
  readonly timeZone?: string;
}

/**
 * The hotel desk bot's definition.
 * @throws ConfigError when the content misses an answer or a phrase (the message names the file and key).
 */
export function hotelDesk({
  reservations = createDemoReservations(),
  content = HOTEL_CONTENT,
  timeZone = 'Europe/Lisbon',
}: HotelDeskOptions = {}): BotDefinition {
  validateContent(content);
  return {
    id: 'hotel-desk',
    name: 'Harbour Hotel',
    modelDir: fileURLToPath(new URL('./model/', import.meta.url)),
    intents: HOTEL_INTENTS,
    publicDir: fileURLToPath(new URL('./public/', import.meta.url)),
    create(services) {
      const now = services.now ?? Date.now;
      // en-CA writes ISO days (2027-03-14).
      const today = () => new Date(now()).toLocaleDateString('en-CA', { timeZone });
      const bot = createHotelBot({ conversationState: services.conversationState, reservations, content, today });
      return {
        ...bot,
        cannedReplies,
        // Agents see the bot's FAQ answer to the guest's last message, when the NLU is sure what it asks.
        suggestAnswer: async (text, locale) => {
          const recognition = await services.recognizer.recognize(text, { locale });
          const faq = (FAQ_INTENTS as readonly string[]).includes(recognition.intent) && !recognition.outOfScope;
          return faq ? wordsFor(content, locale).answers[recognition.intent] : undefined;
        },
      };
    },
  };
}
