/** superagent's rules for following one redirect (`.redirects(n)`), applied to a request spec. */
import type { RequestSpec } from '../request/request-spec.js';
import type { TestResponse } from '../response/test-response.js';

const REDIRECTS = new Set([301, 302, 303, 305, 307, 308]);
/** Dropped when a 301, 302 or 303 turns the request into a GET. */
const CONTENT_HEADERS = new Set(['content-type', 'content-length', 'transfer-encoding']);
const CREDENTIALS = new Set(['authorization', 'cookie']);

/**
 * The request that follows `res`, or undefined when it is not a redirect with a `Location`:
 * 301 and 302 turn any method but HEAD into GET, 303 any method, both without a body; 305, 307
 * and 308 keep method and body; credentials are dropped when the origin changes.
 *
 * @example
 * followOne(postSpec, await sendSpec(api, postSpec))?.method; // 'GET' after a 302
 */
export function followOne(spec: RequestSpec, res: TestResponse): RequestSpec | undefined {
  const location = res.headers.get('location');
  if (!REDIRECTS.has(res.status) || location === null) return undefined;
  const from = new URL(res.url);
  const to = new URL(location, from);
  const toGet = res.status === 303 || res.status === 301 || res.status === 302;
  const method = res.status === 303 ? 'GET' : toGet && spec.method !== 'HEAD' ? 'GET' : spec.method;
  const changesOrigin = to.origin !== from.origin;
  const headers = spec.headers.filter(([name]) => {
    const lower = name.toLowerCase();
    if (lower === 'host') return false;
    if (changesOrigin && CREDENTIALS.has(lower)) return false;
    return !(toGet && CONTENT_HEADERS.has(lower));
  });
  return { ...spec, method, path: to.href, headers, body: toGet ? undefined : spec.body };
}
