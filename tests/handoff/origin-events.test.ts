/**
 * Origin events: every instance hears every desk event through `subscribe` (the bus), but only the
 * instance that caused an event hands it to its `subscribeOrigin` listeners. Desks that write to an
 * outside system (the Slack desk) listen there, so N instances still post once. Two services over
 * the same stores stand for two instances; on Redis each has its own connection and bus.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DeskEvent, EventOrigin } from '../../handoff/desk-api.js';
import { createMemoryEventBus } from '../../handoff/bus/event-bus.js';
import { actingAs, createMemoryFactsStore, HandoffService, parseHandoffSettings } from '../../handoff/service/index.js';
import { createMemoryHandoffStore } from '../../handoff/store/index.js';
import { createMemoryTranscriptStore } from '../../dialogs/state/transcript-store.js';
import { createHarness, eventually, type Harness } from './harness.js';

const types = (events: readonly DeskEvent[]) => events.map((event) => event.type);

for (const kind of ['memory', 'redis'] as const) {
  describe(`origin events (${kind})`, () => {
    let a: Harness;
    afterEach(async () => a?.cleanup());

    it('hands each event to the listeners of the instance that caused it, and to every instance through subscribe', async () => {
      a = await createHarness(kind);
      const b = await a.restart();
      const originA: DeskEvent[] = [];
      const originB: DeskEvent[] = [];
      a.service.subscribeOrigin((event) => originA.push(event));
      b.service.subscribeOrigin((event) => originB.push(event));

      // The customer writes to instance A: A queues the ticket.
      const { ticket } = await a.escalate('c1');
      // Listeners run inside the action: the events are there when it resolves, no waiting.
      expect(types(originA)).toEqual(['ticket_updated', 'queue_changed']);
      expect(originB).toEqual([]);

      // The agent works on instance B.
      expect(await b.service.claim(ticket.id, 'ada')).toMatchObject({ ok: true });
      await b.service.reply(ticket.id, 'ada', 'Hello, my card is 4111 1111 1111 1111');
      expect(types(originB)).toEqual(['ticket_updated', 'queue_changed', 'agent_message']);
      expect(originB[2]).toMatchObject({ type: 'agent_message', ticketId: ticket.id, line: { from: 'agent', agentId: 'ada' } });
      expect(JSON.stringify(originB[2])).not.toContain('4111 1111 1111 1111');
      expect(types(originA)).toEqual(['ticket_updated', 'queue_changed']);

      // Through the bus both instances heard all of it.
      for (const h of [a, b]) {
        await eventually(
          `every event on ${h === a ? 'A' : 'B'}`,
          () =>
            types(h.events)
              .filter((type) => type !== 'queue_changed')
              .join() === 'ticket_updated,ticket_updated,agent_message',
        );
      }
    });

    it('gives an SLA reminder to the one instance that took the deadline', async () => {
      a = await createHarness(kind);
      const b = await a.restart();
      const origin = new Map<Harness, DeskEvent[]>([
        [a, []],
        [b, []],
      ]);
      for (const [h, list] of origin) h.service.subscribeOrigin((event) => list.push(event));
      const { ticket } = await a.escalate('c1');
      origin.get(a)!.length = 0;

      a.clock.tick(31_000);
      const fired = await Promise.all([a.service.fireDueDeadlines(), b.service.fireDueDeadlines()]);
      expect(fired[0] + fired[1]).toBe(1);
      const reminders = [...origin.values()].map((list) => list.filter((event) => event.type === 'sla_reminder'));
      expect(reminders.flat()).toEqual([{ type: 'sla_reminder', ticketId: ticket.id, waitedSeconds: 31 }]);
      expect(reminders[fired[0] === 1 ? 0 : 1]).toHaveLength(1);
    });

    it('tags an action run as a desk with its origin, and never hands it back to that origin, here or through the bus', async () => {
      a = await createHarness(kind);
      const b = await a.restart();
      const slack: EventOrigin = { desk: 'slack', actor: 'thread@a' };
      const mine: DeskEvent[] = [];
      const others: Array<[DeskEvent, EventOrigin | undefined]> = [];
      a.service.subscribeOrigin((event) => mine.push(event), { origin: slack });
      a.service.subscribeOrigin((event, origin) => others.push([event, origin]));
      const overBus: Array<[DeskEvent, EventOrigin | undefined]> = [];
      const mineOverBus: DeskEvent[] = [];
      await b.service.subscribe('ada', (event, origin) => overBus.push([event, origin]));
      await b.service.subscribe('ada', (event) => mineOverBus.push(event), { origin: slack });

      const { ticket } = await a.escalate('c1');
      expect(await a.service.claim(ticket.id, 'ada')).toMatchObject({ ok: true });
      mine.length = 0;
      others.length = 0;
      const asSlack = actingAs(a.service, slack);
      expect(await asSlack.reply(ticket.id, 'ada', 'Written in the Slack thread')).toMatchObject({ ok: true });
      expect(await asSlack.note(ticket.id, 'ada', 'Written in the Slack thread')).toMatchObject({ ok: true });
      // The same text from anyone else (the console) is not Slack's own: it is delivered.
      expect(await a.service.reply(ticket.id, 'ada', 'Written in the Slack thread')).toMatchObject({ ok: true });

      expect(types(mine)).toEqual(['agent_message']);
      expect(others.map(([event, origin]) => [event.type, origin])).toEqual([
        ['agent_message', slack],
        ['agent_message', slack],
        ['agent_message', undefined],
      ]);
      await eventually('the untagged reply over the bus', () => mineOverBus.some((event) => event.type === 'agent_message'));
      await eventually('every reply over the bus', () => overBus.filter(([event]) => event.type === 'agent_message').length === 3);
      expect(overBus.filter(([event]) => event.type === 'agent_message').map(([, origin]) => origin)).toEqual([slack, slack, undefined]);
      expect(mineOverBus.filter((event) => event.type === 'agent_message')).toHaveLength(1);
    });

    it('keeps the action working when an origin listener throws', async () => {
      a = await createHarness(kind);
      const seen: DeskEvent[] = [];
      a.service.subscribeOrigin(() => {
        throw new Error('listener bug');
      });
      const stop = a.service.subscribeOrigin((event) => seen.push(event));
      const { ticket } = await a.escalate('c1');
      expect(await a.service.claim(ticket.id, 'ada')).toMatchObject({ ok: true });
      expect(types(seen)).toEqual(['ticket_updated', 'queue_changed', 'ticket_updated', 'queue_changed']);
      stop();
      await a.service.reply(ticket.id, 'ada', 'after unsubscribing');
      expect(seen).toHaveLength(4);
    });
  });
}

describe('origin events during a rolling upgrade', () => {
  it('an instance of the previous release, reading every bus message as a DeskEvent, still gets desk-shaped events; and this release reads its bare events', async () => {
    const bus = createMemoryEventBus();
    const service = new HandoffService({
      store: createMemoryHandoffStore(),
      facts: createMemoryFactsStore(),
      transcript: createMemoryTranscriptStore(),
      bus,
      settings: parseHandoffSettings({}),
    });
    await service.start({ tickerMs: 0 });
    try {
      // The previous release: `for (const listener of listeners) listener(message as DeskEvent)`.
      const previous: unknown[] = [];
      await bus.subscribe('desk', (message) => void previous.push(message));
      const heard: Array<[DeskEvent, EventOrigin | undefined]> = [];
      await service.subscribe('ada', (event, origin) => heard.push([event, origin]));
      const slack: EventOrigin = { desk: 'slack', actor: 'thread@a' };

      await service.publish({ type: 'queue_changed' });
      await actingAs(service, slack).publish({ type: 'sla_reminder', ticketId: 't1', waitedSeconds: 5 });
      // What an instance of the previous release publishes: the bare event.
      await bus.publish('desk', { type: 'sla_reminder', ticketId: 't2', waitedSeconds: 7 });

      await eventually('three messages', () => previous.length === 3 && heard.length === 3);
      expect(previous).toMatchObject([
        { type: 'queue_changed' },
        { type: 'sla_reminder', ticketId: 't1', waitedSeconds: 5 },
        { type: 'sla_reminder', ticketId: 't2' },
      ]);
      expect(heard).toEqual([
        [{ type: 'queue_changed' }, undefined],
        [{ type: 'sla_reminder', ticketId: 't1', waitedSeconds: 5 }, slack],
        [{ type: 'sla_reminder', ticketId: 't2', waitedSeconds: 7 }, undefined],
      ]);
    } finally {
      await service.stop();
      await bus.close();
    }
  });
});
