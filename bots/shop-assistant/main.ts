/**
 * `npm start`: runs the demo shop bot until SIGTERM or SIGINT, then shuts down gracefully (see
 * `ShopAssistant.stop`) and exits 0; a shutdown that fails, or takes longer than
 * SHUTDOWN_TIMEOUT_SECONDS (a turn stuck on a platform API), exits 1.
 * A bad setting prints what to fix and exits with status 1.
 */
import { loadConfig } from '../../infra/config.js';
import { BatonError } from '../../infra/errors.js';
import { createShopAssistant } from './app.js';

try {
  const config = loadConfig();
  const assistant = await createShopAssistant(config);
  await assistant.start();
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const { logger } = assistant;
    logger.info({ signal }, 'shutting down');
    // Orchestrators kill after their grace period (Kubernetes: 30 s); exit first, saying why.
    setTimeout(() => {
      logger.error({ seconds: config.SHUTDOWN_TIMEOUT_SECONDS }, 'shutdown did not finish in time; exiting anyway');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000).unref();
    try {
      await assistant.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  const message = error instanceof BatonError ? error.message : ((error as Error).stack ?? String(error));
  console.error(`Baton could not start.\n${message}`);
  process.exit(1);
}
