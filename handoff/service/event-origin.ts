/**
 * Origin tags on desk events (docs/guide-add-a-desk.md): an action a desk takes on its own behalf
 * runs "as" that desk, every desk event it causes carries the desk's origin, and a subscriber that
 * names its own origin is not handed those events. So a desk never receives its own action back and
 * never has to recognise it by comparing text.
 *
 * The origin travels with the call (AsyncLocalStorage), not as a parameter of every agent action:
 * `actingAs(service, origin)` is the same agent API, tagged.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventOrigin } from '../desk-api.js';

const current = new AsyncLocalStorage<EventOrigin>();

/** The origin of the action running now, if a desk started it through `actingAs`. */
export function currentOrigin(): EventOrigin | undefined {
  return current.getStore();
}

/**
 * Runs `listener` outside any origin: a listener called inside a desk's action must not act as that
 * desk when it acts in turn (its own actions carry its own origin, or none).
 */
export function untagged<T>(listener: () => T): T {
  return current.exit(listener);
}

/** Same desk and same actor: the event is the subscriber's own. An untagged event is nobody's. */
export function sameOrigin(a: EventOrigin | undefined, b: EventOrigin | undefined): boolean {
  return a !== undefined && b !== undefined && a.desk === b.desk && a.actor === b.actor;
}

/**
 * `desk` with every method run as `origin`: the events the calls cause carry it. Works over the
 * handoff service (which reads the tag when it publishes); over any other implementation the calls
 * simply run untagged.
 * @example
 * const own = actingAs(service, { desk: 'slack', actor: `thread@${instanceId}` });
 * await own.reply(ticketId, agentId, text); // its agent_message skips subscribers of that origin
 */
export function actingAs<T extends object>(desk: T, origin: EventOrigin): T {
  const tag = Object.freeze({ ...origin });
  return new Proxy(desk, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => current.run(tag, () => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}
