/**
 * Request deadlines and app-close propagation without a timer or an event listener per request.
 *
 * One timer serves every pending deadline: it is set for the earliest one, and when it fires it
 * expires what is due and is set again for the next. While no request is pending it is unref'd,
 * so it never keeps the process alive; while one is, it is ref'd, so an app that never answers
 * still ends in a `TimeoutError` rather than in a process that exits with the test unfinished.
 */
import type { RequestAbort } from '../targets/request-abort.js';

/** A pending deadline: `expire` runs once at `at` (a `performance.now()` time) unless removed first. */
export interface Deadline {
  readonly at: number;
  readonly expire: () => void;
}

const pending = new Set<Deadline>();
let timer: NodeJS.Timeout | undefined;
let timerAt = Infinity;

function schedule(at: number): void {
  if (timer) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(fire, Math.max(0, at - performance.now()));
}

function fire(): void {
  timer = undefined;
  timerAt = Infinity;
  // A timer may fire a fraction of a millisecond before performance.now() reaches its deadline.
  const now = performance.now() + 1;
  let next = Infinity;
  for (const deadline of pending) {
    if (deadline.at <= now) {
      pending.delete(deadline);
      deadline.expire();
    } else if (deadline.at < next) next = deadline.at;
  }
  if (pending.size > 0) schedule(next);
}

/** Starts watching `deadline`. */
export function addDeadline(deadline: Deadline): void {
  pending.add(deadline);
  if (deadline.at < timerAt) schedule(deadline.at);
  else timer?.ref();
}

/** Stops watching `deadline` (its request finished). */
export function removeDeadline(deadline: Deadline): void {
  pending.delete(deadline);
  if (pending.size === 0) timer?.unref();
}

/** The number of deadlines being watched (0 when no request is in flight). */
export function pendingDeadlines(): number {
  return pending.size;
}

const followers = new WeakMap<AbortSignal, Set<RequestAbort>>();

/**
 * Aborts `abort` when `signal` aborts (with its reason), until {@link unfollowSignal}. One listener
 * per signal, however many requests follow it.
 *
 * @example
 * followSignal(closing.signal, abort);
 * try { await send(); } finally { unfollowSignal(closing.signal, abort); }
 */
export function followSignal(signal: AbortSignal, abort: RequestAbort): void {
  if (signal.aborted) {
    abort.abort(signal.reason);
    return;
  }
  let set = followers.get(signal);
  if (!set) {
    const created = new Set<RequestAbort>();
    set = created;
    followers.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        for (const follower of created) follower.abort(signal.reason);
        created.clear();
      },
      { once: true },
    );
  }
  set.add(abort);
}

/** Stops aborting `abort` with `signal` (its request is done). */
export function unfollowSignal(signal: AbortSignal, abort: RequestAbort): void {
  followers.get(signal)?.delete(abort);
}
