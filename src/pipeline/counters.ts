/** Pipeline step 6: counts every request that no earlier step refused, for `tandem test`'s summary. */
import { countRequest } from '../run/run-stats.js';
import type { Middleware } from './exchange.js';

/**
 * The counting step.
 *
 * @example
 * compose([counters], send);
 */
export const counters: Middleware = (exchange, next) => {
  countRequest();
  return next(exchange);
};
