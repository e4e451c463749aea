/**
 * Transcript lines and proactive locales at the edges of a turn: the apology a failed turn sends, a Redis
 * connection that drops while a line is in flight, and a proactive turn started from inside another one.
 */
import { type Activity, ConversationState, TestAdapter, type TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../infra/errors.js';
import { Degradation } from '../infra/fallback.js';
import { createKeywordRecognizer } from '../tests/support/keyword-recognizer.js';
import { createTurnPipeline } from './pipeline.js';
import { withKnownLocale } from './proactive-locale.js';
import { bufferedTranscript } from './state/buffered-transcript.js';
import { createMemoryStorage } from './state/memory-storage.js';
import type { TranscriptStore } from './state/transcript-store.js';
import { getLocale } from './turn-state.js';

const recognizer = createKeywordRecognizer({ track_order: ['where is my order', '订单在哪'] });

function setup(logic: (context: TurnContext) => Promise<void>, transcript: TranscriptStore | { logActivity: (activity: Activity) => Promise<void> }) {
  const conversationState = new ConversationState(createMemoryStorage());
  const pipeline = createTurnPipeline({
    recognizer,
    states: [conversationState],
    conversationLocale: conversationState.createProperty('locale'),
    transcript,
    logic,
  });
  const adapter = new TestAdapter(pipeline.logic);
  adapter.use(...pipeline.middleware);
  return adapter;
}

/** A write that answers a few event-loop turns later, as a Redis round trip does. */
const roundTrip = () => new Promise((resolve) => setImmediate(resolve)).then(() => new Promise((resolve) => setImmediate(resolve)));

describe('transcript lines at the end of a turn', () => {
  it("has the failed turn's apology written once the turn is over", async () => {
    const written: string[] = [];
    const transcript = {
      logActivity: async (activity: Activity) => {
        await roundTrip();
        written.push(activity.text ?? '');
      },
    };
    const adapter = setup(async () => {
      throw new Error('the dialog failed');
    }, transcript);
    await adapter.processActivity('hello');
    expect(written).toEqual(['hello', 'Sorry, something went wrong on our side. Please try again in a moment.']);
  });

  it('keeps the order of the lines when Redis drops while a line is in flight', async () => {
    let down = false;
    let dropped = false;
    const stored: string[] = [];
    const primary: TranscriptStore = {
      async logActivity(activity) {
        if (down) throw new StoreUnavailableError('transcript: Redis is not connected');
        if (activity.text === 'first' && !dropped) {
          dropped = true;
          // The connection closes while this line is in flight; the command then fails.
          down = true;
          await roundTrip();
          throw new StoreUnavailableError('transcript: Redis is not connected');
        }
        stored.push(activity.text ?? '');
      },
      read: async () => [],
      delete: async () => undefined,
    };
    const transcript = bufferedTranscript(primary, { degradation: new Degradation({ reachable: () => !down }) });
    const adapter = setup(async (context) => {
      await context.sendActivity('first');
      await context.sendActivity('second');
    }, transcript);
    await adapter.processActivity('hello');
    // Redis is back: the backlog goes in (after any flush already under way).
    down = false;
    await transcript.flush();
    expect(await transcript.flush()).toBe(0);
    expect(stored).toEqual(['hello', 'first', 'second']);
  });
});

describe('a proactive turn started from inside a known-locale turn', () => {
  it("reads its own conversation's locale when its caller knows none", async () => {
    const adapter = setup(
      async (context) => {
        await context.sendActivity(getLocale(context));
      },
      { logActivity: async () => undefined },
    );
    // The conversation speaks Chinese (kept in its state).
    await adapter.send('我的订单在哪里?').assertReply('zh').startTest();
    const proactive = { type: 'event', name: 'ContinueConversation' } as const;
    const localeOfProactiveTurn = async () => {
      const before = adapter.activeQueue.length;
      await adapter.processActivity(proactive, async (context) => {
        await context.sendActivity(getLocale(context));
      });
      return adapter.activeQueue.splice(before).map((activity) => activity.text);
    };
    // A handoff message in English for another conversation starts a timer (any callback it leaves behind),
    // which later runs a proactive turn whose caller has no locale for it.
    const later = new Promise<(string | undefined)[]>((resolve, reject) => {
      void withKnownLocale('en', async () => {
        setImmediate(() => void withKnownLocale(undefined, localeOfProactiveTurn).then(resolve, reject));
      });
    });
    expect(await later).toEqual(['zh']);
  });
});
