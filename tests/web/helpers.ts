/**
 * Shared fixtures for the web channel tests: log backends (memory and real Redis with a unique key
 * prefix, cleaned up after), an echo bot, a real express server on an ephemeral port, and a
 * WebSocket reader with bounded waits that fail with a clear message.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActivityTypes, type TurnContext } from 'botbuilder-core';
import express from 'express';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import type { TurnPipeline } from '../../adapters/channel.js';
import { createMemoryDedupeStore, createRedisDedupeStore, type DedupeStore } from '../../infra/dedupe-store.js';
import {
  createMemoryActivityLog,
  createRedisActivityLog,
  createWebChannel,
  type ActivityLog,
  type ActivitySet,
  type WebChannel,
  type WebChannelOptions,
} from '../../adapters/web/index.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A log backend under test; `make` may be called several times to simulate several instances. */
export interface Backend {
  name: 'memory' | 'redis';
  makeLog(): ActivityLog;
  makeDedupe(): DedupeStore;
  cleanup(): Promise<void>;
}

/** Memory and Redis backends; Redis ones share one unique key prefix per call. */
export function createBackend(name: 'memory' | 'redis'): Backend {
  if (name === 'memory') {
    const log = createMemoryActivityLog();
    const dedupe = createMemoryDedupeStore();
    return { name, makeLog: () => log, makeDedupe: () => dedupe, cleanup: () => log.close() };
  }
  const keyPrefix = `baton-test:${randomBytes(6).toString('hex')}:`;
  const connections: Redis[] = [];
  const logs: ActivityLog[] = [];
  const connect = () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: false });
    connections.push(redis);
    return redis;
  };
  return {
    name,
    makeLog: () => {
      const log = createRedisActivityLog({ redis: connect(), keyPrefix, maxLength: 1000, retentionSeconds: 600 });
      logs.push(log);
      return log;
    },
    makeDedupe: () => createRedisDedupeStore({ redis: connect(), keyPrefix }),
    async cleanup() {
      for (const log of logs) await log.close();
      const redis = connect();
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length) await redis.del(...keys);
      for (const connection of connections) connection.disconnect();
    },
  };
}

/** Records every turn; replies with typing then "echo: <text>"; "boom" throws; "slow" takes 300 ms. */
export function echoPipeline(): TurnPipeline & { turns: string[]; started: string[] } {
  const turns: string[] = [];
  const started: string[] = [];
  return {
    turns,
    started,
    middleware: [],
    async logic(context: TurnContext) {
      if (context.activity.type === ActivityTypes.ConversationUpdate) started.push(context.activity.conversation.id);
      if (context.activity.type !== ActivityTypes.Message) return;
      const text = context.activity.text ?? '';
      turns.push(text);
      if (text === 'boom') throw new Error('the bot broke');
      if (text === 'slow') await new Promise((resolve) => setTimeout(resolve, 300));
      await context.sendActivity({ type: ActivityTypes.Typing });
      await context.sendActivity(`echo: ${text}`);
    },
  };
}

/** A running express server with the web channel mounted. */
export interface TestServer {
  base: string;
  port: number;
  channel: WebChannel;
  pipeline: ReturnType<typeof echoPipeline>;
  close(): Promise<void>;
}

/** Starts express with the channel on 127.0.0.1:<ephemeral>. */
export async function startServer(options: Partial<WebChannelOptions> & { activityLog: ActivityLog }): Promise<TestServer> {
  const pipeline = echoPipeline();
  const channel = createWebChannel({ pipeline, tokenSecret: 'test-token-key', ...options });
  const app = express();
  app.use(channel.mountPath!, channel.router!);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  await channel.start({ server });
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}/v3/directline`,
    port,
    channel,
    pipeline,
    async close() {
      await channel.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A JSON call; returns status and parsed body. */
export async function call(url: string, init: { method?: string; token?: string; body?: unknown; rawBody?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(url, {
    method: init.method ?? (init.body !== undefined || init.rawBody !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  const body = (text ? JSON.parse(text) : undefined) as any;
  return { status: response.status, body };
}

/** Polls `check` until it returns a value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An open stream socket that keeps every frame it receives. */
export interface StreamReader {
  frames: ActivitySet[];
  heartbeats: number;
  texts(): string[];
  close(): void;
}

/** Opens a Direct Line stream URL and resolves once the socket is open (rejects on refusal). */
export async function openStream(url: string): Promise<StreamReader> {
  const socket = new WebSocket(url);
  const reader: StreamReader = {
    frames: [],
    heartbeats: 0,
    texts: () => reader.frames.flatMap((frame) => frame.activities.filter((a) => a.type === 'message').map((a) => a.text ?? '')),
    close: () => socket.close(),
  };
  socket.on('message', (data) => {
    const text = data.toString();
    if (text === '') reader.heartbeats++;
    else reader.frames.push(JSON.parse(text) as ActivitySet);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`stream refused with HTTP ${res.statusCode}`)));
  });
  return reader;
}
