/**
 * A desk written the way a new one would be (docs/guide-add-a-desk.md): one folder, a factory, one
 * registry line. It stands for an outside ticketing tool: each ticket that opens is claimed by its
 * agent, who answers with a greeting; every event it is handed is recorded, so a test can show that
 * its own actions never come back to it.
 */
import { actingAs, type Desk, type DeskEvent, type DeskFactory, type EventOrigin } from 'baton';

/** The test desk's extras: what it was handed, and a way to wait for its work. */
export interface TestDesk extends Desk {
  readonly received: DeskEvent[];
  readonly origin: EventOrigin;
  idle(): Promise<void>;
}

/** Built when `TEST_DESK_AGENT` names the agent it works as (here read from the deps, as a setting would be). */
export function testDeskFactory({ agentId }: { agentId?: string }): DeskFactory<TestDesk> {
  return {
    name: 'test-desk',
    async fromConfig({ service }) {
      if (!agentId) return undefined;
      const origin: EventOrigin = { desk: 'test-desk', actor: agentId };
      const own = actingAs(service, origin);
      const received: DeskEvent[] = [];
      let work = Promise.resolve();
      let unsubscribe: (() => void) | undefined;
      const answer = async (ticketId: string) => {
        const claimed = await own.claim(ticketId, agentId);
        if (claimed.ok) await own.reply(ticketId, agentId, 'Hello from the test desk: how can I help?');
      };
      return {
        name: 'test-desk',
        received,
        origin,
        async start() {
          unsubscribe ??= service.subscribeOrigin(
            (event) => {
              received.push(event);
              if (event.type === 'ticket_updated' && event.ticket.state === 'queued') work = work.then(() => answer(event.ticket.id));
            },
            { origin },
          );
        },
        async stop() {
          unsubscribe?.();
          unsubscribe = undefined;
          await work;
        },
        idle: () => work,
      };
    },
  };
}
