/**
 * TRUST_PROXY decides which client address counts (`req.ip`, what rate limits and logs use): unset, the
 * socket's peer, whatever X-Forwarded-For says; a hop count or a list of proxies, the address they name.
 */
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../bots/http-server.js';
import { loadConfig } from '../../infra/config.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close({ graceMs: 100 });
  server = undefined;
});

/** Starts the HTTP server with TRUST_PROXY=`setting` and a route that answers `req.ip`. */
async function ipSeen(setting: string | undefined, forwardedFor?: string): Promise<string> {
  const router = express.Router().get('/ip', (req, res) => {
    res.json({ ip: req.ip });
  });
  server = createHttpServer({ channels: [], routers: [router], trustProxy: loadConfig({ TRUST_PROXY: setting }).TRUST_PROXY });
  const port = await server.listen(0, '127.0.0.1');
  const response = await fetch(`http://127.0.0.1:${port}/ip`, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
  const { ip } = (await response.json()) as { ip: string };
  await server.close({ graceMs: 100 });
  server = undefined;
  return ip.replace(/^::ffff:/, '');
}

describe('TRUST_PROXY', () => {
  it('unset: X-Forwarded-For does not change the client address', async () => {
    expect(await ipSeen(undefined, '203.0.113.9')).toBe('127.0.0.1');
    expect(await ipSeen('0', '203.0.113.9')).toBe('127.0.0.1');
    expect(await ipSeen('false', '203.0.113.9')).toBe('127.0.0.1');
  });

  it('a hop count: the address the last trusted proxy saw counts, not what the client wrote first', async () => {
    expect(await ipSeen('1', '198.51.100.7, 203.0.113.9')).toBe('203.0.113.9');
    expect(await ipSeen('2', '198.51.100.7, 203.0.113.9')).toBe('198.51.100.7');
    expect(await ipSeen('1')).toBe('127.0.0.1');
  });

  it('a list of proxies: hops through them are skipped, the first untrusted address counts', async () => {
    expect(await ipSeen('loopback', '198.51.100.7, 203.0.113.9')).toBe('203.0.113.9');
    expect(await ipSeen('loopback, 203.0.113.0/24', '198.51.100.7, 203.0.113.9')).toBe('198.51.100.7');
    // The peer (127.0.0.1) is not in the list: nothing it forwards is believed.
    expect(await ipSeen('10.0.0.0/8', '198.51.100.7')).toBe('127.0.0.1');
  });

  it('refuses what is neither a hop count nor addresses, saying what to write', () => {
    for (const bad of ['true', 'yes', '10.0.0.0/33', '10.0.0.1/8/2', 'proxy.local', '-1', '1.5', 'loopback,,']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY must be a hop count .* or unset/);
    }
    expect(loadConfig({ TRUST_PROXY: ' uniquelocal, ::1, fd00::/8 ' }).TRUST_PROXY).toEqual(['uniquelocal', '::1', 'fd00::/8']);
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
  });
});
