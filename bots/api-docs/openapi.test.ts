/**
 * The OpenAPI document and the agent stream's schema against the running shop bot (memory stores):
 * the served document is valid OpenAPI 3.1, documents exactly the routes the app registers, matches
 * docs/, and real requests and answers agree with its schemas; real stream frames match their schema.
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../infra/config.js';
import { startCustomer } from '../../tests/support/directline-customer.js';
import { signOrderEvent } from '../order-care/signature.js';
import { createShopAssistant, type ShopAssistant } from '../shop-assistant/app.js';
import { buildOpenApiDocument, openApiPath } from './openapi-document.js';
import { generatedDocs } from './write-docs.js';

const ADA = 'ada-token-0123456789abcdef';
const ADMIN = 'admin-token-0123456789abcdef';
const SECRET = 'order-secret-0123456789abcdef-0123456789';
/** Where the documented APIs live; other routes (channels, pages, /metrics) are not part of the document. */
const DOCUMENTED = /^\/(api\/(agent|admin|orders|openapi\.json)|learning\/api|dashboard\/api)(\/|$)/;

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: unknown };

/** Every `METHOD /path` the express app registers, nested routers included, paths in OpenAPI form. */
function registeredRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${openApiPath(prefix + layer.route!.path)}`);
    const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return layer.handle?.stack ? registeredRoutes(layer.handle.stack, prefix + mount) : [];
  });
}

let assistant: ShopAssistant;
let baseUrl: string;
let served: Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

/** Validates `value` against a schema of the served document's components. */
function conforms(name: string, value: unknown): boolean {
  const validate = ajv.getSchema(`openapi#/components/schemas/${name}`);
  if (!validate) throw new Error(`No schema ${name} in the document.`);
  return validate(value) as boolean;
}

beforeAll(async () => {
  assistant = await createShopAssistant(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ADMIN_TOKEN: ADMIN,
      ORDER_EVENTS_SECRET: SECRET,
      AGENTS: JSON.stringify([{ id: 'ada', name: 'Ada', token: ADA, languages: ['en', 'zh'] }]),
    }),
  );
  baseUrl = `http://127.0.0.1:${await assistant.start()}`;
  const response = await fetch(`${baseUrl}/api/openapi.json`);
  expect(response.status).toBe(200);
  served = (await response.json()) as Record<string, unknown>;
  ajv.addSchema({ $id: 'openapi', components: served.components }, 'openapi');
});
afterAll(async () => assistant?.stop());

