/**
 * Pipeline step 8: redirects. When an exchange that may follow redirects gets one, this step
 * checks the hop (the limit, a loop, the target's origin) and prepares it as the exchange's
 * `next`; the pipeline then sends it from the top, so every hop passes every step.
 */
import { RedirectError } from '../errors/redirect-error.js';
import { becomesGet, keepsHeader, nextRequest, redirectLocation } from '../request/redirect.js';
import type { RequestSpec } from '../request/request-spec.js';
import type { FailureContext } from '../errors/tandem-error.js';
import { hopOf, type Chain, type Exchange, type Middleware, type Next } from './exchange.js';

/** Prepares a builder's next hop from its spec (resolving, encoding the body again). */
export type PrepareHop = (spec: RequestSpec, from: Exchange) => Promise<Exchange>;

/**
 * Refuses a hop from `from` to `to`: past the chain's limit, a loop, or off the target's origin
 * (tandem sends requests only to the app under test). `res.follow()` checks its hop here too.
 *
 * @example
 * refuseHop(undefined, new URL('http://localhost/a'), new URL('https://elsewhere.example/'), 'GET', context, ''); // throws RedirectError
 */
export function refuseHop(chain: Chain | undefined, from: URL, to: URL, method: string, context: FailureContext, prefix: string): void {
  if (chain && chain.left === 0) throw new RedirectError(`${prefix}more than ${chain.limit} redirects; the last one pointed to ${to.href}`, context);
  const key = `${method} ${to.href}`;
  if (chain?.seen.has(key)) throw new RedirectError(`${prefix}redirect loop: ${key} was already requested in this chain`, context);
  if (to.origin !== from.origin) {
    throw new RedirectError(`${prefix}the redirect leaves the target for ${to.href}; tandem sends requests only to the app under test`, context);
  }
  chain?.seen.add(key);
}

/** Refuses `exchange`'s hop to `to` (see {@link refuseHop}). */
function refuseNext(exchange: Exchange, to: URL, method: string): void {
  const context = { request: exchange.response?.request, response: exchange.response, target: exchange.target };
  refuseHop(exchange.chain, exchange.url, to, method, context, exchange.via === 'fetch' ? 'api.fetch: ' : '');
}

/** The `api.fetch` hop after `from`'s redirect to `to`. */
function fetchHop(from: Exchange, status: number, to: URL): Exchange {
  const toGet = becomesGet(status, from.method);
  const headers: Array<[string, string]> = [];
  for (const [name, value] of from.headers) if (keepsHeader(name, toGet, false)) headers.push([name, value]);
  return hopOf(from, toGet ? 'GET' : from.method, to, headers, toGet ? undefined : from.payload, undefined);
}

/**
 * The redirect step; `prepare` builds a builder's next hop.
 *
 * @example
 * compose([redirects(prepare)], send);
 */
export function redirects(prepare: PrepareHop): Middleware {
  const follow = async (exchange: Exchange, next: Next, chain: Chain): Promise<void> => {
    await next(exchange);
    const answer = exchange.response ?? exchange.fetched;
    if (!answer) return;
    const location = answer.headers.get('location');
    if (exchange.spec) {
      const hop = nextRequest(exchange.spec, answer.status, location, exchange.url);
      if (!hop) return;
      refuseNext(exchange, new URL(hop.path), hop.method.toUpperCase());
      chain.left--;
      exchange.next = await prepare(hop, exchange);
      return;
    }
    const to = redirectLocation(answer.status, location, exchange.url);
    if (!to) return;
    const method = becomesGet(answer.status, exchange.method) ? 'GET' : exchange.method;
    refuseNext(exchange, to, method);
    chain.left--;
    await exchange.fetched?.body?.cancel();
    exchange.next = fetchHop(exchange, answer.status, to);
  };
  return (exchange, next) => (exchange.chain ? follow(exchange, next, exchange.chain) : next(exchange));
}
