/** Chains middlewares into one function, once: each gets the rest of the chain as `next`. */
import type { Middleware, Next } from './exchange.js';

/**
 * The function that runs `middlewares` in order, then `last`. The chain is built here, once per
 * test app: a request calls it and makes no closure of its own.
 *
 * @example
 * const run = compose([counted, logged], send);
 * await run(exchange);
 */
export function compose(middlewares: readonly Middleware[], last: Next): Next {
  let next = last;
  for (let i = middlewares.length - 1; i >= 0; i--) {
    const middleware = middlewares[i]!;
    const rest = next;
    next = (exchange) => middleware(exchange, rest);
  }
  return next;
}
