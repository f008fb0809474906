/** One resource's removal: bounded retries with backoff; a 404 or 410 means it is already gone. */
import { setTimeout as delay } from 'node:timers/promises';
import { TandemError } from '../errors/tandem-error.js';
import { scrub } from '../format/redact.js';

export interface RetryPolicy {
  /** Attempts in all, at least 1. */
  attempts: number;
  /** Wait before the second attempt; doubled for each further one. */
  backoffMs: number;
}

export type RemovalOutcome = { ok: true; alreadyGone: boolean } | { ok: false; error: string };

/** Statuses where trying again can help; any other 4xx will answer the same again. */
const RETRYABLE_4XX = new Set([408, 409, 423, 425, 429]);

function statusOf(error: unknown): number | undefined {
  const response = (error as { response?: { status?: unknown } } | null)?.response;
  return typeof response?.status === 'number' ? response.status : undefined;
}

/**
 * An error in one line, secrets scrubbed, for the leftovers table: the response's status when
 * there was one, else the error's first line.
 */
export function oneLine(error: unknown, secrets: readonly string[]): string {
  const response = (error as { response?: { status?: unknown; statusText?: unknown } } | null)?.response;
  const text =
    typeof response?.status === 'number'
      ? `HTTP ${response.status} ${typeof response.statusText === 'string' ? response.statusText : ''}`.trimEnd()
      : error instanceof TandemError
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error);
  const line = scrub(text.split('\n', 1)[0] ?? '', secrets);
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/**
 * Runs `remove` until it succeeds, it fails with a 404 or 410 (already gone), it fails in a way
 * retrying cannot change (another 4xx), or `policy.attempts` are used up.
 */
export async function removeWithRetries(remove: () => Promise<unknown>, policy: RetryPolicy, secrets: readonly string[]): Promise<RemovalOutcome> {
  let last: unknown;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await delay(policy.backoffMs * 2 ** (attempt - 2));
    try {
      await remove();
      return { ok: true, alreadyGone: false };
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 410) return { ok: true, alreadyGone: true };
      last = error;
      if (status !== undefined && status < 500 && !RETRYABLE_4XX.has(status)) break;
    }
  }
  return { ok: false, error: oneLine(last, secrets) };
}
