/**
 * The hotel desk bot as Baton runs it: `createBaton({ bot: hotelDesk({ reservations }), escalationRules:
 * HOTEL_ESCALATION_RULES })`. Its model is trained from `corpus/` into `model/`; its answers, canned
 * replies, escalation phrases and routing are framework content (`content/`, checked against its dialogs
 * and model); its dialogs' phrases are `phrases/`; its reservation system is a port (`reservations.ts`)
 * with a demo in memory. A request for a person, a medical emergency, or three bad answers in a dialog
 * reach the agent console's queue; after an agent resolves, the guest is asked for a rating.
 */
import { fileURLToPath } from 'node:url';
import { type BotContent, type BotDefinition, cannedRepliesOf, escalationPhrasesOf, humanIntentsOf } from 'baton';
import { answerFor, HOTEL_CONTENT, HOTEL_INTENTS, HOTEL_MODEL_DIR, isAnswered } from './content.js';
import { createDemoReservations } from './demo-reservations.js';
import { createHotelBot } from './hotel-bot.js';
import { createHotelCsat } from './hotel-csat.js';
import { HOTEL_PHRASES, type HotelPhrases, validatePhrases } from './phrases.js';
import type { Reservations } from './reservations.js';

export { HOTEL_ESCALATION_RULES, medicalEmergencyRule } from './escalation-rules.js';

/** The settings the hotel desk starts with unless the environment says otherwise. */
export const HOTEL_SETTINGS: Readonly<Record<string, string>> = {
  BOT_ID: 'hotel-desk',
  BOT_NAME: 'Harbour Hotel',
};

/** What `hotelDesk` takes; every field has a default. */
export interface HotelDeskOptions {
  /** The reservation system. Default: the demo bookings in memory. */
  readonly reservations?: Reservations;
  /** Answers, canned replies, escalation phrases, routing. Default: `content/` (loadHotelContent). */
  readonly content?: BotContent;
  /** The dialogs' words per locale. Default: `phrases/en.json` and `phrases/zh.json`. */
  readonly phrases?: HotelPhrases;
  /** The hotel's time zone, for "today" (a new check-in may not be before it). Default 'Europe/Lisbon'. */
  readonly timeZone?: string;
}

/**
 * The hotel desk bot's definition.
 * @throws ConfigError when the phrases miss a key or a placeholder (the message names the file and key).
 */
export function hotelDesk({
  reservations = createDemoReservations(),
  content = HOTEL_CONTENT,
  phrases = HOTEL_PHRASES,
  timeZone = 'Europe/Lisbon',
}: HotelDeskOptions = {}): BotDefinition {
  validatePhrases(phrases);
  return {
    id: 'hotel-desk',
    name: 'Harbour Hotel',
    modelDir: fileURLToPath(HOTEL_MODEL_DIR),
    intents: HOTEL_INTENTS,
    publicDir: fileURLToPath(new URL('./public/', import.meta.url)),
    create(services) {
      const now = services.now ?? Date.now;
      // en-CA writes ISO days (2027-03-14).
      const today = () => new Date(now()).toLocaleDateString('en-CA', { timeZone });
      const { conversationState } = services;
      const csat = createHotelCsat({ conversationState, phrases, onCsatScore: services.onCsatScore });
      const bot = createHotelBot({ conversationState, content, phrases, reservations, today, takeCsatAnswer: csat.takeAnswer });
      return {
        ...bot,
        beginCsat: csat.beginCsat,
        cannedReplies: cannedRepliesOf(content),
        escalationPhrases: escalationPhrasesOf(content),
        // "talk_to_person" is routed to "human" in content/bot.json: the escalation policy hands it over.
        humanIntents: humanIntentsOf(content),
        // Agents see the bot's answer to the guest's last message, when the NLU is sure what it asks.
        suggestAnswer: async (text, locale) => {
          const recognition = await services.recognizer.recognize(text, { locale });
          return isAnswered(content, recognition.intent) && !recognition.outOfScope ? answerFor(content, recognition.intent, locale) : undefined;
        },
      };
    },
  };
}
