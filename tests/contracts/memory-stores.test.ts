/**
 * Every memory store expires as its Redis twin's keys do and stays within its cap; what must never be
 * dropped (an open handoff ticket, a Direct Line conversation with an unanswered customer message or a
 * client connected, a re-post still being processed) is kept, and new work is refused with StoreFullError.
 */
import { claimDelivery } from '../../infra/dedupe-store.js';
import type { Activity } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import { createMemoryActivityLog } from '../../adapters/web/memory-activity-log.js';
import { createMemoryCallbackStore } from '../../adapters/telegram/callback-data.js';
import { createMemoryDedupeStore } from '../../infra/dedupe-store.js';
import { createMemoryOptionStore } from '../../adapters/whatsapp/option-store.js';
import { createMemoryServiceWindowStore } from '../../adapters/whatsapp/service-window.js';
import { createMemoryCustomerIndex } from '../../dialogs/state/customer-index.js';
import { createMemoryStorage } from '../../dialogs/state/memory-storage.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { createMemorySlackCardStore } from '../../desks/slack/card-store.js';
import { createMemoryFactsStore, type ConversationFacts } from '../../handoff/service/facts-store.js';
import { createMemoryHandoffStore } from '../../handoff/store/memory-handoff-store.js';
import type { OpenTicketInput } from '../../handoff/store/handoff-store.js';
import { StoreFullError } from '../../infra/bounded-map.js';
import { describeBoundedMemoryStore } from './memory-bounds.contract.js';

const DAY = 86_400;
const message = (conversationId: string, role: 'user' | 'bot', text = 'hi'): Partial<Activity> => ({
  type: 'message',
  text,
  conversation: { id: conversationId, name: '', isGroup: false, conversationType: '' },
  from: { id: role === 'user' ? 'customer' : 'baton-bot', name: role, role },
});

describeBoundedMemoryStore('conversation state (STATE_TTL_DAYS, 30 days)', {
  ttlSeconds: 30 * DAY,
  make: ({ now, maxEntries }) => {
    const storage = createMemoryStorage({ now, maxItems: maxEntries });
    return {
      write: (key) => storage.write({ [key]: { turn: 1 } }),
      has: async (key) => key in (await storage.read([key])),
    };
  },
});

describeBoundedMemoryStore('transcripts (TRANSCRIPT_RETENTION_DAYS, 30 days)', {
  ttlSeconds: 30 * DAY,
  make: ({ now, maxEntries }) => {
    const store = createMemoryTranscriptStore({ now, maxConversations: maxEntries });
    return {
      write: async (key) => store.logActivity(message(key, 'user') as Activity),
      has: async (key) => (await store.read(key)).length > 0,
    };
  },
});

describeBoundedMemoryStore('Direct Line log (DIRECTLINE_RETENTION_HOURS, 48 hours)', {
  ttlSeconds: 48 * 3600,
  make: ({ now, maxEntries }) => {
    const log = createMemoryActivityLog({ now, maxConversations: maxEntries });
    return {
      write: async (key) => {
        await log.createConversation(key, { createdAt: now(), userId: 'customer' });
        await log.append(key, message(key, 'bot'));
      },
      has: async (key) => (await log.getConversation(key)) !== undefined,
    };
  },
});

describeBoundedMemoryStore('erased-conversation marks (the mark seconds given, here a day)', {
  ttlSeconds: DAY,
  make: ({ now, maxEntries }) => {
    const log = createMemoryActivityLog({ now, maxErasedMarks: maxEntries });
    return { write: (key) => log.delete(key, DAY), has: (key) => log.wasErased(key) };
  },
});

describeBoundedMemoryStore('dedupe of platform ids (24 hours)', {
  ttlSeconds: DAY,
  rewriteRestartsExpiry: false,
  make: ({ now, maxEntries }) => {
    const store = createMemoryDedupeStore({ now, maxEntries });
    return {
      write: async (key) => void (await claimDelivery(store, 'telegram', key)),
      has: async (key) => !(await claimDelivery(store, 'telegram', key)),
    };
  },
});

