/**
 * How many uploads one instance reads at once (MEDIA_UPLOAD_CONCURRENCY, docs/media.md): a 25 MB
 * upload holds its body and its files in memory until stored, so past the cap an upload is refused
 * with 503 and Retry-After before its body is read, instead of the instance running out of memory.
 *
 * @example
 * const release = gate.tryAcquire();
 * if (!release) return refuse503();
 * res.on('close', release); // once, however the request ends
 */
export interface UploadGate {
  /** The cap. */
  readonly max: number;
  /** Uploads being read or stored now. */
  readonly inFlight: number;
  /** A release function (idempotent), or undefined when `max` uploads are in flight. */
  tryAcquire(): (() => void) | undefined;
}

export function createUploadGate(max: number): UploadGate {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`The upload cap must be a whole number of at least 1, got ${max}`);
  let inFlight = 0;
  return {
    max,
    get inFlight() {
      return inFlight;
    },
    tryAcquire() {
      if (inFlight >= max) return undefined;
      inFlight += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inFlight -= 1;
      };
    },
  };
}
