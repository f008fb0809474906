/**
 * Pipeline step 10, HTTP lint: the target judges what the app did (see `targets/lint/`); here, a
 * timeout of a response the app started and never ended is reported as the lint finding it is.
 */
import { TimeoutError } from '../errors/timeout-error.js';
import type { Exchange, Middleware, Next } from './exchange.js';

/**
 * The lint step.
 *
 * @example
 * compose([lint], send);
 */
export const lint: Middleware = (exchange, next) => (exchange.target.lintTimeout === undefined ? next(exchange) : linted(exchange, next));

async function linted(exchange: Exchange, next: Next): Promise<void> {
  try {
    await next(exchange);
  } catch (error) {
    if (error instanceof TimeoutError && exchange.outgoing) throw exchange.target.lintTimeout?.(exchange.outgoing, error) ?? error;
    throw error;
  }
}
