/** Pipeline step 7: the test app's (or session's) cookie jar: matching cookies go out, every `Set-Cookie` is stored. */
import type { Middleware } from './exchange.js';
import { hasHeader } from './headers.js';

/**
 * The cookie step; a request that sets its own `Cookie` header keeps it.
 *
 * @example
 * compose([cookies], send);
 */
export const cookies: Middleware = async (exchange, next) => {
  const jar = exchange.sender.jar;
  if (!jar) return next(exchange);
  if (!hasHeader(exchange.headers, 'cookie')) {
    const cookie = jar.headerFor(exchange.url.href);
    if (cookie) exchange.headers.push(['cookie', cookie]);
  }
  await next(exchange);
  if (exchange.response) jar.storeFrom(exchange.url.href, exchange.response.headers);
};
