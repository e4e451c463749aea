/**
 * Fuzzing HTTP endpoints with fast-check: hostile values (prototype keys, lone surrogates, control
 * characters, injection strings, huge numbers), payloads that are almost valid (a real payload with
 * fields swapped for hostile values, dropped or added), malformed and oversized bodies, deep nesting.
 * `expectRefusedCleanly` is the rule every answer must keep: never a 5xx, and a refusal is a 4xx with
 * a JSON `{ error: { code, message } }`.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

/** One request to send. */
export interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface FuzzAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/**
 * Long digit runs in every written form (spaces, full-width, dots, dashes, unbroken, ids, phones) and
 * other shapes that made a detector super-linear ("1 1 1 …" cost the old card finder cubic time),
 * each a few thousand characters: over every field limit, under every body limit.
 */
export const DIGIT_RUNS = [
  '1 '.repeat(3200),
  '１ '.repeat(2000),
  '4111.'.repeat(1000),
  '12-'.repeat(1500),
  '4'.repeat(6000),
  '4111 1111 1111 1111 '.repeat(200),
  '11010519491231002X '.repeat(200),
  '+1 '.repeat(2000),
  '(1'.repeat(2000),
  'GB82 '.repeat(1000),
  '市'.repeat(3000),
  'a@'.repeat(2000),
  '#1 b '.repeat(1000),
];

/** Strings attackers and broken clients send. */
const NASTY_STRINGS = [
  ...DIGIT_RUNS,
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '\u202e',
  '\r\n\r\n',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '%',
  '${jndi:ldap://127.0.0.1/x}',
  "' OR 1=1 --",
  '{{7*7}}',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e309',
  'null',
  'undefined',
  '[object Object]',
  'A'.repeat(5000),
  '🙂'.repeat(300),
  '\\',
  '"',
  '{"',
  'a|b|c',
  'conv|0000001',
];

/** Any hostile JSON-able value. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -0, -1, 1.5, 2 ** 53 + 1, 1e308, -1e308, [], {}, [[[]]], ...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Object keys that break naive code: prototype pollution, getters, odd characters. */
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', '\u0000', 'a.b', '$where'),
  fc.string({ maxLength: 12 }),
);

/** A JSON object text with hostile keys (written by hand: `{ __proto__: x }` as a literal would set the prototype). */
export const hostileObjectText: fc.Arbitrary<string> = fc
  .array(fc.tuple(hostileKey, hostileValue), { maxLength: 6 })
  .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`);

/**
 * A real payload with each field kept (most often), replaced by a hostile value, or dropped, plus
 * sometimes a hostile extra field; nested objects and arrays are mutated the same way.
 */
export function mutated(template: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(template)) return fc.tuple(...template.map(mutated)).map((items) => items.filter((item) => item !== undefined));
  if (typeof template === 'object' && template !== null) {
    const fields = Object.fromEntries(
      Object.entries(template).map(([key, value]) => [
        key,
        fc.oneof({ weight: 6, arbitrary: mutated(value) }, { weight: 1, arbitrary: fc.constant(undefined) }),
      ]),
    );
    return fc.tuple(fc.record(fields), fc.option(fc.tuple(hostileKey, hostileValue), { freq: 4 })).map(([record, extra]) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
      if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
      return out;
    });
  }
  return fc.oneof({ weight: 4, arbitrary: fc.constant(template) }, { weight: 1, arbitrary: hostileValue });
}

/**
 * `template` with every string leaf (and every number leaf that is not an id the route needs) replaced
 * by a value of `value`: "huge names in every field".
 */
export function everyString(template: unknown, value: fc.Arbitrary<string>, keep: readonly string[] = []): fc.Arbitrary<unknown> {
  const walk = (node: unknown, key: string): fc.Arbitrary<unknown> => {
    if (keep.includes(key)) return fc.constant(node);
    if (typeof node === 'string') return value;
    if (Array.isArray(node)) return fc.tuple(...node.map((item) => walk(item, key)));
    if (typeof node === 'object' && node !== null) return fc.record(Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)])));
    return fc.constant(node);
  };
  return walk(template, '');
}

/** Bodies no JSON endpoint should choke on: broken JSON, huge bodies, nesting deeper than any stack. */
export const malformedBody: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":',
    'null',
    '[]',
    '"just a string"',
    '\u0000\u0001\u0002',
    'payload=%7B%22type',
    `"${'x'.repeat(1_100_000)}"`,
    `${'['.repeat(60_000)}${']'.repeat(60_000)}`,
    `${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}`,
    `{"text":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
    // Valid up front, too deep further in: whatever reaches JSON.stringify or structuredClone later.
    `{"type":"message","text":"hi","update_id":77,"object":"whatsapp_business_account","channelData":${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}}`,
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  hostileObjectText,
);

/** Sends one request and reads the whole answer. */
export async function send(baseUrl: string, request: FuzzRequest): Promise<FuzzAnswer> {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD' ? { body: request.body } : {}),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The rule: no 5xx; a 4xx carries `{ error: { code, message } }` as JSON. */
export function expectRefusedCleanly(request: FuzzRequest, answer: FuzzAnswer): void {
  const shown = `${request.method} ${request.path.slice(0, 200)} ${String(request.body ?? '').slice(0, 200)} -> ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, shown).toBeLessThan(500);
  if (answer.status < 400) return;
  expect(answer.contentType, shown).toMatch(/application\/json/);
  const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, shown).toBe('string');
  expect(typeof body.error?.message, shown).toBe('string');
}

/** Shows a request in a failure report cut short: a 1 MB counterexample helps nobody. */
function shortened(request: FuzzRequest): FuzzRequest {
  const text = `${request.method} ${request.path.slice(0, 300)} ${JSON.stringify(request.headers ?? {}).slice(0, 300)} ${String(request.body ?? '').slice(0, 500)}`;
  return Object.assign({ ...request }, { [fc.toStringMethod]: () => text });
}

/**
 * fast-check's run settings: `runs` per property (FUZZ_RUNS multiplies them for a longer hunt) and a
 * random seed each time, so CI keeps exploring; a failure prints its seed, and FUZZ_SEED replays it.
 */
export function fuzzSettings(runs: number): { numRuns: number; seed?: number; endOnFailure: true } {
  const factor = Number(process.env.FUZZ_RUNS_FACTOR ?? 1);
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  return { numRuns: Math.max(1, Math.round(runs * (Number.isFinite(factor) ? factor : 1))), ...(seed === undefined ? {} : { seed }), endOnFailure: true };
}

/** Runs `runs` requests from `requests` against `baseUrl`, each checked; then the server must still answer /healthz. */
export async function fuzzEndpoint(baseUrl: string, requests: fc.Arbitrary<FuzzRequest>, { runs = 150 }: { runs?: number } = {}): Promise<void> {
  await fc.assert(
    fc.asyncProperty(requests.map(shortened), async (request) => {
      expectRefusedCleanly(request, await send(baseUrl, request));
    }),
    fuzzSettings(runs),
  );
  expect((await send(baseUrl, { method: 'GET', path: '/healthz' })).status).toBe(200);
}

/** JSON headers, optionally with a bearer token. */
export const jsonHeaders = (token?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});
