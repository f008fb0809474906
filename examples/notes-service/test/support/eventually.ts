/** Waits for something that happens asynchronously (an event reaching the worker), within a bound. */
import { setTimeout as delay } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Give up after this many milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Wait between attempts. @default 25 */
  intervalMs?: number;
}

/**
 * Runs `check` until it resolves, and returns its value; after `timeoutMs` rethrows its last failure.
 *
 * @example
 * await eventually(() => api.get(`/stats/${author}`).expectJson({ notes: 1 }));
 */
export async function eventually<T>(check: () => Promise<T>, { timeoutMs = 10_000, intervalMs = 25 }: EventuallyOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      return await check();
    } catch (error) {
      if (Date.now() + intervalMs > deadline) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`still failing after ${timeoutMs} ms (${attempts} attempts): ${message}`, { cause: error });
      }
    }
    await delay(intervalMs);
  }
}
