/**
 * Fuzzing the doors agents, admins, Slack and monitoring use: the agent API and its practice API, the admin API, Slack's
 * events, interactions and slash commands (validly signed, so the payloads reach the desk, and forged),
 * the dashboard's API, the radar's admin API, the learning loop's review API and /metrics. Every answer must be a 2xx or a 4xx with a JSON error, never a 5xx,
 * and the process must keep serving.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, AGENTS, SLACK_ADA, SLACK_QUEUE, SLACK_SIGNING_SECRET, startFakes, startFullApp, type Fakes, type FullApp } from '../support/full-app.js';
import { fuzzEndpoint, jsonHeaders, malformedBody, mutated, send, type FuzzRequest } from '../support/fuzz.js';
import { ACTION } from '../../desks/slack/desk-context.js';
import { blockActions, eventCallback, slackSignature, slashCommand, threadMessage } from '../support/slack-requests.js';
import { startCustomer } from '../support/directline-customer.js';

const RUNS = 150;
const encoded = fc
  .oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('..', 'a'.repeat(300), '%', ''))
  .map(encodeURIComponent);
const json = (value: unknown) => JSON.stringify(value) ?? 'null';

describe('fuzzing the agent, admin, Slack and monitoring endpoints', () => {
  let fakes: Fakes;
  let app: FullApp;

  beforeAll(async () => {
    fakes = await startFakes();
    app = await startFullApp(fakes);
  });

  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  it('agent API: any method, path, token and body is answered without a 5xx', async () => {
    const ticketPath = fc
      .tuple(fc.oneof(fc.uuid(), encoded), fc.constantFrom('', '/claim', '/reply', '/note', '/transfer', '/return', '/resolve', '/x'))
      .map(([id, action]) => `/api/agent/tickets/${id}${action}`);
    const path = fc.oneof(
      ticketPath,
      fc.constantFrom('/api/agent/me', '/api/agent/me/presence', '/api/agent/queue', '/api/agent/claim-next', '/api/agent/canned'),
      encoded.map((query) => `/api/agent/canned?locale=${query}`),
      encoded.map((rest) => `/api/agent/${rest}`),
    );
    const body = fc.oneof(
      fc
        .oneof(mutated({ text: 'Hello, I am on it.' }), mutated({ presence: 'available' }), mutated({ toSkill: 'billing' }), mutated({ toAgentId: 'ben' }))
        .map(json),
      malformedBody,
    );
    const token = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(AGENTS[0].token, AGENTS[1].token) }, { weight: 1, arbitrary: encoded });
    const request = fc
      .record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), path, body, token })
      .map(({ method, path: url, body: text, token: bearer }): FuzzRequest => ({ method, path: url, body: text, headers: jsonHeaders(bearer) }));
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
  });

  it('practice API: any method, path, token and body is answered without a 5xx', async () => {
    const sessionPath = fc
      .tuple(fc.oneof(fc.uuid(), encoded), fc.constantFrom('', '/replies', '/end', '/x'))
      .map(([id, action]) => `/api/agent/practice/sessions/${id}${action}`);
    const path = fc.oneof(
      sessionPath,
      fc.constantFrom('/api/agent/practice/me', '/api/agent/practice/scripts', '/api/agent/practice/sessions', '/api/agent/practice/library'),
      encoded.map((id) => `/api/agent/practice/library/${id}`),
      fc.tuple(encoded, encoded).map(([agentId, limit]) => `/api/agent/practice/results?agentId=${agentId}&limit=${limit}`),
      encoded.map((rest) => `/api/agent/practice/${rest}`),
    );
    const body = fc.oneof(
      fc.oneof(mutated({ text: 'I am sorry for the wait.' }), mutated({ scriptId: 'abc' }), mutated({ ticketId: 't1' })).map(json),
      malformedBody,
    );
    const token = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(AGENTS[0].token, AGENTS[1].token, ADMIN_TOKEN) }, { weight: 1, arbitrary: encoded });
    const request = fc
      .record({ method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'), path, body, token })
      .map(({ method, path: url, body: text, token: bearer }): FuzzRequest => ({ method, path: url, body: text, headers: jsonHeaders(bearer) }));
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
  });

  it('admin API: erase requests with hostile ids and tokens are answered without a 5xx', async () => {
    const request = fc
      .record({
        method: fc.constantFrom('DELETE', 'GET', 'POST'),
        path: fc.oneof(
          encoded.map((id) => `/api/admin/conversations/${id}`),
          encoded.map((rest) => `/api/admin/${rest}`),
        ),
        token: fc.oneof(fc.constant(ADMIN_TOKEN), encoded, fc.constant(`${ADMIN_TOKEN} extra`)),
        body: malformedBody,
      })
      .map(({ method, path, token, body }): FuzzRequest => ({ method, path, body, headers: jsonHeaders(token) }));
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
  });

  it('Slack: signed and forged events, clicks and slash commands are answered without a 5xx', async () => {
    const now = () => Math.floor(Date.now() / 1000);
    const event = fc
      .oneof(
        mutated(eventCallback(threadMessage({ user: SLACK_ADA, channel: SLACK_QUEUE, threadTs: '1800000001.000100', text: 'on it' }))),
        mutated({ type: 'url_verification', challenge: 'c-1', token: 'legacy' }),
        mutated(eventCallback({ type: 'app_mention', user: SLACK_ADA, text: '<@U0BATONBOT> hi', channel: SLACK_QUEUE })),
      )
      .map((value) => ({ body: json(value), contentType: 'application/json' }));
    // The desk's own buttons and menu, so the payloads reach its listeners.
    const click = fc
      .constantFrom(...Object.values(ACTION))
      .chain((actionId) =>
        mutated(
          blockActions({
            user: SLACK_ADA,
            channel: SLACK_QUEUE,
            messageTs: '1800000001.000100',
            action: { action_id: actionId, value: 'ticket-1', type: 'button', selected_option: { value: 'skill:billing' } },
          }),
        ),
      )
      .map((value) => ({ body: new URLSearchParams({ payload: json(value) }).toString(), contentType: 'application/x-www-form-urlencoded' }));
    const command = mutated(slashCommand({ user: SLACK_ADA, channel: SLACK_QUEUE, text: 'queue', responseUrl: `${fakes.slack.responseUrl('fuzz')}` })).map(
      (value) => ({
        body: new URLSearchParams(
          Object.entries(typeof value === 'object' && value ? value : {}).map(([k, v]) => [k, typeof v === 'string' ? v : json(v)]),
        ).toString(),
        contentType: 'application/x-www-form-urlencoded',
      }),
    );
    const garbage = malformedBody.map((body) => ({ body, contentType: 'application/json' }));
    const signing = fc.oneof(
      { weight: 5, arbitrary: fc.constant('valid' as const) },
      { weight: 1, arbitrary: fc.constantFrom('forged' as const, 'stale' as const, 'missing' as const) },
    );
    const request = fc
      .tuple(fc.oneof(event, click, command, garbage), signing, fc.option(fc.nat(9)))
      .map(([{ body, contentType }, sign, retry]): FuzzRequest => {
        const timestamp = sign === 'stale' ? now() - 3600 : now();
        const signature = slackSignature(sign === 'forged' ? 'not-the-secret-0000000000000000' : SLACK_SIGNING_SECRET, timestamp, body);
        const headers: Record<string, string> = {
          'content-type': contentType,
          ...(sign === 'missing' ? {} : { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature }),
          ...(retry === null ? {} : { 'x-slack-retry-num': String(retry) }),
        };
        return { method: 'POST', path: '/slack/events', body, headers };
      });
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
    await app.assistant.slack!.idle();
  });

  it('learning review API: hostile group ids, bodies and tokens are answered without a 5xx', async () => {
    // One real group, so some requests name a group that exists.
    await (await startCustomer(app.baseUrl)).say('Do you sell unicorn saddles?');
    await app.assistant.misses.capture.settled();
    const listing = await send(app.baseUrl, { method: 'GET', path: '/learning/api/groups?days=7', headers: jsonHeaders(ADMIN_TOKEN) });
    const real = (JSON.parse(listing.text) as { groups: { id: string; memberIds: string[] }[] }).groups[0]!;
    const groupId = fc.oneof(fc.constant(real.id), encoded);
    const path = fc.oneof(
      fc.tuple(groupId, fc.constantFrom('phrasings', 'new-intent', 'dismiss', 'x')).map(([id, action]) => `/learning/api/groups/${id}/${action}`),
      encoded.map((days) => `/learning/api/groups?days=${days}`),
      fc.constantFrom('/learning/api/groups?days=1&days=7', '/learning/api/groups?days[a]=7', '/learning/api/intents', '/learning/api/accepted'),
      encoded.map((id) => `/learning/api/accepted/${id}`),
      encoded.map((rest) => `/learning/api/${rest}`),
    );
    const body = fc.oneof(
      fc
        .oneof(
          mutated({ days: 7, missIds: real.memberIds, intent: 'delivery_options' }),
          mutated({ days: 7, missIds: real.memberIds, intent: 'unicorn_saddles', answers: { en: 'We do not sell them.' } }),
          mutated({ days: 30 }),
        )
        .map(json),
      malformedBody,
    );
    const token = fc.oneof({ weight: 4, arbitrary: fc.constant(ADMIN_TOKEN) }, { weight: 1, arbitrary: encoded });
    const request = fc
      .record({ method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'), path, body, token })
      .map(({ method, path: url, body: text, token: bearer }): FuzzRequest => ({ method, path: url, body: text, headers: jsonHeaders(bearer) }));
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
  });

  it('radar admin API: hostile incident ids, intents, bodies and tokens are answered without a 5xx', async () => {
    const incidentId = fc.oneof(fc.constant('inc-abc123-0000abcd'), encoded);
    const intent = fc.oneof(fc.constantFrom('track_order', 'get_refund'), encoded);
    const path = fc.oneof(
      fc.tuple(incidentId, fc.constantFrom('acknowledge', 'resolve', 'x', '')).map(([id, action]) => `/api/admin/radar/incidents/${id}/${action}`),
      intent.map((name) => `/api/admin/radar/banners/${name}`),
      intent.map((name) => `/api/admin/radar/banners/${name}/withdraw`),
      fc.constantFrom('/dashboard/api/radar', '/dashboard/api/radar?x[a]=1'),
      encoded.map((rest) => `/api/admin/radar/${rest}`),
    );
    const body = fc.oneof(
      fc
        .oneof(
          mutated({ by: 'Mia', texts: { en: 'Our courier is two days late.', zh: '快递延误两天。' } }),
          mutated({ by: 'Mia', texts: { en: 'Late.' }, incidentId: 'inc-abc123-0000abcd' }),
          mutated({ by: 'Mia', note: 'courier caught up' }),
        )
        .map(json),
      malformedBody,
    );
    const token = fc.oneof({ weight: 4, arbitrary: fc.constant(ADMIN_TOKEN) }, { weight: 1, arbitrary: encoded });
    const request = fc
      .record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), path, body, token })
      .map(({ method, path: url, body: text, token: bearer }): FuzzRequest => ({ method, path: url, body: text, headers: jsonHeaders(bearer) }));
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
  });

  it('dashboard API and /metrics: hostile queries and tokens are answered without a 5xx', async () => {
    const token = fc.oneof(fc.constant(ADMIN_TOKEN), encoded, fc.constant(undefined));
    const path = fc.oneof(
      encoded.map((minutes) => `/dashboard/api/summary?minutes=${minutes}`),
      encoded.map((minutes) => `/dashboard/api/scorecard?minutes=${minutes}`),
      fc.constantFrom(
        '/dashboard/api/summary?minutes=1&minutes=2',
        '/dashboard/api/summary?minutes[a]=1',
        '/dashboard/api/summary?minutes=1e3',
        '/dashboard/api/scorecard?minutes=1&minutes=2',
        '/dashboard/api/scorecard?minutes[a]=1',
        '/metrics?name[]=x',
      ),
      encoded.map((rest) => `/dashboard/api/${rest}`),
      encoded.map((rest) => `/metrics?${rest}=${rest}`),
    );
    const request = fc
      .record({ method: fc.constantFrom('GET', 'GET', 'POST', 'DELETE'), path, token })
      .map(({ method, path: url, token: bearer }): FuzzRequest => ({ method, path: url, headers: jsonHeaders(bearer) }));
    await fuzzEndpoint(app.baseUrl, request, { runs: RUNS });
    const metrics = await send(app.baseUrl, { method: 'GET', path: '/metrics', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(metrics.status).toBe(200);
  });
});
