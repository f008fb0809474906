/**
 * The differences between two answers to one request, field by field: the status, each header
 * (but those that differ by nature, see {@link DEFAULT_IGNORED_HEADERS}), and the body — JSON
 * structurally, path by path (`$.items[3].price`, a change of type included), text line by line.
 * Written by hand: a structural diff that names JSON paths the way noise is matched (jsondiffpatch
 * and friends produce patches keyed by their own formats, which would have to be walked again).
 */
import type { FieldDifference } from './parity-summary.js';

/**
 * The headers left out of the comparison by default: they differ between two answers of one
 * server (`Date`, `Age`, `Server-Timing`, `ETag`, `Last-Modified`) or describe the connection and
 * framing (`Connection`, `Keep-Alive`, `Transfer-Encoding`, `Content-Length`). `Set-Cookie` is
 * compared by the cookies' names only, never their values.
 */
export const DEFAULT_IGNORED_HEADERS: readonly string[] = ['date', 'age', 'server-timing', 'content-length', 'etag', 'last-modified', 'connection', 'keep-alive', 'transfer-encoding'];

/** One side of a comparison. */
export interface ComparedResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** How two answers are compared. */
export interface DiffOptions {
  /** Lower-case header names left out. */
  ignoreHeaders: ReadonlySet<string>;
  /** The primary's ids mapped to the candidate's (see `IdMap`): a mapped id is not a difference. */
  sameId?: (primary: string, candidate: string) => boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

const show = (value: unknown) => JSON.stringify(value);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const key = (path: string, name: string) => (IDENTIFIER.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`);

function diffJson(a: unknown, b: unknown, path: string, out: FieldDifference[], options: DiffOptions): void {
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta !== tb) {
    out.push({ where: 'body', path, kind: 'type', primary: show(a), candidate: show(b), noise: false });
    return;
  }
  if (ta === 'array') {
    const xs = a as unknown[];
    const ys = b as unknown[];
    for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
      const at = `${path}[${i}]`;
      if (i >= ys.length) out.push({ where: 'body', path: at, kind: 'missing', primary: show(xs[i]), noise: false });
      else if (i >= xs.length) out.push({ where: 'body', path: at, kind: 'added', candidate: show(ys[i]), noise: false });
      else diffJson(xs[i], ys[i], at, out, options);
    }
    return;
  }
  if (ta === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    for (const name of Object.keys(x)) {
      const at = key(path, name);
      if (!Object.hasOwn(y, name)) out.push({ where: 'body', path: at, kind: 'missing', primary: show(x[name]), noise: false });
      else diffJson(x[name], y[name], at, out, options);
    }
    for (const name of Object.keys(y)) if (!Object.hasOwn(x, name)) out.push({ where: 'body', path: key(path, name), kind: 'added', candidate: show(y[name]), noise: false });
    return;
  }
  if (a === b) return;
  if ((ta === 'string' || ta === 'number') && options.sameId?.(String(a), String(b))) return;
  out.push({ where: 'body', path, kind: 'changed', primary: show(a), candidate: show(b), noise: false });
}

function parseJson(text: string | undefined): { value: unknown } | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function diffText(a: string, b: string, out: FieldDifference[]): void {
  const xs = a.split('\n');
  const ys = b.split('\n');
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const path = `line ${i + 1}`;
    if (i >= ys.length) out.push({ where: 'body', path, kind: 'missing', primary: xs[i], noise: false });
    else if (i >= xs.length) out.push({ where: 'body', path, kind: 'added', candidate: ys[i], noise: false });
    else if (xs[i] !== ys[i]) out.push({ where: 'body', path, kind: 'changed', primary: xs[i], candidate: ys[i], noise: false });
  }
}

function decode(body: Uint8Array): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** The names of the cookies a response sets, sorted: their values are never compared. */
function cookieNames(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((cookie) => cookie.split('=')[0]!.trim())
    .sort()
    .join(', ');
}

function headerValue(headers: Headers, name: string): string | undefined {
  if (name === 'set-cookie') return headers.getSetCookie().length === 0 ? undefined : cookieNames(headers);
  return headers.get(name) ?? undefined;
}

/** Statuses that carry no content: their `Content-Type` describes nothing (RFC 9110), and adapters differ in adding one. */
const NO_CONTENT = new Set([204, 304]);

function diffHeaders(a: Headers, b: Headers, out: FieldDifference[], options: DiffOptions, noContent: boolean): void {
  const names = new Set<string>();
  for (const [name] of a) names.add(name);
  for (const [name] of b) names.add(name);
  for (const name of [...names].sort()) {
    if (options.ignoreHeaders.has(name) || (noContent && name === 'content-type')) continue;
    const x = headerValue(a, name);
    const y = headerValue(b, name);
    if (x === y) continue;
    if (x !== undefined && y !== undefined && name === 'location' && options.sameId?.(x, y)) continue;
    if (y === undefined) out.push({ where: 'header', path: name, kind: 'missing', primary: x, noise: false });
    else if (x === undefined) out.push({ where: 'header', path: name, kind: 'added', candidate: y, noise: false });
    else out.push({ where: 'header', path: name, kind: 'changed', primary: x, candidate: y, noise: false });
  }
}

/**
 * The fields in which `candidate` differs from `primary`, one per field: the status, a header, a
 * JSON path or a text line (a binary body counts as one field). None are marked as noise yet.
 *
 * @example
 * diffResponses(a, b, { ignoreHeaders: new Set(DEFAULT_IGNORED_HEADERS) });
 * // [{ where: 'body', path: '$.items[3].price', kind: 'type', primary: '12', candidate: '"12"', noise: false }]
 */
export function diffResponses(primary: ComparedResponse, candidate: ComparedResponse, options: DiffOptions): FieldDifference[] {
  const out: FieldDifference[] = [];
  if (primary.status !== candidate.status) out.push({ where: 'status', path: 'status', kind: 'changed', primary: String(primary.status), candidate: String(candidate.status), noise: false });
  diffHeaders(primary.headers, candidate.headers, out, options, NO_CONTENT.has(primary.status) && NO_CONTENT.has(candidate.status));
  if (sameBytes(primary.body, candidate.body)) return out;
  const x = decode(primary.body);
  const y = decode(candidate.body);
  const jx = parseJson(x);
  const jy = parseJson(y);
  if (jx && jy) diffJson(jx.value, jy.value, '$', out, options);
  else if (x !== undefined && y !== undefined) diffText(x, y, out);
  else out.push({ where: 'body', path: 'body', kind: 'changed', primary: `${primary.body.byteLength} bytes`, candidate: `${candidate.body.byteLength} bytes`, noise: false });
  return out;
}

/**
 * A field's place, the same for every array element: `$.items[3].price` → `$.items[*].price`, so
 * that noise seen in one element of a list is noise in the others.
 *
 * @example
 * fieldKey({ where: 'body', path: '$.items[3].at' }); // 'body $.items[*].at'
 */
export function fieldKey(difference: Pick<FieldDifference, 'where' | 'path'>): string {
  return `${difference.where} ${difference.where === 'body' ? difference.path.replace(/\[\d+\]/g, '[*]') : difference.path}`;
}

/**
 * Marks as noise the differences the noise comparison (the primary against itself) shows at the
 * same place too.
 *
 * @example
 * markNoise(diffResponses(a, b, options), diffResponses(a, a2, options));
 */
export function markNoise(differences: FieldDifference[], noise: readonly FieldDifference[]): FieldDifference[] {
  const noisy = new Set(noise.map(fieldKey));
  for (const difference of differences) if (noisy.has(fieldKey(difference))) difference.noise = true;
  return differences;
}