describeBoundedMemoryStore('Direct Line re-posts (the ttl given, here a day)', {
  ttlSeconds: DAY,
  make: ({ now, maxEntries }) => {
    const store = createMemoryDedupeStore({ now, maxEntries });
    return { write: (key) => store.resolve(key, 'activity-1', DAY), has: async (key) => (await store.lookup(key)) !== undefined };
  },
});

describeBoundedMemoryStore('customer index (the transcript retention, 30 days)', {
  ttlSeconds: 30 * DAY,
  make: ({ now, maxEntries }) => {
    const index = createMemoryCustomerIndex({ now, maxCustomers: maxEntries });
    return { write: (key) => index.add('web', key, 'conv-1'), has: async (key) => (await index.list('web', key)).length > 0 };
  },
});

describeBoundedMemoryStore('handoff facts (STATE_TTL_DAYS, 30 days)', {
  ttlSeconds: 30 * DAY,
  make: ({ now, maxEntries }) => {
    const store = createMemoryFactsStore({ now, maxConversations: maxEntries });
    const facts = (conversationId: string) =>
      ({
        conversationId,
        reference: { channelId: 'web', serviceUrl: 'http://localhost', conversation: { id: conversationId }, bot: { id: 'baton-bot' } },
        locale: 'en',
        emotionTrend: [],
        updatedAt: now(),
      }) as ConversationFacts;
    return { write: (key) => store.write(facts(key)), has: async (key) => (await store.read(key)) !== undefined };
  },
});

describeBoundedMemoryStore('Telegram callback data (the ttl given, here a day)', {
  ttlSeconds: DAY,
  make: ({ now, maxEntries }) => {
    const store = createMemoryCallbackStore({ now, maxEntries });
    return { write: (key) => store.write(key, 'Cancel order A1002', DAY), has: async (key) => (await store.read(key)) !== undefined };
  },
});

describeBoundedMemoryStore('WhatsApp numbered options (24 hours)', {
  ttlSeconds: DAY,
  make: ({ now, maxEntries }) => {
    const store = createMemoryOptionStore({ now, maxEntries });
    return { write: (key) => store.write(key, [{ title: 'Track my order', value: 'track' }]), has: async (key) => (await store.read(key)) !== undefined };
  },
});

describeBoundedMemoryStore('WhatsApp service windows (7 days)', {
  ttlSeconds: 7 * DAY,
  make: ({ now, maxEntries }) => {
    const store = createMemoryServiceWindowStore({ now, maxEntries });
    return { write: (key) => store.write(key, now()), has: async (key) => (await store.read(key)) !== undefined };
  },
});

describeBoundedMemoryStore('Slack cards (STATE_TTL_DAYS, 30 days)', {
  ttlSeconds: 30 * DAY,
  make: ({ now, maxEntries }) => {
    const store = createMemorySlackCardStore({ now, maxCards: maxEntries });
    return {
      write: (key) => store.write({ ticketId: key, channel: 'C1', ts: `${key}.1`, shown: { state: 'resolved' } } as Parameters<typeof store.write>[0]),
      has: async (key) => (await store.read(key)) !== undefined && (await store.ticketOfThread('C1', `${key}.1`)) === key,
    };
  },
});

