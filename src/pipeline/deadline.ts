/**
 * Pipeline step 9: the deadline. An exchange with a timeout gets its abort switch here; it is
 * thrown into the target when the timeout passes (`TimeoutError`) or the test app closes. One
 * shared timer serves every deadline (see `request/deadlines.ts`).
 */
import { TimeoutError } from '../errors/timeout-error.js';
import { describeTarget } from '../format/failure-message.js';
import { addDeadline, followSignal, removeDeadline, unfollowSignal, type Deadline } from '../request/deadlines.js';
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
  const timer = new ExchangeDeadline(exchange, timeoutMs);
  addDeadline(timer);
  try {
    await next(exchange);
  } finally {
    removeDeadline(timer);
    unfollowSignal(exchange.sender.closing, abort);
  }
};
