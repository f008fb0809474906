/**
 * The fetch spec's rules for following one redirect: the one set of rules for every entry (the
 * builder's `.followRedirects()`, `res.follow()`, `api.fetch`).
 */
import type { RequestSpec } from './request-spec.js';

/** Statuses that redirect when they carry a `Location`. */
export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** The fetch spec's request-body-header names: dropped with the body when the method becomes GET. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

/**
 * Where a response redirects to, or undefined when `status` is not a redirect or there is no `Location`.
 *
 * @example
 * redirectLocation(302, '/next', new URL('http://localhost/a'))?.href; // 'http://localhost/next'
 */
export function redirectLocation(status: number, location: string | null, from: URL): URL | undefined {
  return REDIRECT_STATUSES.has(status) && location !== null ? new URL(location, from) : undefined;
}

/**
 * Whether the redirect turns the request into a GET without a body: 303 (except for HEAD), and
 * 301/302 after POST.
 *
 * @example
 * becomesGet(303, 'PUT'); // true
 */
export function becomesGet(status: number, method: string): boolean {
  return status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
}

/**
 * Whether a request header goes on to the next hop: the body's headers go with the body;
 * credentials stay on their origin.
 *
 * @example
 * keepsHeader('Content-Type', true, false); // false
 */
export function keepsHeader(name: string, toGet: boolean, crossOrigin: boolean): boolean {
  const lower = name.toLowerCase();
  if (crossOrigin && CREDENTIAL_HEADERS.has(lower)) return false;
  return !(toGet && BODY_HEADERS.has(lower));
}

/**
 * The request that follows a redirect response, or undefined when `status` is not a redirect or
 * there is no `Location`: 303 (and 301/302 after POST) become GET without a body, 307/308 keep
 * method and body; credentials are dropped when the redirect leaves the origin.
 *
 * @example
 * nextRequest(spec, 303, 'http://localhost/done', new URL('http://localhost/form'))?.method; // 'GET'
 */
export function nextRequest(spec: RequestSpec, status: number, location: string | null, from: URL): RequestSpec | undefined {
  const to = redirectLocation(status, location, from);
  if (!to) return undefined;
  const toGet = becomesGet(status, spec.method.toUpperCase());
  const crossOrigin = to.origin !== from.origin;
  return {
    ...spec,
    method: toGet ? 'GET' : spec.method,
    path: to.href,
    query: [],
    body: toGet ? undefined : spec.body,
    headers: spec.headers.filter(([name]) => keepsHeader(name, toGet, crossOrigin)),
  };
}
