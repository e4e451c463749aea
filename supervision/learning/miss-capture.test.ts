/**
 * Capture never slows or breaks a turn: with a store that hangs, the reply still goes out and the turn
 * ends; with a store that fails, the failure is logged and the customer notices nothing. What is
 * captured is masked and cut to 500 characters.
 */
import { Writable } from 'node:stream';
import { TestAdapter, type TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { markAnsweredFromIntent, markNotUnderstood, setRecognition } from '../../dialogs/turn-state.js';
import { piiLogMasking } from '../../handoff/privacy/index.js';
import { createLogger } from '../../infra/logger.js';
import type { Recognition } from '../../nlu-models/recognizer.js';
import type { MissedMessage } from './learning-items.js';
import { MissCapture } from './miss-capture.js';
import { createMemoryMissStore, type MissStore } from './miss-store.js';

const settings = { capture: true, lowConfidenceBelow: 0.5 };
const reading = (text: string, intent: string, score: number): Recognition => ({
  text,
  locale: 'en',
  intent,
  score,
  outOfScope: intent === 'None',
  alternatives: [
    { intent, score },
    { intent: 'track_order', score: 0.1 },
  ],
  emotion: { score: 0, negative: false },
});

/** A bot that reads the message as the NLU would and falls back or answers, as the dialogs do. */
function botWith(capture: MissCapture, score = 0.3) {
  const adapter = new TestAdapter(async (context: TurnContext) => {
    const text = context.activity.text ?? '';
    if (text.startsWith('what')) {
      setRecognition(context, reading(text, 'delivery_options', score));
      markAnsweredFromIntent(context, 'delivery_options');
      await context.sendActivity('Delivery takes 3 to 5 days.');
    } else {
      setRecognition(context, reading(text, 'None', 0.2));
      markNotUnderstood(context);
      await context.sendActivity("Sorry, I didn't quite get that.");
    }
  });
  adapter.use(capture.middleware());
  return adapter;
}

const storeThat = (add: MissStore['add']): MissStore => ({ ...createMemoryMissStore({ perDay: 10, retentionDays: 1 }), add });

describe('MissCapture', () => {
  it('answers at once even when the store hangs', async () => {
    const capture = new MissCapture({ store: storeThat(() => new Promise(() => undefined)), settings });
    await botWith(capture).send('unicorn saddles?').assertReply("Sorry, I didn't quite get that.");
  });

  it('logs a failing store and the customer notices nothing', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'warn',
      masking: piiLogMasking,
      destination: new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }),
    });
    const capture = new MissCapture({ store: storeThat(() => Promise.reject(new Error('redis away'))), settings, logger });
    await botWith(capture).send('unicorn saddles?').assertReply("Sorry, I didn't quite get that.");
    await capture.settled();
    expect(lines.join('')).toMatch(/learning: miss not stored/);
  });

  it('keeps out-of-scope and low-confidence messages, masked and cut, and not confident answers', async () => {
    const stored: MissedMessage[] = [];
    const store = storeThat(async (miss) => (stored.push(miss), 'stored'));
    const unsure = new MissCapture({ store, settings });
    const sure = new MissCapture({ store, settings });
    await botWith(unsure)
      .send(`card 4111 1111 1111 1111 ${'x'.repeat(600)}`)
      .assertReply("Sorry, I didn't quite get that.")
      .send('what about delivery to the moon')
      .assertReply('Delivery takes 3 to 5 days.');
    await botWith(sure, 0.9).send('what is the delivery time').assertReply('Delivery takes 3 to 5 days.');
    await Promise.all([unsure.settled(), sure.settled()]);
    expect(stored.map((miss) => miss.reason)).toEqual(['out_of_scope', 'low_confidence']);
    expect(stored[0]!.text).not.toMatch(/4111 1111/);
    expect([...stored[0]!.text].length).toBe(500);
    expect(stored[1]).toMatchObject({
      channel: 'test',
      locale: 'en',
      closest: [
        { intent: 'delivery_options', score: 0.3 },
        { intent: 'track_order', score: 0.1 },
      ],
    });
  });
});
