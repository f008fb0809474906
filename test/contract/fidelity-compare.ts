/**
 * How the fidelity corpus compares what tandem got with what the real-client reference got.
 *
 * - **Status and reason phrase**: exactly.
 * - **Response headers**: as a fetch `Headers` holds them, which is what a test reads: names
 *   case-insensitively, values exactly, the values of a repeated name joined by `, ` in the order
 *   received (`Set-Cookie` lines kept apart, in order). `Date` is left out (the clock).
 *   `Connection` and `Keep-Alive` are compared: the server writes them from the request's own
 *   `Connection`, so the same request gets the same ones.
 * - **Body**: byte for byte, except the echo's report of what the app saw (a JSON body, or for HEAD
 *   the `X-Echo` header), compared field by field: method, raw request-target, parsed path and
 *   query, headers, framing headers, body bytes (length, SHA-256, base64) and socket encryption
 *   exactly, and the raw header lines by the definition below. (Its `Content-Length` is compared
 *   exactly like any header: case and order between names do not change a report's length.)
 * - **Raw request header lines the app saw** (`req.rawHeaders`): grouped by name, names compared
 *   case-insensitively (undici writes `host`, Node's `http.request` `Host`), values exactly, the
 *   order of one name's lines kept; the order between different names is not compared (undici
 *   writes `host` and `connection` first, Node's `http.request` writes `Connection` last).
 *   `X-Tandem-Run` is no exception: the reference sends the run's header too.
 *
 * Anything else that differs is a difference. A fetch handler called in memory (Hono in-process)
 * has no wire, so a few narrowly matched differences are known ones ({@link KNOWN}); nothing else is.
 */
import type { CorpusEntry } from './fidelity-corpus.js';
import { fetchHeaders } from './fidelity-corpus.js';
import type { Observed } from './fidelity-reference.js';

/** A request's outcome: the answer, or the error the client failed with. */
export type Outcome = Observed | { error: string };

export interface Difference {
  entry: string;
  mode: string;
  field: string;
  tandem: string;
  reference: string;
}

export interface KnownDifference extends Difference {
  reason: string;
}

export interface Comparison {
  differences: Difference[];
  known: KnownDifference[];
}

export const KNOWN = {
  framing: 'response framing and connection (Content-Length, Transfer-Encoding, Connection, Keep-Alive) are written by the server adapter on the wire; a Response in memory has none',
  defaultType: '@hono/node-server adds Content-Type "text/plain; charset=UTF-8" on the wire to a response that sets none',
  reason: 'a fetch handler Response has an empty statusText; Node writes the standard reason phrase on the wire',
  requestFraming: 'the app sees request framing (Host, Content-Length, Transfer-Encoding, Connection) only on the wire; a Request passed in memory has none',
  fetchDefaults: 'api.fetch: the platform fetch adds its default request headers (Accept, User-Agent, …) on the way to a socket; a Request handed to the handler in memory has none',
  requestUrl: "a Request's URL is parsed (WHATWG): dot segments, also %2e ones, are resolved before the handler sees it; on the wire the app reads the raw request-target",
  bodyOnGet: 'a Request cannot carry a body on GET or HEAD (the fetch standard forbids it): tandem refuses such a request to a fetch handler in memory; @hono/node-server drops the body on the wire',
} as const;

const IGNORED_HEADERS = new Set(['date', 'x-echo']);
const REQUEST_FRAMING = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
const RESPONSE_FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
const fetchDefault = (entry: CorpusEntry, name: string) => new Map(fetchHeaders(entry.tls === true)).get(name);

/** The response headers as a fetch `Headers` holds them: lower-case names, sorted, repeated values joined. */
export function visibleHeaders(lines: ReadonlyArray<readonly [string, string]>): Map<string, string[]> {
  const headers = new Headers();
  for (const [name, value] of lines) headers.append(name, value);
  const map = new Map<string, string[]>();
  for (const [name, value] of headers) map.set(name, [...(map.get(name) ?? []), value]);
  return map;
}

/** Raw header lines grouped by lower-cased name, each name's values in the order received. */
export function rawHeaderGroups(lines: ReadonlyArray<readonly [string, string]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, value] of lines) {
    const lower = name.toLowerCase();
    map.set(lower, [...(map.get(lower) ?? []), value]);
  }
  return map;
}

type EchoReport = Record<string, unknown> & { rawHeaders: Array<[string, string]> };

