/**
 * Starts the console desk on a real express app and http server, on an ephemeral loopback port, over
 * a fresh `MemoryDesk`. Tests talk to it only through HTTP and WebSocket.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createConsoleDesk } from '../index.js';
import { authenticateTestAgent, MemoryDesk } from './memory-desk.js';

/** A running console over a `MemoryDesk`. */
export interface RunningConsole {
  readonly desk: MemoryDesk;
  readonly baseUrl: string;
  readonly server: Server;
  stop(): Promise<void>;
}

/** Starts the console; `stop()` closes the streams, then the server. */
export async function startConsole(): Promise<RunningConsole> {
  const desk = new MemoryDesk();
  const consoleDesk = createConsoleDesk({ desk, authenticate: authenticateTestAgent });
  const app = express();
  app.use(consoleDesk.router);
  const server = createServer(app);
  consoleDesk.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    desk,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await consoleDesk.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