describe('memory stores never drop what must stay', () => {
  it('the Direct Line log keeps conversations awaiting a reply and refuses a new one when full of them', async () => {
    const log = createMemoryActivityLog({ maxConversations: 3 });
    for (const id of ['a', 'b', 'c']) {
      await log.createConversation(id, { createdAt: 1, userId: 'customer' });
      await log.append(id, message(id, 'user', `question ${id}`));
    }
    const refusal = log.createConversation('d', { createdAt: 1, userId: 'customer' });
    await expect(refusal).rejects.toBeInstanceOf(StoreFullError);
    await expect(refusal).rejects.toMatchObject({ status: 503, code: 'store_full' });
    for (const id of ['a', 'b', 'c']) expect((await log.read(id)).activities.map((a) => a.text)).toEqual([`question ${id}`]);
    expect(await log.getConversation('d')).toBeUndefined();

    // Once 'b' is answered it may go: the next conversation takes its place, the unanswered stay.
    await log.append('b', message('b', 'bot', 'answer'));
    await log.createConversation('d', { createdAt: 1, userId: 'customer' });
    expect(await log.getConversation('b')).toBeUndefined();
    for (const id of ['a', 'c', 'd']) expect(await log.getConversation(id)).toBeDefined();
  });

  it('the Direct Line log keeps a conversation a client is subscribed to', async () => {
    const log = createMemoryActivityLog({ maxConversations: 1 });
    await log.createConversation('watched', { createdAt: 1, userId: 'customer' });
    await log.append('watched', message('watched', 'bot'));
    const unsubscribe = await log.subscribe('watched', () => undefined);
    await expect(log.createConversation('new', { createdAt: 1, userId: 'customer' })).rejects.toBeInstanceOf(StoreFullError);
    unsubscribe();
    await log.createConversation('new', { createdAt: 1, userId: 'customer' });
    expect(await log.getConversation('watched')).toBeUndefined();
  });

  it('the handoff store never drops an open ticket: a new escalation is refused, a closed ticket makes room', async () => {
    let time = 1_700_000_000_000;
    const store = createMemoryHandoffStore({ now: () => time++, maxTickets: 3 });
    const input = (conversationId: string): OpenTicketInput => ({
      conversationId,
      channel: 'web',
      customer: { id: conversationId },
      language: 'en',
      reason: 'requested_human',
      priority: 10,
      details: {},
    });
    const opened = [];
    for (const id of ['c1', 'c2', 'c3']) opened.push((await store.openTicket(input(id))).ticket);
    await expect(store.openTicket(input('c4'))).rejects.toBeInstanceOf(StoreFullError);
    expect((await store.queue()).map((t) => t.conversationId)).toEqual(['c1', 'c2', 'c3']);

    // A queued ticket the customer left is closed; it, not an open one, goes for the next escalation.
    expect((await store.abandon(opened[1]!.id)).ok).toBe(true);
    const { ticket, created } = await store.openTicket(input('c4'));
    expect(created).toBe(true);
    expect(await store.getTicket(opened[1]!.id)).toBeUndefined();
    expect((await store.queue()).map((t) => t.conversationId)).toEqual(['c1', 'c3', 'c4']);
    expect(await store.getTicket(ticket.id)).toBeDefined();
  });

  it('the Slack card store never drops the card or thread of an open ticket', async () => {
    const store = createMemorySlackCardStore({ maxCards: 2 });
    const card = (ticketId: string, state: 'queued' | 'resolved') =>
      ({ ticketId, channel: 'C1', ts: `${ticketId}.1`, customerName: 'Ana', shown: { state, skill: 'general' }, history: [] }) as Parameters<
        typeof store.write
      >[0];
    await store.write(card('t1', 'queued'));
    await store.write(card('t2', 'resolved'));
    await store.write(card('t3', 'queued'));
    expect(await store.read('t2')).toBeUndefined();
    await expect(store.write(card('t4', 'queued'))).rejects.toBeInstanceOf(StoreFullError);
    expect(await store.ticketOfThread('C1', 't1.1')).toBe('t1');
    expect(await store.ticketOfThread('C1', 't3.1')).toBe('t3');
  });

  it('the re-post store never drops a claim still being processed', async () => {
    const store = createMemoryDedupeStore({ maxEntries: 2 });
    expect(await store.claim('web:a', 60)).toBe(true);
    expect(await store.claim('web:b', 60)).toBe(true);
    await expect(store.claim('web:c', 60)).rejects.toBeInstanceOf(StoreFullError);
    expect(await store.claim('web:a', 60)).toBe(false);
    await store.resolve('web:a', 'activity-1', 3600);
    expect(await store.claim('web:c', 60)).toBe(true);
    expect(await store.lookup('web:a')).toBeUndefined();
    expect(await store.claim('web:b', 60)).toBe(false);
  });
});
