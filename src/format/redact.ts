/**
 * Redaction of secrets in everything tandem prints or writes.
 *
 * Header values are redacted by name; the values themselves are also remembered per request, so a
 * response that echoes a token back has it scrubbed from the body excerpt too.
 */
import type { RequestSummary } from './exchange.js';

export const REDACTED = '[REDACTED]';

const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|passw|session|credential/i;
const SENSITIVE_PARAM = /^(access[-_]?token|token|api[-_]?key|apikey|key|secret|password|passwd|sig|signature|auth)$/i;

/** Per summary, its raw secrets: worked out on first use (most requests never fail), then kept. */
const secretsByRequest = new WeakMap<RequestSummary, readonly string[] | (() => readonly string[])>();

/** True for headers whose values are credentials: Authorization, Cookie, Set-Cookie, X-Api-Key and the like. */
export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

/** The printable form of one header value: the auth scheme and cookie names stay, the secret goes. */
export function redactHeaderValue(name: string, value: string): string {
  if (!isSensitiveHeader(name)) return value;
  const lower = name.toLowerCase();
  if (lower === 'cookie') return value.split(';').map((part) => redactPair(part.trim())).join('; ');
  if (lower === 'set-cookie') {
    const [pair = '', ...attributes] = value.split(';');
    return [redactPair(pair.trim()), ...attributes.map((a) => a.trim())].join('; ');
  }
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    const space = value.indexOf(' ');
    return space > 0 ? `${value.slice(0, space)} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

function redactPair(pair: string): string {
  const eq = pair.indexOf('=');
  return eq > 0 ? `${pair.slice(0, eq)}=${REDACTED}` : REDACTED;
}

/** The secret strings inside a set of headers, so they can be scrubbed wherever they reappear. */
export function secretsIn(headers: Iterable<readonly [string, string]>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of headers) {
    if (!isSensitiveHeader(name)) continue;
    secrets.push(value);
    const lower = name.toLowerCase();
    if (lower === 'cookie' || lower === 'set-cookie') {
      for (const part of value.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0) secrets.push(part.slice(eq + 1).trim());
        if (lower === 'set-cookie') break;
      }
    } else {
      const space = value.indexOf(' ');
      if (space > 0) {
        const credential = value.slice(space + 1).trim();
        secrets.push(credential);
        if (/^basic$/i.test(value.slice(0, space))) secrets.push(...decodeBasic(credential));
      }
    }
  }
  return secrets.filter((s) => s.length >= 4);
}

function decodeBasic(credential: string): string[] {
  const decoded = Buffer.from(credential, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? [decoded, decoded.slice(colon + 1)] : [decoded];
}

/** Replaces every occurrence of every secret in `text`. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** The name of a query pair as `URLSearchParams` reads it. */
function paramName(pair: string): string {
  const eq = pair.indexOf('=');
  const raw = (eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

const REDACTED_PARAM = encodeURIComponent(REDACTED);

/**
 * A URL with its password and credential-like query parameters redacted. Only the redacted parts
 * are rewritten: the path and the other query pairs stay as written (dot segments and all).
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const slashes = url.indexOf('//');
  if (slashes < 0) return url;
  const pathStart = url.slice(slashes + 2).search(/[/?#]|$/) + slashes + 2;
  const rest = url.slice(pathStart);
  const hashAt = rest.indexOf('#');
  const beforeHash = hashAt < 0 ? rest : rest.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  let query = queryAt < 0 ? undefined : beforeHash.slice(queryAt + 1);
  let changed = false;
  if (query !== undefined) {
    const pairs = query.split('&');
    for (const [i, pair] of pairs.entries()) {
      if (pair !== '' && SENSITIVE_PARAM.test(paramName(pair))) {
        const eq = pair.indexOf('=');
        pairs[i] = `${eq < 0 ? pair : pair.slice(0, eq)}=${REDACTED_PARAM}`;
        changed = true;
      }
    }
    if (changed) query = pairs.join('&');
  }
  if (!changed && !parsed.password) return url;
  const authority = parsed.password ? `${parsed.protocol}//${parsed.username}:${encodeURIComponent(REDACTED)}@${parsed.host}` : url.slice(0, pathStart);
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  return authority + path + (query === undefined ? '' : `?${query}`) + (hashAt < 0 ? '' : rest.slice(hashAt));
}

/**
 * Builds the printable summary of a request: URL and headers redacted, and the raw secrets kept
 * aside (never enumerable on the summary) for scrubbing response excerpts. Runs on every request,
 * so a request with nothing to redact (no credential header, no query string, no password) is
 * summarized without parsing its URL again or copying its headers: the summary then shares the
 * (read-only) header list it was given, and its secrets are worked out only when asked for.
 */
export function summarizeRequest(
  method: string,
  url: string | URL,
  headers: ReadonlyArray<readonly [string, string]>,
  body: Uint8Array | undefined,
  extraSecrets: readonly string[] = [],
): RequestSummary {
  const href = typeof url === 'string' ? url : url.href;
  const plainUrl = typeof url === 'string' ? !url.includes('?') && !hasUserInfo(url) : url.search === '' && url.password === '';
  let sensitive = false;
  for (const [name] of headers) {
    if (isSensitiveHeader(name)) {
      sensitive = true;
      break;
    }
  }
  const summary: RequestSummary = {
    method,
    url: plainUrl ? href : redactUrl(href),
    headers:
      sensitive || extraSecrets.length > 0 ? headers.map(([name, value]) => [name, scrub(redactHeaderValue(name, value), extraSecrets)] as const) : headers,
    body,
  };
  if (sensitive || !plainUrl || extraSecrets.length > 0) secretsByRequest.set(summary, () => [...secretsIn(headers), ...urlSecrets(href), ...extraSecrets]);
  return summary;
}

/** True when an absolute URL string has a user-info part (`user:password@`) before its host. */
function hasUserInfo(url: string): boolean {
  const at = url.indexOf('@');
  if (at < 0) return false;
  const start = url.indexOf('//') + 2;
  const end = url.indexOf('/', start);
  return end < 0 || at < end;
}

function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    const found = [...parsed.searchParams].filter(([k]) => SENSITIVE_PARAM.test(k)).map(([, v]) => v);
    if (parsed.password) found.push(decodeURIComponent(parsed.password));
    return found.filter((s) => s.length >= 4);
  } catch {
    return [];
  }
}

/** The secrets remembered for a request summary made by {@link summarizeRequest}. */
export function secretsOf(request: RequestSummary | undefined): readonly string[] {
  const found = request && secretsByRequest.get(request);
  if (typeof found !== 'function') return found ?? [];
  const secrets = found();
  secretsByRequest.set(request!, secrets);
  return secrets;
}

/** The secrets of an exchange: the request's, and those the response set (`Set-Cookie` values and the like). */
export function secretsOfExchange(request: RequestSummary | undefined, response: { readonly headers: Headers } | undefined): readonly string[] {
  const fromRequest = secretsOf(request);
  return response ? [...fromRequest, ...secretsIn(response.headers)] : fromRequest;
}

/** `value` with every secret scrubbed from the strings inside it (arrays and plain objects are copied). */
export function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return scrub(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubValue(item, secrets)]));
  }
  return value;
}

/** Headers as printed, with sensitive values redacted; repeated headers (`Set-Cookie`) become arrays. */
export function redactHeaders(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const shown = redactHeaderValue(name, value);
    const seen = out[name];
    out[name] = seen === undefined ? shown : [...(Array.isArray(seen) ? seen : [seen]), shown];
  }
  return out;
}
