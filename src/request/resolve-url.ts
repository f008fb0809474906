/**
 * Resolves a request path against the target's base URL into the request-target sent on the
 * wire, as the test wrote it, and the URL that cookies, redirects and the safety rules go by.
 */

// A test app resolves every request against the same base: parse it once, not per request.
let lastBase: string | undefined;
let lastBaseUrl: Readonly<URL> | undefined;
let lastOrigin = '';
let lastPrefix = '';

function parseBase(base: string): Readonly<URL> {
  if (base !== lastBase || !lastBaseUrl) {
    lastBaseUrl = new URL(base);
    lastOrigin = lastBaseUrl.origin;
    lastPrefix = lastBaseUrl.pathname.replace(/\/$/, '');
    lastBase = base;
  }
  return lastBaseUrl;
}

/** A request resolved against its target. */
export interface ResolvedRequest {
  /**
   * The request-target as sent (origin-form: path and query): the test's own bytes, dot
   * segments, `//` and percent-encodings kept; only what cannot appear in a request-target is
   * percent-encoded (see {@link encodeTarget}).
   */
  readonly target: string;
  /** The URL of the request as a browser reads it (dot segments resolved): for cookies, redirects and the safety rules. */
  readonly url: URL;
}

/** Any character {@link encodeTarget} may have to encode: fast test for the common case. */
const MAY_NEED_ENCODING = /[^\x21-\x7e]|["'<>`{}]/;
/** In the path: the WHATWG path percent-encode set (C0 controls, space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`, non-ASCII). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be encoded
const PATH_ENCODE = /[\x00-\x20"#<>?`{}\x7f-\uffff]/;
/** In the query: the WHATWG special-query percent-encode set (C0 controls, space, `"`, `#`, `'`, `<`, `>`, non-ASCII). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be encoded
const QUERY_ENCODE = /[\x00-\x20"#'<>\x7f-\uffff]/;

function encodePart(part: string, set: RegExp): string {
  if (!set.test(part)) return part;
  let out = '';
  for (const char of part) {
    if (!set.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte < 16 ? '0' : ''}${byte.toString(16).toUpperCase()}`;
  }
  return out;
}

/**
 * Percent-encodes, as a browser's `fetch` does (UTF-8, the WHATWG path and special-query
 * percent-encode sets), the characters that cannot appear in a request-target: space, control
 * characters, non-ASCII and a few delimiters. Everything else, `%` included, is kept as written.
 *
 * @example
 * encodeTarget('/a b/é?q=x y'); // '/a%20b/%C3%A9?q=x%20y'
 * encodeTarget('/static/%2e%2e/x'); // unchanged
 */
export function encodeTarget(target: string): string {
  if (!MAY_NEED_ENCODING.test(target)) return target;
  const q = target.indexOf('?');
  if (q < 0) return encodePart(target, PATH_ENCODE);
  return `${encodePart(target.slice(0, q), PATH_ENCODE)}?${encodePart(target.slice(q + 1), QUERY_ENCODE)}`;
}

/** The path, query and fragment of an absolute URL as written: what follows its authority. */
function writtenPath(absolute: string): string {
  let start = absolute.indexOf(':') + 1;
  while (absolute[start] === '/' || absolute[start] === '\\') start++;
  let end = start;
  while (end < absolute.length && !'/\\?#'.includes(absolute[end]!)) end++;
  const rest = absolute.slice(end);
  return rest.startsWith('\\') ? `/${rest.slice(1)}` : rest;
}

/**
 * Resolves `path` against `base` (an origin with an optional path prefix) and appends `query`.
 * A path is always a path on the target, `//host/x` included; an absolute URL is accepted only on
 * the target's own origin (else undefined), and its path is kept as written. The fragment is not
 * sent; `query` pairs are appended, form-encoded, after the query as written.
 *
 * @example
 * resolveRequest('https://api.example.com/v1', '/notes/../x?a=%7e', [['page', '2']])?.target;
 * // '/v1/notes/../x?a=%7e&page=2'
 */
export function resolveRequest(base: string, path: string, query: ReadonlyArray<readonly [string, string]>): ResolvedRequest | undefined {
  parseBase(base);
  let written: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    let absolute: URL;
    try {
      absolute = new URL(path);
    } catch {
      return undefined;
    }
    if (absolute.origin !== lastOrigin) return undefined;
    written = writtenPath(path);
  } else {
    written = lastPrefix + (path.startsWith('/') ? path : `/${path}`);
  }
  const hash = written.indexOf('#');
  if (hash >= 0) written = written.slice(0, hash);
  if (!written.startsWith('/')) written = `/${written}`;
  let target = encodeTarget(written);
  if (query.length > 0) {
    const pairs = new URLSearchParams(query as Array<[string, string]>).toString();
    const q = target.indexOf('?');
    target += q < 0 ? `?${pairs}` : q === target.length - 1 || target.endsWith('&') ? pairs : `&${pairs}`;
  }
  // The target starts with '/', so the origin's host is the one parsed: a path never names another host.
  return { target, url: new URL(lastOrigin + target) };
}

/**
 * The URL of a request resolved against `base` (see {@link resolveRequest}), or undefined when it
 * is not on the target's origin.
 *
 * @example
 * resolveUrl('https://api.example.com/v1', '/notes?x=1', [['page', '2']])?.href;
 * // 'https://api.example.com/v1/notes?x=1&page=2'
 */
export function resolveUrl(base: string, path: string, query: ReadonlyArray<readonly [string, string]>): URL | undefined {
  return resolveRequest(base, path, query)?.url;
}
