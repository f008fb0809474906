/** The fetch spec's rules for following one redirect, applied to a request spec. */
import type { RequestSpec } from './request-spec.js';

/** Statuses that redirect when they carry a `Location`. */
export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The request that follows a redirect response, or undefined when `status` is not a redirect or
 * there is no `Location`: 303 (and 301/302 after POST) become GET without a body, 307/308 keep
 * method and body; credentials are dropped when the redirect leaves the origin.
 *
 * @example
 * nextRequest(spec, 303, 'http://localhost/done', new URL('http://localhost/form'))?.method; // 'GET'
 */
export function nextRequest(spec: RequestSpec, status: number, location: string | null, from: URL): RequestSpec | undefined {
  if (!REDIRECT_STATUSES.has(status) || location === null) return undefined;
  const to = new URL(location, from);
  const method = spec.method.toUpperCase();
  const toGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST';
  const crossOrigin = to.origin !== from.origin;
  return {
    ...spec,
    method: toGet ? 'GET' : spec.method,
    path: to.href,
    query: [],
    body: toGet ? undefined : spec.body,
    headers: spec.headers.filter(([name]) => {
      const lower = name.toLowerCase();
      if (crossOrigin && CREDENTIAL_HEADERS.has(lower)) return false;
      return !(toGet && (lower === 'content-type' || lower === 'content-length'));
    }),
  };
}
