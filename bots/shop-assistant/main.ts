/**
 * `npm start`: runs the demo shop bot until SIGTERM or SIGINT, then shuts down cleanly.
 * A bad setting prints what to fix and exits with status 1.
 */
import { loadConfig } from '../../infra/config.js';
import { BatonError } from '../../infra/errors.js';
import { createShopAssistant } from './app.js';

try {
  const assistant = await createShopAssistant(loadConfig());
  await assistant.start();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    assistant.logger.info({ signal }, 'shutting down');
    await assistant.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  const message = error instanceof BatonError ? error.message : (error as Error).stack ?? String(error);
  console.error(`Baton could not start.\n${message}`);
  process.exit(1);
}
