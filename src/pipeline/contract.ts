/** Pipeline step 5: the OpenAPI document checks the request before it is sent, and the response once it is complete. */
import type { SendHooks } from '../request/send-hooks.js';
import type { Middleware } from './exchange.js';

/**
 * The step of the `openapi` option (`openApiHooks`). An event stream, handed over unread, is not checked.
 *
 * @example
 * const step = contract(openApiHooks({ openapi: './openapi.yaml', validateRequests: false, coverageDir: undefined }));
 */
export function contract(checks: SendHooks): Middleware {
  return async (exchange, next) => {
    checks.beforeSend?.(exchange);
    await next(exchange);
    if (exchange.response) await checks.afterExchange?.(exchange.response, exchange);
  };
}