describe('the OpenAPI document', () => {
  it('is served without a token and is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(structuredClone(served));
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(served.openapi).toBe('3.1.0');
  });

  it('documents every route the app registers under the APIs, and nothing it does not', () => {
    const app = assistant.http.app as unknown as { router: { stack: Layer[] } };
    const registered = new Set(registeredRoutes(app.router.stack).filter((route) => DOCUMENTED.test(route.split(' ')[1] ?? '')));
    const paths = served.paths as Record<string, Record<string, unknown>>;
    const documented = new Set(Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)));
    expect(
      [...registered].filter((route) => !documented.has(route)),
      'registered but not documented',
    ).toEqual([]);
    expect(
      [...documented].filter((route) => !registered.has(route)),
      'documented but not registered',
    ).toEqual([]);
    expect(registered.size).toBeGreaterThan(40);
  });

  it('is the same as docs/openapi.json and docs/agent-stream-events.schema.json (run npm run openapi)', () => {
    expect(served).toEqual(buildOpenApiDocument());
    for (const { path, content } of generatedDocs()) expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run openapi`).toBe(content);
  });
});

describe('real requests against the document', () => {
  const agent = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}/api/agent${path}`, {
      method,
      headers: { authorization: `Bearer ${ADA}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('a valid presence body is valid per the document and accepted; an invalid one is refused by both', async () => {
    const good = { presence: 'away' };
    expect(conforms('PresenceBody', good)).toBe(true);
    const accepted = await agent('PUT', '/me/presence', good);
    expect(accepted.status).toBe(200);
    expect(conforms('AgentProfile', await accepted.json()), JSON.stringify(ajv.errors)).toBe(true);

    const bad = { presence: 'sleeping' };
    expect(conforms('PresenceBody', bad)).toBe(false);
    const refused = await agent('PUT', '/me/presence', bad);
    expect(refused.status).toBe(400);
    expect(conforms('Error', await refused.json())).toBe(true);
    await agent('PUT', '/me/presence', { presence: 'available' });
  });

  it('a transfer naming both an agent and a skill is refused by both', async () => {
    const bad = { toAgentId: 'bob', toSkill: 'billing' };
    expect(conforms('TransferBody', bad)).toBe(false);
    expect(conforms('TransferBody', { toSkill: 'billing' })).toBe(true);
    const refused = await agent('POST', '/tickets/t-1/transfer', bad);
    expect(refused.status).toBe(400);
    expect(conforms('Error', await refused.json())).toBe(true);
  });

  it('the queue, a ticket and a claim answer as documented', async () => {
    const customer = await startCustomer(baseUrl);
    await customer.say('This is ridiculous!! I want to talk to a real person NOW');
    const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
    expect(ticket).toBeDefined();
    const queue = await agent('GET', '/queue');
    expect(conforms('AgentQueue', await queue.json()), JSON.stringify(ajv.errors)).toBe(true);
    const details = await agent('GET', `/tickets/${ticket!.id}`);
    expect(conforms('TicketDetails', await details.json()), JSON.stringify(ajv.errors)).toBe(true);
    const claim = await agent('POST', `/tickets/${ticket!.id}/claim`);
    expect(claim.status).toBe(200);
    expect(conforms('ActionResult', await claim.json()), JSON.stringify(ajv.errors)).toBe(true);
    await agent('POST', `/tickets/${ticket!.id}/resolve`);
  });

  it('signed order events: a valid event is valid per the document and accepted; a bad kind is refused by both', async () => {
    const send = (body: unknown) => {
      const raw = JSON.stringify(body);
      const timestamp = Math.floor(Date.now() / 1000);
      return fetch(`${baseUrl}/api/orders/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-baton-timestamp': String(timestamp), 'x-baton-signature': signOrderEvent(SECRET, timestamp, raw) },
        body: raw,
      });
    };
    const good = { id: `evt-${Date.now()}`, kind: 'shipped', orderNumber: 'A1001', carrier: 'DHL', eta: '2026-12-24' };
    expect(conforms('OrderEvent', good)).toBe(true);
    const accepted = await send(good);
    expect(accepted.status).toBe(202);
    expect(conforms('OrderEventAccepted', await accepted.json()), JSON.stringify(ajv.errors)).toBe(true);

    const bad = { ...good, id: `evt-bad-${Date.now()}`, kind: 'teleported' };
    expect(conforms('OrderEvent', bad)).toBe(false);
    const refused = await send(bad);
    expect(refused.status).toBe(400);
    expect(conforms('Error', await refused.json())).toBe(true);
  });

  it('admin erase: an id no channel uses is refused by the document and the app; a real erase answers as documented', async () => {
    const paths = served.paths as Record<string, Record<string, { parameters: { name: string; schema: object }[] }>>;
    const parameter = paths['/api/admin/conversations/{conversationId}']?.delete?.parameters.find((p) => p.name === 'conversationId');
    const validate = ajv.compile(parameter!.schema);
    expect(validate('a b')).toBe(false);
    expect(validate('8a3c-directline|0001')).toBe(true);
    const refused = await fetch(`${baseUrl}/api/admin/conversations/a%20b`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
    expect(refused.status).toBe(400);
    expect(conforms('Error', await refused.json())).toBe(true);
    const customer = await startCustomer(baseUrl);
    await customer.say('hello');
    const erased = await fetch(`${baseUrl}/api/admin/conversations/${encodeURIComponent(customer.conversationId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(erased.status).toBe(200);
    expect(conforms('ConversationErased', await erased.json()), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('model versions answer as documented', async () => {
    const models = await fetch(`${baseUrl}/api/admin/learning/models`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(models.status).toBe(200);
    const body = await models.json();
    expect(conforms('ModelVersions', body), JSON.stringify(ajv.errors)).toBe(true);
    expect(conforms('ModelVersions', { ...body, current: 7 })).toBe(false);
  });
});

describe('the agent stream events schema', () => {
  it('accepts every frame the stream really sends during a handoff', async () => {
    const schema = JSON.parse(readFileSync(new URL('../../docs/agent-stream-events.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/agent/stream?token=${ADA}`);
    const frames: { type: string }[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as { type: string }));
    const until = async (type: string) => {
      const deadline = Date.now() + 10_000;
      while (!frames.some((frame) => frame.type === type)) {
        if (Date.now() > deadline) throw new Error(`No '${type}' frame; got ${JSON.stringify(frames.map((f) => f.type))}.`);
        await new Promise((wake) => setTimeout(wake, 20));
      }
    };
    await until('hello');
    const customer = await startCustomer(baseUrl);
    await customer.say('I want to talk to a human agent please');
    const ticket = await assistant.handoff.service.openTicketFor(customer.conversationId);
    await until('queue_changed');
    await agent('POST', `/tickets/${ticket!.id}/claim`);
    await until('ticket_updated');
    await customer.say('Are you there?');
    await until('customer_message');
    await agent('POST', `/tickets/${ticket!.id}/reply`, { text: 'Ada here, looking at it now.' });
    await until('agent_message');
    ws.close();

    const types = new Set(frames.map((frame) => frame.type));
    for (const type of ['hello', 'queue_changed', 'ticket_updated', 'customer_message', 'agent_message']) expect(types).toContain(type);
    for (const frame of frames) expect(validate(frame), `${JSON.stringify(frame)}: ${JSON.stringify(validate.errors)}`).toBe(true);
    // The schema is not a blank check: a frame of an unknown type or a missing field is refused.
    expect(validate({ type: 'made_up' })).toBe(false);
    expect(validate({ type: 'customer_message', ticketId: 't' })).toBe(false);
  });

  const agent = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}/api/agent${path}`, {
      method,
      headers: { authorization: `Bearer ${ADA}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
});
