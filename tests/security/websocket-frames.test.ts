/**
 * Both WebSockets (the Direct Line stream, the agent console's stream) take small frames only: clients
 * send pings and nothing else, so a frame over 64 KiB closes that socket with 1009 (message too big)
 * and everything else goes on serving, in the demo app as `npm start` builds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createShopAssistant, type ShopAssistant } from '../../bots/shop-assistant/app.js';
import { loadConfig } from '../../infra/config.js';

let assistant: ShopAssistant;
let baseUrl: string;
beforeAll(async () => {
  assistant = await createShopAssistant(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }));
  baseUrl = `http://127.0.0.1:${await assistant.start()}`;
});
afterAll(async () => assistant?.stop());

/** Opens `url`, sends `bytes` bytes in one frame once open; resolves the close code and whether a frame came first. */
async function sendFrame(url: string, bytes: number): Promise<{ code: number; opened: boolean }> {
  const ws = new WebSocket(url);
  let opened = false;
  ws.on('open', () => {
    opened = true;
    ws.send(Buffer.alloc(bytes, 0x61));
  });
  ws.on('error', () => undefined);
  const code = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no close from ${url} within 10 s`)), 10_000);
    ws.on('close', (closeCode) => {
      clearTimeout(timer);
      resolve(closeCode);
    });
  });
  return { code, opened };
}

/** Opens `url` and resolves once it is open, closing it again (the endpoint still serves). */
async function opens(url: string): Promise<boolean> {
  const ws = new WebSocket(url);
  return new Promise((resolve) => {
    ws.on('open', () => {
      ws.close();
      resolve(true);
    });
    ws.on('error', () => resolve(false));
  });
}

async function startConversation(): Promise<{ conversationId: string; streamUrl: string; token: string }> {
  const response = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST' });
  expect(response.status).toBe(201);
  return response.json() as Promise<{ conversationId: string; streamUrl: string; token: string }>;
}

describe('WebSocket frames are bounded', () => {
  it('Direct Line stream: a 100 KiB frame closes the socket with 1009; the conversation and new streams go on', async () => {
    const conversation = await startConversation();
    expect(await sendFrame(conversation.streamUrl, 100 * 1024)).toEqual({ code: 1009, opened: true });
    const posted = await fetch(`${baseUrl}/v3/directline/conversations/${conversation.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: 'r_mia' }, text: 'hello' }),
    });
    expect(posted.status).toBe(200);
    expect(await opens(conversation.streamUrl)).toBe(true);
  });

  it('agent stream: a 100 KiB frame closes the socket with 1009; the agent reconnects', async () => {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/agent/stream?token=${encodeURIComponent(assistant.handoff.demoAgentToken!)}`;
    expect(await sendFrame(url, 100 * 1024)).toEqual({ code: 1009, opened: true });
    expect(await opens(url)).toBe(true);
  });

  it('a frame within the bound (a ping, 1 KiB) keeps the socket open', async () => {
    const conversation = await startConversation();
    const ws = new WebSocket(conversation.streamUrl);
    await new Promise((resolve) => ws.on('open', resolve));
    ws.send(Buffer.alloc(1024, 0x61));
    // A heartbeat round trip after the frame: the socket is still open.
    const pong = new Promise((resolve) => ws.once('pong', resolve));
    ws.ping();
    await pong;
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });
});
