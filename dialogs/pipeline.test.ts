import { type Activity, ActivityEventNames, ActivityTypes, ConversationState, type Storage, TestAdapter, type TurnContext } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../infra/errors.js';
import { Degradation } from '../infra/fallback.js';
import { createKeywordRecognizer } from '../tests/support/keyword-recognizer.js';
import { guarded } from './middleware/compose.js';
import { createTurnPipeline, type TurnPipelineOptions } from './pipeline.js';
import { withKnownLocale } from './proactive-locale.js';
import { bufferedTranscript } from './state/buffered-transcript.js';
import { createMemoryStorage } from './state/memory-storage.js';
import { createMemoryTranscriptStore, type TranscriptStore } from './state/transcript-store.js';
import { getLocale, getRecognition } from './turn-state.js';

const recognizer = createKeywordRecognizer({ track_order: ['where is my order', '订单在哪'] });

function setup(
  logic: (context: TurnContext) => Promise<void>,
  { storage = createMemoryStorage(), ...extra }: Partial<TurnPipelineOptions> & { storage?: Storage } = {},
) {
  const conversationState = new ConversationState(storage);
  const transcript = createMemoryTranscriptStore();
  const pipeline = createTurnPipeline({
    recognizer,
    states: [conversationState],
    conversationLocale: conversationState.createProperty('locale'),
    transcript,
    logic,
    ...extra,
  });
  const adapter = new TestAdapter(pipeline.logic);
  adapter.use(...pipeline.middleware);
  return { adapter, transcript };
}

const describeTurn = async (context: TurnContext) => {
  const recognition = getRecognition(context);
  await context.sendActivity(`${getLocale(context)}:${recognition?.intent ?? '-'}`);
};

describe('turn pipeline', () => {
  it('detects the language per message and keeps it for messages that tell none', async () => {
    const { adapter } = setup(describeTurn);
    await adapter
      .send('我的订单在哪里?')
      .assertReply('zh:track_order')
      .send('A1001')
      .assertReply('zh:None')
      .send('where is my order')
      .assertReply('en:track_order')
      .send('12345')
      .assertReply('en:None')
      .send('订单A1001')
      .assertReply('zh:None')
      .startTest();
  });

  it('keeps a transcript of what came in and went out, in order', async () => {
    const { adapter, transcript } = setup(describeTurn);
    await adapter.send('where is my order').assertReply('en:track_order').startTest();
    const conversationId = adapter.conversation.conversation.id;
    const texts = (await transcript.read(conversationId)).map((activity) => activity.text);
    expect(texts).toEqual(['where is my order', 'en:track_order']);
  });

  it("has the customer's message in the transcript while the turn runs (a desk drawing a new ticket reads it then)", async () => {
    let duringTurn: string[] = [];
    const { adapter, transcript } = setup(async (context) => {
      duringTurn = (await transcript.read(context.activity.conversation.id)).map((activity) => activity.text ?? '');
      await context.sendActivity('ok');
    });
    await adapter.send('I want a real person').assertReply('ok').startTest();
    expect(duringTurn).toEqual(['I want a real person']);
    const logged = await transcript.read(adapter.conversation.conversation.id);
    expect(logged.map((activity) => [activity.from?.role, activity.text])).toEqual([
      ['user', 'I want a real person'],
      [undefined, 'ok'],
    ]);
  });

  it('apologizes in the customer language when a dialog throws', async () => {
    const { adapter } = setup(async () => {
      throw new Error('order service down');
    });
    await adapter.send('我的订单在哪里?').assertReply('抱歉，我们这边出了点问题，请稍后再试。').startTest();
  });

  it("tells a proactive turn's caller that it failed (an agent's reply the channel did not take) instead of swallowing it", async () => {
    const { adapter } = setup(describeTurn);
    // How a channel's continueConversation starts a proactive turn through the middleware (adapters/proactive-adapter.ts).
    const proactive = { type: ActivityTypes.Event, name: ActivityEventNames.ContinueConversation };
    // The agent API answers 'delivery_failed' only if continueConversation rejects; else the agent is told it went out.
    await expect(
      adapter.processActivity(proactive, async () => {
        throw new StoreUnavailableError('activity log unreachable (test)');
      }),
    ).rejects.toThrow('activity log unreachable (test)');
    await adapter.processActivity(proactive, async (context) => {
      await context.sendActivity('the agent again');
    });
    expect(adapter.activeQueue.map((activity) => activity.text)).toEqual(['the agent again']);
  });

  it('lets the handoff gate end the turn before the dialogs', async () => {
    const seen: string[] = [];
    const { adapter } = setup(describeTurn, {
      handoffGate: async (context) => {
        seen.push(context.activity.text ?? '');
        await context.sendActivity('relayed to the agent');
      },
    });
    await adapter.send('where is my order').assertReply('relayed to the agent').startTest();
    expect(seen).toEqual(['where is my order']);
  });

  it('refuses a middleware that calls next() twice', async () => {
    const twice = guarded('twice', async (_context, next) => {
      await next();
      await next();
    });
    const calls: string[] = [];
    const adapter = new TestAdapter(async () => {
      calls.push('logic');
    });
    adapter.use(twice);
    await expect(adapter.send('hi').startTest()).rejects.toMatchObject({ code: 'next_called_twice' });
    expect(calls).toEqual(['logic']);
  });
});