function parseEcho(bytes: Uint8Array | string): EchoReport | undefined {
  try {
    const value = JSON.parse(typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')) as unknown;
    if (value && typeof value === 'object' && Array.isArray((value as { rawHeaders?: unknown }).rawHeaders)) return value as EchoReport;
  } catch {
    // not an echo
  }
  return undefined;
}

const show = (value: unknown) => (value === undefined ? 'absent' : JSON.stringify(value));
const excerpt = (body: Uint8Array) => `${body.byteLength} bytes: ${JSON.stringify(Buffer.from(body).subarray(0, 200).toString('utf8'))}`;

/** The path and query a WHATWG URL parser makes of a request-target. */
function parsedTarget(raw: string): string {
  const url = new URL(`http://parsed.invalid${raw.startsWith('/') ? '' : '/'}${raw}`);
  return url.pathname + url.search;
}

/**
 * Compares one entry's outcome through tandem with the reference's. `inMemoryFetchHandler`: tandem
 * called a fetch handler in memory, where the differences of {@link KNOWN} are allowed.
 *
 * @example
 * const { differences } = compareOutcomes(entry, 'in-process', tandem, reference, false);
 */
export function compareOutcomes(entry: CorpusEntry, mode: string, tandem: Outcome, reference: Outcome, inMemoryFetchHandler: boolean): Comparison {
  const result: Comparison = { differences: [], known: [] };
  const differ = (field: string, a: string, b: string, reason?: string) => {
    const difference = { entry: entry.name, mode, field, tandem: a, reference: b };
    if (inMemoryFetchHandler && reason) result.known.push({ ...difference, reason });
    else result.differences.push(difference);
  };
  if ('error' in tandem || 'error' in reference) {
    const a = 'error' in tandem ? `error: ${tandem.error}` : `status ${tandem.status}`;
    const b = 'error' in reference ? `error: ${reference.error}` : `status ${reference.status}`;
    const refusedBody = 'error' in tandem && !('error' in reference) && (entry.method === 'GET' || entry.method === 'HEAD') && entry.body !== undefined && tandem.error.startsWith('TANDEM_INVALID_REQUEST:');
    differ('outcome', a, b, refusedBody ? KNOWN.bodyOnGet : undefined);
    return result;
  }
  if (tandem.status !== reference.status) differ('status', String(tandem.status), String(reference.status));
  if (tandem.statusText !== reference.statusText) differ('statusText', show(tandem.statusText), show(reference.statusText), tandem.statusText === '' ? KNOWN.reason : undefined);

  const a = visibleHeaders(tandem.headers);
  const b = visibleHeaders(reference.headers);
  for (const name of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (IGNORED_HEADERS.has(name)) continue;
    const av = a.get(name);
    const bv = b.get(name);
    if (JSON.stringify(av) === JSON.stringify(bv)) continue;
    let reason: string | undefined;
    if (av === undefined && RESPONSE_FRAMING.has(name)) reason = KNOWN.framing;
    if (!reason && av === undefined && name === 'content-type' && bv?.length === 1 && bv[0] === 'text/plain; charset=UTF-8') reason = KNOWN.defaultType;
    differ(`header ${name}`, show(av), show(bv), reason);
  }

  const echoHeaderA = a.get('x-echo');
  const echoHeaderB = b.get('x-echo');
  if (echoHeaderA || echoHeaderB) {
    const decode = (value: string[] | undefined) => (value?.length === 1 ? parseEcho(Buffer.from(value[0]!, 'base64').toString('utf8')) : undefined);
    compareEchoes(entry, decode(echoHeaderA), decode(echoHeaderB), 'X-Echo', differ, show(echoHeaderA), show(echoHeaderB));
  }

  const echoA = parseEcho(tandem.body);
  const echoB = parseEcho(reference.body);
  if (echoA || echoB) compareEchoes(entry, echoA, echoB, 'echo', differ, excerpt(tandem.body), excerpt(reference.body));
  else if (!Buffer.from(tandem.body).equals(Buffer.from(reference.body))) differ('body', excerpt(tandem.body), excerpt(reference.body));
  return result;
}

type Differ = (field: string, a: string, b: string, reason?: string) => void;

function compareEchoes(entry: CorpusEntry, a: EchoReport | undefined, b: EchoReport | undefined, where: string, differ: Differ, rawA: string, rawB: string): void {
  if (!a || !b) {
    differ(where, a ? 'an echo' : rawA, b ? 'an echo' : rawB);
    return;
  }
  for (const field of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    const av = a[field];
    const bv = b[field];
    if (field === 'rawHeaders') {
      compareRawHeaders(entry, a.rawHeaders, b.rawHeaders, `${where} rawHeaders`, differ);
    } else if (field === 'headers' || field === 'framing') {
      const ao = (av ?? {}) as Record<string, string>;
      const bo = (bv ?? {}) as Record<string, string>;
      for (const key of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
        if (ao[key] === bo[key]) continue;
        let reason: string | undefined;
        if (ao[key] === undefined && field === 'framing') reason = KNOWN.requestFraming;
        if (ao[key] === undefined && field === 'headers' && entry.via === 'fetch' && fetchDefault(entry, key) === bo[key]) reason = KNOWN.fetchDefaults;
        differ(`${where} ${field}.${key}`, show(ao[key]), show(bo[key]), reason);
      }
    } else if (JSON.stringify(av) !== JSON.stringify(bv)) {
      const reason = field === 'rawUrl' && typeof av === 'string' && typeof bv === 'string' && av === parsedTarget(bv) ? KNOWN.requestUrl : undefined;
      differ(`${where} ${field}`, show(av), show(bv), reason);
    }
  }
}

function compareRawHeaders(entry: CorpusEntry, a: Array<[string, string]>, b: Array<[string, string]>, where: string, differ: Differ): void {
  const ga = rawHeaderGroups(a);
  const gb = rawHeaderGroups(b);
  for (const name of [...new Set([...ga.keys(), ...gb.keys()])].sort()) {
    const av = ga.get(name);
    const bv = gb.get(name);
    if (JSON.stringify(av) === JSON.stringify(bv)) continue;
    let reason: string | undefined;
    if (av === undefined && REQUEST_FRAMING.has(name)) reason = KNOWN.requestFraming;
    if (av === undefined && entry.via === 'fetch' && bv?.length === 1 && fetchDefault(entry, name) === bv[0]) reason = KNOWN.fetchDefaults;
    differ(`${where} ${name}`, show(av), show(bv), reason);
  }
}
