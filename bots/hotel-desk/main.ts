/**
 * `npm run start:hotel`: the hotel desk bot with no settings needed (memory stores, the web widget and the
 * agent console on http://localhost:3000); any Baton setting in the environment still applies. Stops
 * gracefully on SIGTERM or SIGINT. A bad setting prints what to fix and exits with status 1.
 */
import { BatonError, createBaton } from 'baton';
import { HOTEL_ESCALATION_RULES, HOTEL_SETTINGS, hotelDesk } from './hotel-desk.js';

try {
  const baton = await createBaton({ config: { ...HOTEL_SETTINGS, ...process.env }, bot: hotelDesk(), escalationRules: HOTEL_ESCALATION_RULES });
  await baton.start();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    baton.logger.info({ signal }, 'shutting down');
    try {
      await baton.stop();
      process.exit(0);
    } catch (error) {
      baton.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  const message = error instanceof BatonError ? error.message : ((error as Error).stack ?? String(error));
  console.error(`The hotel desk could not start.\n${message}`);
  process.exit(1);
}