describe('a proactive turn whose caller knows the locale', () => {
  it("takes the caller's locale and reads no conversation state; other turns still read it", async () => {
    const memory = createMemoryStorage();
    let stateReads = 0;
    const storage = {
      read: (keys: string[]) => (stateReads++, memory.read(keys)),
      write: memory.write.bind(memory),
      delete: memory.delete.bind(memory),
    };
    const { adapter } = setup(describeTurn, { storage });
    await adapter.send('我的订单在哪里?').assertReply('zh:track_order').startTest();
    const proactive = { type: 'event', name: 'ContinueConversation' } as const;
    const reply = async () => {
      const before = adapter.activeQueue.length;
      await adapter.processActivity(proactive, async (context) => context.sendActivity(getLocale(context)));
      // Taken off the queue, so the next exchange's assertReply sees only its own reply.
      return adapter.activeQueue.splice(before).map((activity) => activity.text);
    };

    stateReads = 0;
    expect(await withKnownLocale('en', reply)).toEqual(['en']);
    expect(stateReads).toBe(0);
    // Without a known locale, the conversation's own (read from its state) is used, as before.
    expect(await reply()).toEqual(['zh']);
    expect(stateReads).toBe(1);
    // A customer's message is never taken for the caller's turn.
    stateReads = 0;
    await withKnownLocale('en', () => adapter.send('A1001').assertReply('zh:None').startTest());
    expect(stateReads).toBe(1);
  });
});

describe('reply lines in the transcript', () => {
  it('do not hold up the send, and the turn ends only once they are written', async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((open) => {
      openGate = open;
    });
    const written: string[] = [];
    // The bot's lines (all but the customer's 'hello') wait at the gate, as a slow Redis would keep them.
    const transcript = {
      logActivity: async (activity: Activity) => {
        if (activity.text !== 'hello') await gate;
        written.push(activity.text ?? '');
      },
    };
    const sent: string[] = [];
    const { adapter } = setup(
      async (context) => {
        await context.sendActivity('one');
        sent.push('one');
        await context.sendActivity('two');
        sent.push('two');
      },
      { transcript },
    );
    let ended = false;
    const turn = adapter.processActivity('hello').then(() => {
      ended = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual(['one', 'two']);
    expect(ended).toBe(false);
    openGate();
    await turn;
    expect(written).toEqual(['hello', 'one', 'two']);
  });
});

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
    const { adapter } = setup(
      async () => {
        throw new Error('the dialog failed');
      },
      { transcript },
    );
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
    const { adapter } = setup(
      async (context) => {
        await context.sendActivity('first');
        await context.sendActivity('second');
      },
      { transcript },
    );
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
    const { adapter } = setup(
      async (context) => {
        await context.sendActivity(getLocale(context));
      },
      { transcript: { logActivity: async () => undefined } },
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
