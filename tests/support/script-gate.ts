/**
 * A Redis client (single node or Cluster) that lets a test slip a write in just before the next Lua
 * script is sent: the moment a store has read and decided, but not yet written. A lost race then happens
 * every run instead of now and then, so a test of what the loser does asserts something each time.
 */
import type { Cluster, Redis } from 'ioredis';

export interface ScriptGate<Client extends Redis | Cluster> {
  /** The client to hand to the store under test; everything but the gate goes straight through. */
  readonly client: Client;
  /** Runs `action` (e.g. another instance's write) once, right before the next EVALSHA or EVAL is sent. */
  beforeNextScript(action: () => Promise<unknown>): void;
}

/** Wraps `redis` in a gate; the action's own commands should go through another client. */
export function gateScripts<Client extends Redis | Cluster>(redis: Client): ScriptGate<Client> {
  let pending: (() => Promise<unknown>) | undefined;
  const client = new Proxy(redis, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== 'evalsha' && property !== 'eval') return value.bind(target);
      return async (...args: unknown[]) => {
        const action = pending;
        pending = undefined;
        if (action) await action();
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
  return {
    client,
    beforeNextScript(action) {
      pending = action;
    },
  };
}
