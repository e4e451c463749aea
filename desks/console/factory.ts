/**
 * The console desk's factory (desks/registry.ts): always on, at `/agent/` and `/api/agent/*`. Its
 * actions carry the origin `{ desk: 'console' }`, so other desks know who acted; its agents' streams
 * hear every event, their own actions included, because every open tab (the agent's and their
 * colleagues') draws the queue and the ticket from the events, not from an action's answer.
 */
import { actingAs } from '../../handoff/service/index.js';
import type { Desk, DeskFactory } from '../desk.js';
import { createConsoleDesk } from './console-desk.js';

/** The name of the console desk and the `desk` of its events' origin. */
export const CONSOLE_DESK = 'console';

/** Builds the web console over the handoff's agent API. */
export const consoleDeskFactory: DeskFactory = {
  name: CONSOLE_DESK,
  async fromConfig({ service, agents, coach, media, logger }): Promise<Desk> {
    const console = createConsoleDesk({
      desk: actingAs(service, { desk: CONSOLE_DESK }),
      authenticate: (token) => agents.authenticate(token),
      ...(coach ? { coach } : {}),
      ...(media ? { media } : {}),
      ...(logger ? { logger } : {}),
    });
    return {
      name: CONSOLE_DESK,
      router: console.router,
      async start({ server }) {
        console.attach(server);
      },
      stop: () => console.close(),
    };
  },
};
