/** Pipeline step 7: the test app's (or session's) cookie jar: matching cookies go out, every `Set-Cookie` is stored. */
import type { CookieSession } from '../session/cookie-session.js';
import type { Exchange, Middleware, Next } from './exchange.js';
import { hasHeader } from './headers.js';

/**
 * The cookie step; a request that sets its own `Cookie` header keeps it.
 *
 * @example
 * compose([cookies], send);
 */
export const cookies: Middleware = (exchange, next) => {
  const jar = exchange.sender.jar;
  return jar ? withJar(exchange, next, jar) : next(exchange);
};

async function withJar(exchange: Exchange, next: Next, jar: CookieSession): Promise<void> {
  if (!hasHeader(exchange.headers, 'cookie')) {
    const cookie = jar.headerFor(exchange.url.href);
    if (cookie) exchange.headers.push(['cookie', cookie]);
  }
  await next(exchange);
  if (exchange.response) jar.storeFrom(exchange.url.href, exchange.response.headers);
}
