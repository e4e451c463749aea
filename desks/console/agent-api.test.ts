/**
 * The agent HTTP API through its front door: a real express app on a real port over the in-memory
 * desk double, called with fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from './test-support/start-console.js';

let running: RunningConsole;
beforeAll(async () => (running = await startConsole()));
afterAll(async () => running?.stop());

/** Calls the agent API as `token` (none when undefined) and returns status and parsed body. */
async function call(method: string, path: string, { token = 'token-ada', body, raw }: { token?: string | null; body?: unknown; raw?: string } = {}) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${running.baseUrl}/api/agent${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  return { status: res.status, body: (await res.json()) as any }; // any: the assertions read arbitrary fields of the JSON answers
}

describe('console desk HTTP API', () => {
  it('answers 401 with a JSON error without a token or with a wrong one', async () => {
    const missing = await call('GET', '/queue', { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('unauthorized');
    expect(missing.body.error.message).toMatch(/Bearer/);
    const wrong = await call('GET', '/queue', { token: 'not-a-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
  });

  it('shows the agent and changes presence', async () => {
    expect((await call('GET', '/me')).body).toMatchObject({ id: 'ada', name: 'Ada' });
    const away = await call('PUT', '/me/presence', { body: { presence: 'away' } });
    expect(away).toMatchObject({ status: 200, body: { presence: 'away' } });
    const bad = await call('PUT', '/me/presence', { body: { presence: 'asleep' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/available/);
    await call('PUT', '/me/presence', { body: { presence: 'available' } });
  });

  it('lists the queue best first', async () => {
    const { status, body } = await call('GET', '/queue');
    expect(status).toBe(200);
    expect(body.queued.map((t: { id: string }) => t.id)).toEqual(['t1', 't2']);
    expect(body.mine).toEqual([]);
  });

  it('claims once: 200, then 409 already_claimed for the other agent', async () => {
    const first = await call('POST', '/tickets/t1/claim');
    expect(first.status).toBe(200);
    expect(first.body.ticket).toMatchObject({ id: 't1', state: 'assigned', agentId: 'ada' });
    const second = await call('POST', '/tickets/t1/claim', { token: 'token-ben' });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('already_claimed');
    expect((await call('GET', '/queue')).body.mine.map((t: { id: string }) => t.id)).toEqual(['t1']);
  });

  it('shows ticket details and 404s an unknown ticket', async () => {
    const { status, body } = await call('GET', '/tickets/t1');
    expect(status).toBe(200);
    expect(body.transcript.length).toBeGreaterThan(0);
    expect(body.emotionTrend).toEqual([0.1, -0.2, -0.5]);
    expect((await call('GET', '/tickets/nope')).status).toBe(404);
    expect((await call('POST', '/tickets/nope/claim')).body.error.code).toBe('not_found');
  });

  it('refuses empty, too long, missing and non-string text with 400 and a fix', async () => {
    for (const body of [{ text: '' }, { text: '   ' }, {}, { text: 42 }, 'just a string']) {
      const answer = await call('POST', '/tickets/t1/reply', { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('invalid');
    }
    expect((await call('POST', '/tickets/t1/reply', { body: { text: '' } })).body.error.message).toMatch(/empty/);
    const long = await call('POST', '/tickets/t1/note', { body: { text: 'x'.repeat(4001) } });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/4000/);
  });

  it('answers 400 for malformed JSON, never a 5xx', async () => {
    const bad = await call('POST', '/tickets/t1/reply', { raw: '{"text": "hi"' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/JSON/);
    const transfer = await call('POST', '/tickets/t1/transfer', { body: { toAgentId: 'ben', toSkill: 'billing' } });
    expect(transfer.status).toBe(400);
    expect((await call('GET', '/canned?locale=%3Cscript%3E')).status).toBe(400);
    expect((await call('GET', '/nowhere')).status).toBe(404);
  });

  it('replies, notes and resolves; the desk records the reply; a non-holder gets 409', async () => {
    const reply = await call('POST', '/tickets/t1/reply', { body: { text: '  Hello Chloé  ' } });
    expect(reply.status).toBe(200);
    expect(running.desk.replies).toContainEqual({ ticketId: 't1', agentId: 'ada', text: 'Hello Chloé' });
    expect((await call('POST', '/tickets/t1/note', { body: { text: 'VIP, be quick' } })).status).toBe(200);
    const notHolder = await call('POST', '/tickets/t1/reply', { token: 'token-ben', body: { text: 'hi' } });
    expect(notHolder).toMatchObject({ status: 409, body: { error: { code: 'not_holder' } } });
    const resolved = await call('POST', '/tickets/t1/resolve');
    expect(resolved).toMatchObject({ status: 200, body: { ticket: { state: 'resolved' } } });
    expect((await call('POST', '/tickets/t1/claim')).body.error.code).toBe('not_queued');
  });

  it('takes the next ticket, transfers, returns to the bot, and reports an empty queue', async () => {
    const next = await call('POST', '/claim-next', { token: 'token-ben' });
    expect(next.body.ticket).toMatchObject({ id: 't2', agentId: 'ben' });
    expect((await call('POST', '/tickets/t2/transfer', { token: 'token-ben', body: { toAgentId: 'ada' } })).status).toBe(200);
    expect((await call('POST', '/tickets/t2/return')).body.ticket.state).toBe('returned');
    expect(await call('POST', '/claim-next')).toMatchObject({ status: 404, body: { error: { code: 'empty_queue' } } });
  });

  it('lists canned replies, filtered by locale', async () => {
    expect((await call('GET', '/canned')).body.replies.length).toBe(3);
    expect((await call('GET', '/canned?locale=fr')).body.replies.map((r: { name: string }) => r.name)).toEqual(['bonjour']);
  });
});
