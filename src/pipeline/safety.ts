/** Pipeline step 1, the safety policy: refuses a request (read-only target, host not allowed) before anything else sees it. */
import type { SendHooks } from '../request/send-hooks.js';
import type { Middleware } from './exchange.js';

/**
 * The step enforcing `policy` (from `setUpTestData`) on every exchange, redirect hops included.
 *
 * @example
 * const step = safety(data.safety);
 */
export function safety(policy: SendHooks): Middleware {
  return (exchange, next) => {
    policy.beforeSend?.(exchange);
    return next(exchange);
  };
}
