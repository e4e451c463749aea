/**
 * Masking inside structured values, for log lines and event payloads, and the pino hooks that apply
 * it to every log call. `handoff/` imports no logger: the composition root passes `piiLoggerOptions`
 * to `pino()`.
 */
import { maskText, type MaskOptions, withScanBudget } from './mask-pii.js';

// Deep enough for any log line; a deeper value is a bug elsewhere and is cut rather than walked.
const maxDepth = 12;

/**
 * A copy of `value` with every string masked: strings in arrays, plain objects and Errors (message,
 * stack and own fields, prototype kept so pino still serializes it as an error). Other objects
 * (Date, Buffer, Map, class instances) are returned as they are. Cycles become '[Circular]'.
 * @example maskDeep({ customer: { phone: '13800138000' } }) // { customer: { phone: '*******8000' } }
 */
export function maskDeep<T>(value: T, options?: MaskOptions): T {
  return withScanBudget(() => walk(value, options, new WeakSet(), 0)) as T;
}

function walk(value: unknown, options: MaskOptions | undefined, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskText(value, options);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= maxDepth) return '[Truncated]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, options, seen, depth + 1));
    if (value instanceof Error) return maskError(value, options, seen, depth);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = walk(item, options, seen, depth + 1);
    return out;
  } finally {
    // Siblings may share an object without it being a cycle.
    seen.delete(value);
  }
}

function maskError(error: Error, options: MaskOptions | undefined, seen: WeakSet<object>, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & Record<string, unknown>;
  for (const [key, item] of Object.entries(error)) copy[key] = walk(item, options, seen, depth + 1);
  // message and stack are own but not enumerable: copy them explicitly, keeping them non-enumerable.
  for (const key of ['message', 'stack'] as const) {
    if (typeof error[key] === 'string') {
      Object.defineProperty(copy, key, { value: maskText(error[key], options), writable: true, configurable: true, enumerable: false });
    }
  }
  if ('cause' in error) copy.cause = walk(error.cause, options, seen, depth + 1);
  return copy;
}

/**
 * A pino `formatters.log` / `formatters.bindings` hook: `(obj) => maskedObj`.
 * @example pino({ formatters: { log: piiLogSerializer } })
 */
export function piiLogSerializer(obj: Record<string, unknown>): Record<string, unknown> {
  return maskDeep(obj);
}

/**
 * A pino `hooks.logMethod`: masks the message string and interpolation arguments, which
 * `formatters.log` never sees (`logger.info('paid with %s', card)`).
 */
export function piiLogMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void): void {
  method.apply(
    this,
    args.map((arg) => maskDeep(arg)),
  );
}

/**
 * Spread into pino's options to mask every log line: merged objects, errors, messages and their
 * arguments. Not child bindings: pino resets the bindings formatter for children, so bindings must
 * be ids (conversationId, module), or pass them through `maskDeep` first:
 * `logger.child(maskDeep(bindings))`.
 * @example pino({ name: 'baton', ...piiLoggerOptions })
 */
export const piiLoggerOptions = {
  formatters: { log: piiLogSerializer },
  hooks: { logMethod: piiLogMethod },
} as const;
