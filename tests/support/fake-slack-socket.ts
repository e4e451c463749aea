/**
 * A loopback stand-in for Slack's Socket Mode endpoint: the URL apps.connections.open hands out
 * (set the fake Web API's `socketUrl` to `url`). It greets a connecting app with `hello`, delivers
 * envelopes (events_api, interactive, slash_commands) as Slack does, and resolves each delivery with
 * the app's acknowledgement.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeSlackSocket {
  /** e.g. ws://127.0.0.1:40124/link/?ticket=... */
  readonly url: string;
  /** Resolves once an app connected and was greeted. */
  connected(): Promise<void>;
  /** Sends an envelope of `type` with `payload`; resolves the app's ack (`{ envelope_id, payload }`). */
  deliver(
    type: 'events_api' | 'interactive' | 'slash_commands',
    payload: Record<string, unknown>,
    options?: { retryAttempt?: number },
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startFakeSlackSocket(): Promise<FakeSlackSocket> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const acks = new Map<string, (ack: Record<string, unknown>) => void>();
  let client: WebSocket | undefined;
  let greeted!: () => void;
  const connected = new Promise<void>((resolve) => (greeted = resolve));

  server.on('connection', (socket) => {
    client = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string };
      if (message.envelope_id) acks.get(message.envelope_id)?.(message);
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0BATON' }, debug_info: { host: 'fake' } }));
    greeted();
  });

  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link/?ticket=${randomUUID()}`,
    connected: () => connected,
    deliver(type, payload, { retryAttempt = 0 } = {}) {
      if (!client) throw new Error('no app is connected');
      const envelopeId = randomUUID();
      const acked = new Promise<Record<string, unknown>>((resolve) => acks.set(envelopeId, resolve));
      const events = type === 'events_api' ? { retry_attempt: retryAttempt, retry_reason: retryAttempt > 0 ? 'timeout' : '' } : {};
      client.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', ...events }));
      return acked;
    },
    async close() {
      for (const socket of server.clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
