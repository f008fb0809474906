/**
 * Pipeline step 9: the deadline. An exchange with a timeout gets its abort switch here; it is
 * thrown into the target when the timeout passes (`TimeoutError`), the test app closes, or the
 * test aborts the request (`.abort()`, `.signal()`: `AbortedError`). One
 * shared timer serves every deadline (see `request/deadlines.ts`).
 */
import { AbortedError } from '../errors/aborted-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { describeTarget } from '../format/failure-message.js';
import { addDeadline, followSignal, removeDeadline, unfollowSignal, type Deadline } from '../request/deadlines.js';
import { SENDING, SENT } from '../request/request-spec.js';
import { RequestAbort } from '../targets/request-abort.js';
import type { Exchange, Middleware } from './exchange.js';

/** The deadline of one exchange: an object with a method, not a closure per request. */
class ExchangeDeadline implements Deadline {
  readonly at: number;
  readonly #exchange: Exchange;
  readonly #timeoutMs: number;

  constructor(exchange: Exchange, timeoutMs: number) {
    this.#exchange = exchange;
    this.#timeoutMs = timeoutMs;
    this.at = performance.now() + timeoutMs;
  }

  expire(): void {
    const { progress, target, abort } = this.#exchange;
    const stage = progress.status === undefined ? 'no response headers arrived' : `the response started (${progress.status}, ${progress.bytes} body bytes) but did not finish`;
    abort?.abort(new TimeoutError(`no complete response within ${this.#timeoutMs} ms from ${describeTarget(target)}: ${stage}`, { request: this.#exchange.summary(), target }));
  }
}

/**
 * The deadline step.
 *
 * @example
 * compose([deadline], send);
 */
export const deadline: Middleware = async (exchange, next) => {
  const timeoutMs = exchange.timeoutMs;
  if (timeoutMs === undefined) return next(exchange);
  const abort = new RequestAbort();
  exchange.abort = abort;
  followSignal(exchange.sender.closing, abort);
  // The builder's `.abort()` and `.signal()` reach the exchange through the same switch.
  const owner = exchange.spec?.owner;
  owner?.[SENDING](abort);
  const timer = new ExchangeDeadline(exchange, timeoutMs);
  addDeadline(timer);
  try {
    if (abort.reason instanceof AbortedError) throw abort.reason; // aborted before it was sent: it is not sent
    await next(exchange);
  } finally {
    removeDeadline(timer);
    unfollowSignal(exchange.sender.closing, abort);
    owner?.[SENT](abort);
  }
};
