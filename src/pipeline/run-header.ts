/** Pipeline step 2: the run id goes out in `X-Tandem-Run` (or the `runHeader` option's name), unless the request carries one. */
import type { Middleware } from './exchange.js';
import { hasHeader } from './headers.js';

/**
 * The step adding `[name, runId]` to every request that lacks it.
 *
 * @example
 * const step = runHeader(['X-Tandem-Run', api.runId]);
 */
export function runHeader([name, value]: readonly [string, string]): Middleware {
  return (exchange, next) => {
    if (!hasHeader(exchange.headers, name)) exchange.headers.push([name, value]);
    return next(exchange);
  };
}
