import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../infra/errors.js';
import { pickPhrase, useEmpathyPhrases } from '../empathy/phrases.js';
import { reply, useDataTemplates } from '../templates/reply.js';
import { cannedRepliesOf, faqAnswersOf, loadBotContent, localeChain, lookupLocale, parseBotContent, type BotContentInput } from './index.js';

const dialogs = ['trackOrder', 'spinPresales'];
const base: BotContentInput = {
  intents: {
    None: { answers: { en: "Sorry, I didn't get that.", zh: '抱歉，我没明白。' } },
    track_order: { answers: { en: 'Send me your order number.', zh: '请告诉我订单号。', 'zh-TW': '請告訴我訂單編號。' } },
  },
  routing: { track_order: 'trackOrder' },
};
const problems = (input: unknown, options = { dialogs }) => {
  try {
    parseBotContent(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return '';
};

describe('bot content', () => {
  it('fills in the defaults', () => {
    const content = parseBotContent(base, { dialogs });
    expect(content).toMatchObject({ defaultLocale: 'en', cannedReplies: {}, templates: {} });
  });

  it('an intent without an answer in the default locale is an error that says the fix', () => {
    const input = { ...base, intents: { ...base.intents, get_refund: { answers: { zh: '请告诉我订单号和退款原因。' } } } };
    expect(problems(input)).toContain("content.intents.get_refund.answers: no answer in 'en', the default locale; add one");
  });

  it('an unknown dialog lists the known ones; a route to an intent nobody answers or the model does not know is named', () => {
    expect(problems({ ...base, routing: { track_order: 'trakOrder' } })).toContain(
      "content.routing.track_order: unknown dialog 'trakOrder'; known: trackOrder, spinPresales, human, answer",
    );
    expect(problems({ ...base, routing: { where_is_it: 'trackOrder' } })).toContain('content.routing.where_is_it: no such intent in content.intents');
    expect(problems(base, { dialogs, modelIntents: ['cancel_order'] } as never)).toContain(
      'content.routing.track_order: the NLU model does not know this intent; train it (npm run nlu -- train) or remove the route',
    );
  });

  it('locales are BCP 47 tags, written canonically', () => {
    expect(problems({ ...base, defaultLocale: 'en_US' })).toContain("content.defaultLocale: 'en_US' is not a canonical BCP 47 tag; use e.g.");
    const lower = { ...base, intents: { ...base.intents, None: { answers: { en: 'Sorry?', 'zh-tw': '抱歉？' } } } };
    expect(problems(lower)).toContain("content.intents.None.answers: 'zh-tw' is not a canonical BCP 47 tag; write 'zh-TW'");
    expect(problems({ ...base, intents: { track_order: base.intents.track_order } })).toContain("no 'None' intent");
  });

  it('lists every problem at once, and shape errors by path', () => {
    const message = problems({ ...base, routing: { track_order: 'trakOrder', get_refund: 'requestRefund' } });
    expect(message).toContain("content.routing.track_order: unknown dialog 'trakOrder'");
    expect(message).toContain("content.routing.get_refund: unknown dialog 'requestRefund'");
    expect(problems({ ...base, cannedReplies: { Greeting: { en: 'Hi' } } })).toContain('content.cannedReplies.Greeting: must be kebab-case');
    expect(problems({ ...base, extra: 1 })).toMatch(/content: Unrecognized key: "extra"/i);
  });

  it('looks texts up by tag, then language, then the default locale', () => {
    expect(localeChain('zh-TW', 'en')).toEqual(['zh-TW', 'zh', 'en']);
    expect(localeChain('not a tag!', 'en')).toEqual(['en']);
    const answers = faqAnswersOf(parseBotContent(base, { dialogs }));
    expect(lookupLocale(answers, 'zh-TW', 'en')?.track_order).toBe('請告訴我訂單編號。');
    expect(lookupLocale(answers, 'zh-CN', 'en')?.track_order).toBe('请告诉我订单号。');
    expect(lookupLocale(answers, 'fr-FR', 'en')?.track_order).toBe('Send me your order number.');
  });

  it('canned replies come out locale by locale, the default first', () => {
    const content = parseBotContent({ ...base, cannedReplies: { hello: { zh: '您好', en: 'Hi' }, bye: { en: 'Bye' } } }, { dialogs });
    expect(cannedRepliesOf(content)).toEqual([
      { name: 'hello', locale: 'en', text: 'Hi' },
      { name: 'bye', locale: 'en', text: 'Bye' },
      { name: 'hello', locale: 'zh', text: '您好' },
    ]);
  });

  it('templates for a new locale are checked against the English keys and placeholders, then used', () => {
    const bad = { ...base, templates: { fr: { cancelKept: 'La commande {numero} reste telle quelle.', greting: 'Bonjour' } } };
    const message = problems(bad);
    expect(message).toContain('content.templates.fr.cancelKept: unknown placeholder {numero}; this key has {number}');
    expect(message).toContain('content.templates.fr.greting: unknown template key');
    const content = parseBotContent({ ...base, templates: { fr: { cancelKept: 'OK, la commande {number} reste telle quelle.' } } }, { dialogs });
    useDataTemplates(content.templates);
    expect(reply('fr', 'cancelKept', { number: 'A1002' })).toBe('OK, la commande A1002 reste telle quelle.');
    expect(reply('fr-CA', 'cancelKept', { number: 'A1002' })).toBe('OK, la commande A1002 reste telle quelle.');
    // A key the bot did not translate falls back to English.
    expect(reply('fr', 'yes')).toBe('Yes');
  });

  it('empathy phrases a bot adds are checked by scenario and come before the built-in ones', () => {
    expect(problems({ ...base, empathy: { en: { late: ['Sorry for the wait.'] } } })).toContain(
      'content.empathy.en.late: unknown scenario; known: late_delivery, damaged_or_wrong_item, refund_waiting, payment_problem, generic',
    );
    const content = parseBotContent({ ...base, empathy: { fr: { generic: ['Je comprends votre frustration.'] } } }, { dialogs });
    useEmpathyPhrases(content.empathy);
    expect(pickPhrase('fr', 'generic', 'seed')).toBe('Je comprends votre frustration.');
    expect(pickPhrase('fr', 'late_delivery', 'seed')).toMatch(/sorry|understand/i);
  });

  it('loads a folder of JSON files: bot.json and one file per locale', () => {
    const dir = mkdtempSync(join(tmpdir(), 'content-'));
    writeFileSync(join(dir, 'bot.json'), JSON.stringify({ defaultLocale: 'en', routing: { track_order: 'trackOrder' } }));
    writeFileSync(join(dir, 'en.json'), JSON.stringify({ answers: { None: 'Sorry?', track_order: 'Your order number?' }, cannedReplies: { hi: 'Hi' } }));
    writeFileSync(join(dir, 'pt-BR.json'), JSON.stringify({ answers: { track_order: 'Qual é o número do pedido?' } }));
    const content = loadBotContent(dir, { dialogs });
    expect(content.intents.track_order?.answers).toEqual({ en: 'Your order number?', 'pt-BR': 'Qual é o número do pedido?' });
    writeFileSync(join(dir, 'de.json'), JSON.stringify({ antworten: {} }));
    expect(() => loadBotContent(dir, { dialogs })).toThrow(/de\.json: unknown part\(s\) antworten; known: answers/);
  });
});
