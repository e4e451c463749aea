/**
 * The OpenAPI 3.1 document of Baton's agent, admin and order-events APIs, built from the operation
 * tables and the very zod schemas the routes validate with (`z.toJSONSchema`, JSON Schema 2020-12,
 * which OpenAPI 3.1 speaks). Request schemas describe what a client sends (zod's input side), response
 * schemas what Baton answers (the output side). docs/openapi.md says how to regenerate docs/openapi.json.
 */
import { z } from 'zod';
import { agentProfileSchema, mediaViewSchema, streamFrameSchema, ticketSummarySchema, transcriptLineSchema } from '../../desks/console/desk-schemas.js';
import { adminOperations } from './admin-operations.js';
import { agentOperations } from './agent-operations.js';
import { type Access, type ApiOperation, errorEnvelope, type NamedSchema } from './api-operation.js';
import { orderOperations } from './order-operations.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../order-care/signature.js';

/** Every documented operation. */
export const apiOperations: readonly ApiOperation[] = [...agentOperations, ...adminOperations, ...orderOperations];

type JsonObject = Record<string, unknown>;
const REF = '#/components/schemas/';

/** Views referenced from several answers: one component each instead of a copy per answer. */
const sharedResponseSchemas: readonly NamedSchema[] = [
  { name: 'TicketSummary', schema: ticketSummarySchema },
  { name: 'TranscriptLine', schema: transcriptLineSchema },
  { name: 'MediaView', schema: mediaViewSchema },
  { name: 'AgentProfile', schema: agentProfileSchema },
];

/** Express's `:name` parameters as OpenAPI's `{name}`. */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

/** Converts named schemas to components, one registry per side so shared schemas become `$ref`s. */
function components(named: readonly NamedSchema[], io: 'input' | 'output'): Record<string, JsonObject> {
  const registry = z.registry<{ id: string }>();
  const seen = new Map<z.ZodType, string>();
  for (const { name, schema } of named) {
    const known = seen.get(schema);
    if (known !== undefined && known !== name) throw new Error(`One schema named twice in the API docs: ${known} and ${name}.`);
    if (known === undefined) registry.add(schema, { id: name });
    seen.set(schema, name);
  }
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, unrepresentable: 'any', uri: (id) => `${REF}${id}` });
  const out: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _draft, $id: _id, ...rest } = schema as JsonObject;
    out[id] = rest;
  }
  return out;
}

const SECURITY: Record<Exclude<Access, 'public'>, JsonObject[]> = {
  agentToken: [{ agentToken: [] }],
  adminToken: [{ adminToken: [] }],
  agentOrAdminToken: [{ agentToken: [] }, { adminToken: [] }],
  orderSignature: [{ orderSignature: [], orderTimestamp: [] }],
};

/** `in: path|query` parameters from a z.object's converted schema. */
function parameters(where: 'path' | 'query', schema: JsonObject | undefined): JsonObject[] {
  if (!schema) return [];
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: property }));
}

const jsonContent = (schema: NamedSchema) => ({ 'application/json': { schema: { $ref: `${REF}${schema.name}` } } });

function operationObject(operation: ApiOperation, requests: Record<string, JsonObject>): JsonObject {
  const body = operation.body;
  const responses: JsonObject = {};
  for (const [status, answer] of Object.entries(operation.responses)) {
    responses[status] = {
      description: answer.description,
      ...(answer.body ? { content: jsonContent(answer.body) } : answer.contentType ? { content: { [answer.contentType]: {} } } : {}),
      ...(answer.headers
        ? { headers: Object.fromEntries(Object.entries(answer.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
        : {}),
    };
  }
  for (const [status, description] of Object.entries(operation.errors)) responses[status] = { description, content: jsonContent(errorEnvelope) };
  // Any route may also answer these, from the server's own handlers (bots/http-server.ts).
  responses.default = {
    description: 'another refusal with the same envelope: 503 unavailable (a store is out of reach) or shutting_down (retry on another instance), 500 internal',
    content: jsonContent(errorEnvelope),
  };
  return {
    operationId: `${operation.method}${openApiPath(operation.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    tags: [operation.tag],
    summary: operation.summary,
    security: operation.access === 'public' ? [] : SECURITY[operation.access],
    parameters: [
      ...parameters('path', operation.params ? requests[operation.params.name] : undefined),
      ...parameters('query', operation.query ? requests[operation.query.name] : undefined),
      ...Object.entries(operation.headers ?? {}).map(([name, header]) => ({ name, in: 'header', ...header, schema: { type: 'string' } })),
    ],
    ...(body
      ? {
          requestBody: {
            required: true,
            content: 'raw' in body ? { [body.raw]: { schema: { type: 'string', contentMediaType: body.raw } } } : jsonContent(body),
            ...('raw' in body ? { description: body.description } : {}),
          },
        }
      : {}),
    responses,
  };
}

/** Builds the document; `operations` defaults to every documented one. */
export function buildOpenApiDocument(operations: readonly ApiOperation[] = apiOperations): JsonObject {
  const requestSchemas = operations.flatMap((op) =>
    [op.params, op.query, op.body && !('raw' in op.body) ? op.body : undefined].filter((s): s is NamedSchema => !!s),
  );
  const responseSchemas = [
    errorEnvelope,
    ...sharedResponseSchemas,
    ...operations.flatMap((op) => Object.values(op.responses).flatMap((r) => (r.body ? [r.body] : []))),
  ];
  const requests = components(requestSchemas, 'input');
  const responses = components(responseSchemas, 'output');
  const clash = Object.keys(requests).find((name) => name in responses);
  if (clash) throw new Error(`Schema name ${clash} is used for a request and an answer; give them distinct names.`);

  const paths: Record<string, JsonObject> = {};
  for (const operation of operations) {
    const path = openApiPath(operation.path);
    paths[path] = { ...paths[path], [operation.method]: operationObject(operation, requests) };
  }
  // Path and query parameters are inlined in each operation; only bodies and answers stay components.
  const parameterNames = new Set(operations.flatMap((op) => [op.params?.name, op.query?.name]));
  const bodies = Object.fromEntries(Object.entries(requests).filter(([name]) => !parameterNames.has(name)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Baton APIs',
      version: '1',
      description:
        'The agent API (desks and the console), the admin API, and the order-events API of a Baton instance. Every refusal answers { "error": { "code", "message" } }. The agent stream (WebSocket /api/agent/stream) is described in docs/agent-stream-events.schema.json.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(operations.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...bodies, ...responses },
      securitySchemes: {
        agentToken: { type: 'http', scheme: 'bearer', description: "An agent's token (AGENTS setting)." },
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN; the dashboard routes also take the token the demo prints at start.' },
        orderSignature: {
          type: 'apiKey',
          in: 'header',
          name: SIGNATURE_HEADER,
          description: 'v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>"> with ORDER_EVENTS_SECRET (docs/order-events.md).',
        },
        orderTimestamp: { type: 'apiKey', in: 'header', name: TIMESTAMP_HEADER, description: 'The Unix time the signature covers, within the replay window.' },
      },
    },
  };
}

/** The agent stream's frames as a JSON Schema document (docs/agent-stream-events.schema.json). */
export function buildStreamEventsSchema(): JsonObject {
  return {
    ...(z.toJSONSchema(streamFrameSchema, { target: 'draft-2020-12', io: 'output' }) as JsonObject),
    description: 'Frames the agent stream (WebSocket <basePath>/api/agent/stream?token=<agent token>) sends: {type:"hello"} first, then desk events.',
  };
}
