/**
 * Calls a fake platform API holds open on request, shared by the fakes (Telegram, Slack): a test asks to
 * hold the next call of a method, learns when it arrived (so it knows the bot is in the middle of its
 * work), and lets it go on.
 */

/** A call the fake holds open; see `HeldCalls.holdNext`. */
export interface HeldCall<P> {
  /** Resolves with the call's parameters once it arrived. */
  readonly reached: Promise<P>;
  release(): void;
}

export interface HeldCalls<P> {
  /** Holds the next call of `method` until `release()`. */
  holdNext(method: string): HeldCall<P>;
  /** For the fake's handler, before it answers a call of `method`: resolves at once, or once a held call is released. */
  pass(method: string, params: P): Promise<void>;
}

export function heldCalls<P>(): HeldCalls<P> {
  const holds = new Map<string, { arrived: (params: P) => void; released: Promise<void> }>();
  return {
    holdNext(method) {
      let arrived!: (params: P) => void;
      let release!: () => void;
      const reached = new Promise<P>((resolve) => (arrived = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(method, { arrived, released });
      return { reached, release };
    },
    async pass(method, params) {
      const hold = holds.get(method);
      if (!hold) return;
      holds.delete(method);
      hold.arrived(params);
      await hold.released;
    },
  };
}
