/** Resolves a request path against the target's base URL. */

// A test app resolves every request against the same base: parse it once, not per request.
let lastBase: string | undefined;
let lastBaseUrl: Readonly<URL> | undefined;

function parseBase(base: string): Readonly<URL> {
  if (base !== lastBase || !lastBaseUrl) {
    lastBaseUrl = new URL(base);
    lastBase = base;
  }
  return lastBaseUrl;
}

/**
 * Joins `path` onto `base` (an origin with an optional path prefix) and appends `query`. An
 * absolute URL is accepted only on the target's own origin; anything else returns undefined.
 *
 * @example
 * resolveUrl('https://api.example.com/v1', '/notes?x=1', [['page', '2']]).href;
 * // 'https://api.example.com/v1/notes?x=1&page=2'
 */
export function resolveUrl(base: string, path: string, query: ReadonlyArray<readonly [string, string]>): URL | undefined {
  const baseUrl = parseBase(base);
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    url = new URL(path);
    if (url.origin !== baseUrl.origin) return undefined;
  } else {
    if (/^[/\\]{2}/.test(path)) return undefined; // '//other.host/x' means another host, whatever the base path
    const prefix = baseUrl.pathname.replace(/\/$/, '');
    url = new URL(prefix + (path.startsWith('/') ? path : `/${path}`), baseUrl.origin);
    if (url.origin !== baseUrl.origin) return undefined; // e.g. '/\\other.host/x'
  }
  for (const [key, value] of query) url.searchParams.append(key, value);
  return url;
}
