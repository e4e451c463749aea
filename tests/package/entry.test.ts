/**
 * The public entry, imported by the package's own name (Node's self-reference; the `baton-source`
 * condition points it at index.ts in development). Its runtime names are a deliberate list
 * (docs/public-api.md): adding or removing one is an API decision, so it is made here too.
 */
import * as baton from 'baton';
import { describe, expect, it } from 'vitest';

const PUBLIC_NAMES = [
  'APOLOGY',
  'BUILT_IN_CHANNELS',
  'BUILT_IN_DESKS',
  'BUILT_IN_RULES',
  'BatonError',
  'ChatQueue',
  'ComponentDialog',
  'ConfigError',
  'DialogSet',
  'DialogTurnStatus',
  'DurableInbox',
  'InFlight',
  'ProactiveBotAdapter',
  'RequestError',
  'TextPrompt',
  'WaterfallDialog',
  'actingAs',
  'apologyFor',
  'channelErrorHandler',
  'claimDelivery',
  'connectRedis',
  'createBaton',
  'createLogger',
  'createMemoryDeliveryJournal',
  'createMemoryStorage',
  'createMemoryTranscriptStore',
  'createRedisDeliveryJournal',
  'createRedisStorage',
  'createRedisTranscriptStore',
  'crisisRule',
  'dialogRule',
  'escalationRule',
  'getCustomerLanguage',
  'getLocale',
  'getMarket',
  'getRecognition',
  'getVerifiedCustomer',
  'hmacSha256Hex',
  'isStopCommand',
  'loadBotContent',
  'loadConfig',
  'markAnsweredFromIntent',
  'markNotUnderstood',
  'negativeEmotionRule',
  'notUnderstoodRule',
  'parseBotContent',
  'parseRating',
  'releaseDelivery',
  'requestHuman',
  'requestedHumanRule',
  'runWithApology',
  'safeEqual',
  'sendRefusal',
  'turnDedupe',
  'verifySha256Signature',
  'cannedRepliesOf',
  'escalationPhrasesOf',
  'humanIntentsOf',
  'lookupLocale',
  'routesOf',
  'fillTemplate',
];

describe("the package entry ('baton')", () => {
  it('exports the documented names and nothing else', () => {
    expect(Object.keys(baton).sort()).toEqual([...PUBLIC_NAMES].sort());
  });

  it('validates raw settings with the bot as the default id, and says the fix', async () => {
    const bot: baton.BotDefinition = { id: 'entry-test', modelDir: '/nowhere', create: () => ({ logic: async () => undefined }) };
    await expect(baton.createBaton({ config: { PORT: 'eighty' }, bot })).rejects.toThrow(/PORT/);
    const missingModel = baton.createBaton({ config: { PORT: '0' }, bot });
    await expect(missingModel).rejects.toBeInstanceOf(baton.ConfigError);
    await expect(missingModel).rejects.toThrow('No NLU model in /nowhere (manifest.json is missing). Train one with `npm run nlu -- train`');
  });
});
