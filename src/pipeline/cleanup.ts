/** Pipeline step 4, the cleanup ledger: what a response created is registered, also when a later check fails it. */
import type { SendHooks } from '../request/send-hooks.js';
import type { Middleware } from './exchange.js';

/**
 * The step running the ledger's rules (from `setUpTestData`) on every response.
 *
 * @example
 * const step = cleanup(data.cleanup);
 */
export function cleanup(rules: SendHooks): Middleware {
  return async (exchange, next) => {
    try {
      await next(exchange);
    } finally {
      if (exchange.response) await rules.afterExchange?.(exchange.response, exchange);
    }
  };
}
