/**
 * The fidelity corpus: requests as data, so that the same entry is sent by tandem (in each mode)
 * and by a real client on a real socket (`fidelity-reference.ts`), and their answers compared.
 *
 * An entry says what the test writes (method, request-target, headers in order, body bytes or a
 * stream of chunks) and, where a real client puts something else on the request line, what that
 * is (`wireTarget`: percent-encoded as `fetch` encodes it, fragment left out).
 */

/** A request body: bytes (sent with their `Content-Length`), or chunks sent as a stream (chunked). */
export type CorpusBody = Uint8Array | { readonly chunks: readonly Uint8Array[] };

export interface CorpusEntry {
  readonly name: string;
  readonly method: string;
  /**
   * The request-target as the test writes it: a path, a path with a query, or `{origin}/…` for an
   * absolute URL on the target's own origin.
   */
  readonly target: string;
  /** What a real client sends on the request line for `target` (when it differs from `target`). */
  readonly wireTarget?: string;
  /** Query parameters given to `.query()`, appended in order (the reference's `wireTarget` has them). */
  readonly query?: ReadonlyArray<readonly [string, string]>;
  /** Header lines as the test sets them, in order (one line per name: `.set()` replaces). */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly body?: CorpusBody;
  /** The status the app answers (the builder expects it, so a 4xx is not an error). */
  readonly status: number;
  /**
   * `'fetch'`: sent through `api.fetch` (redirects manual), as an app's own client library would;
   * the reference then also sends the headers the platform fetch adds ({@link fetchHeaders}).
   */
  readonly via?: 'fetch';
  /** The reference writes the request on a raw socket and reads the answer itself: `http.request` cannot read it. */
  readonly raw?: true;
  /** Over TLS: the `https:` origin in-process, the app served over TLS for the reference and remote. */
  readonly tls?: true;
}

/** The headers the platform fetch (undici) adds to a request it sends, in its order (`br` only over TLS). */
export function fetchHeaders(secure: boolean): ReadonlyArray<readonly [string, string]> {
  return [
    ['accept', '*/*'],
    ['accept-language', '*'],
    ['sec-fetch-mode', 'cors'],
    ['user-agent', 'node'],
    ['accept-encoding', secure ? 'br, gzip, deflate' : 'gzip, deflate'],
  ];
}

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const json = (value: unknown) => utf8(JSON.stringify(value));
const JSON_TYPE: readonly [string, string] = ['Content-Type', 'application/json'];
export const OCTETS: readonly [string, string] = ['Content-Type', 'application/octet-stream'];

const BOUNDARY = '----tandem-fidelity-boundary';
/** A multipart body with a fixed boundary (a FormData would pick a new random one on every send). */
const MULTIPART_BODY = new Uint8Array(
  Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nhéllo ✓\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]),
);

const EVERY_BYTE = new Uint8Array(Array.from({ length: 256 }, (_, i) => i));
const PATTERN_1K = new Uint8Array(Array.from({ length: 1024 }, (_, i) => (i * 37) & 0xff));
const TWO_MIB = (() => {
  const bytes = new Uint8Array(2 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 11 + (i >>> 9)) & 0xff;
  return bytes;
})();
const HUNDRED_KIB = TWO_MIB.subarray(0, 100 * 1024);

/** A stream that splits a multi-byte character across chunks and carries 100 000 bytes in one. */
const STREAMED = (() => {
  const check = Buffer.from('✓');
  return [Buffer.from('part one, '), check.subarray(0, 2), check.subarray(2), Buffer.from(', '), Buffer.from(TWO_MIB.subarray(0, 100_000)), Buffer.from(' done')].map((part) => new Uint8Array(part));
})();
const ONE_BYTE_CHUNKS = Array.from({ length: 64 }, (_, i) => new Uint8Array([0x41 + (i % 26)]));

const MANY_HEADERS: Array<[string, string]> = Array.from({ length: 40 }, (_, i) => [`x-many-${String(i).padStart(2, '0')}`, `value ${i}`]);
const MANY_PARAMS: Array<[string, string]> = Array.from({ length: 100 }, (_, i) => [`k${i}`, `v ${i}/${i % 7}`]);
const MANY_PARAMS_WIRE = `/echo/many?${new URLSearchParams(MANY_PARAMS).toString()}`;
const LONG_SEGMENT = 'a'.repeat(2000);

/** Response variety: framing, statuses, repeated and custom headers, redirects not followed. */
const RESPONSES: CorpusEntry[] = [
  { name: 'GET JSON', method: 'GET', target: '/json', status: 200 },
  { name: 'GET text', method: 'GET', target: '/text', status: 200 },
  { name: 'GET an HTML form', method: 'GET', target: '/form', status: 200 },
  { name: 'GET 1 MiB', method: 'GET', target: '/large', status: 200 },
  { name: 'GET chunked response', method: 'GET', target: '/chunked', status: 200 },
  { name: 'GET three Set-Cookie', method: 'GET', target: '/cookies', status: 200 },
  { name: 'GET custom and repeated response headers', method: 'GET', target: '/headers', status: 200 },
  { name: 'GET 302 redirect (not followed)', method: 'GET', target: '/redirect', status: 302 },
  { name: 'GET 201 with Location', method: 'GET', target: '/status/201', status: 201 },
  { name: 'GET 204', method: 'GET', target: '/status/204', status: 204 },
  { name: 'GET 304', method: 'GET', target: '/status/304', status: 304 },
  { name: 'GET 400', method: 'GET', target: '/status/400', status: 400 },
  { name: 'GET 418', method: 'GET', target: '/status/418', status: 418 },
  { name: 'GET 500', method: 'GET', target: '/status/500', status: 500 },
  { name: 'GET 503', method: 'GET', target: '/status/503', status: 503 },
  { name: 'GET unknown route (404)', method: 'GET', target: '/no/such/route', status: 404 },
  { name: 'POST to a GET-only route (404)', method: 'POST', target: '/json', headers: [JSON_TYPE], body: json({}), status: 404 },
  { name: 'GET remote address', method: 'GET', target: '/remote', status: 200 },
  { name: 'GET 102 and 103 before the final 200', method: 'GET', target: '/informational', status: 200 },
  { name: 'GET 299 (unassigned, in range)', method: 'GET', target: '/raw-status/299', status: 299 },
  { name: 'HEAD on a JSON route', method: 'HEAD', target: '/json', status: 200 },
  { name: 'HEAD on a 1 MiB route', method: 'HEAD', target: '/large', status: 200 },
  { name: 'GET 101 in answer to an upgrade request', method: 'GET', target: '/raw-status/101', headers: [['Connection', 'upgrade'], ['Upgrade', 'tandem-test']], status: 101, raw: true },
  { name: 'GET 101 to a request that asked for no upgrade', method: 'GET', target: '/raw-status/101', status: 101 },
  { name: 'GET 799', method: 'GET', target: '/raw-status/799', status: 799 },
  { name: 'HEAD 799', method: 'HEAD', target: '/raw-status/799', status: 799 },
  { name: 'GET 600', method: 'GET', target: '/raw-status/600', status: 600 },
  { name: 'GET 999', method: 'GET', target: '/raw-status/999', status: 999 },
];

/** The request-target as written: dot segments, `//`, percent-encodings and case kept; what fetch encodes, encoded. */
const TARGETS: CorpusEntry[] = [
  { name: 'GET dot-dot segment', method: 'GET', target: '/echo/static/../secret', status: 200 },
  { name: 'GET dot segment', method: 'GET', target: '/echo/static/./secret', status: 200 },
  { name: 'GET %2e%2e segment', method: 'GET', target: '/echo/static/%2e%2e/secret', status: 200 },
  { name: 'GET %2E%2E segment (upper case)', method: 'GET', target: '/echo/static/%2E%2E/secret', status: 200 },
  { name: 'GET mixed .%2e segment', method: 'GET', target: '/echo/a/.%2e/b', status: 200 },
  { name: 'GET trailing dot-dot', method: 'GET', target: '/echo/a/b/..', status: 200 },
  { name: 'GET dot-dot above the root', method: 'GET', target: '/echo/../../echo/up', status: 200 },
  { name: 'GET //evil.example/x as a path', method: 'GET', target: '//evil.example/x', status: 404 },
  { name: 'DELETE dot segments', method: 'DELETE', target: '/echo/item/../other/%2e%2e/1', status: 200 },
  { name: 'POST to a dot-segment path', method: 'POST', target: '/echo/static/../upload', headers: [JSON_TYPE], body: json({ up: true }), status: 200 },
  { name: 'GET double slashes', method: 'GET', target: '/echo//double//slash/', status: 200 },
  { name: 'GET //evil.example inside the echo', method: 'GET', target: '/echo//evil.example/x', status: 200 },
  { name: 'GET encoded slash %2F', method: 'GET', target: '/echo/a%2Fb', status: 200 },
  { name: 'GET encoded slash %2f (lower case)', method: 'GET', target: '/echo/a%2fb', status: 200 },
  { name: 'GET encoded unreserved characters', method: 'GET', target: '/echo/%41%42%7Euser', status: 200 },
  { name: 'GET case kept', method: 'GET', target: '/echo/MiXeD/CaSe', status: 200 },
  { name: 'GET reserved characters in the path', method: 'GET', target: "/echo/a%2Fb/c;d/e,f/'g'/@:!$&*+=", status: 200 },
  { name: 'GET a space, percent-encoded', method: 'GET', target: '/echo/with space', wireTarget: '/echo/with%20space', status: 200 },
  { name: 'GET unicode path, percent-encoded', method: 'GET', target: '/echo/héllo/日本/✓ space', wireTarget: '/echo/h%C3%A9llo/%E6%97%A5%E6%9C%AC/%E2%9C%93%20space', status: 200 },
  { name: 'GET quotes and brackets, percent-encoded', method: 'GET', target: '/echo/{a}<b>"c"`d`', wireTarget: '/echo/%7Ba%7D%3Cb%3E%22c%22%60d%60', status: 200 },
  { name: 'GET a control character, percent-encoded', method: 'GET', target: '/echo/ctl\u0001x', wireTarget: '/echo/ctl%01x', status: 200 },
  { name: 'GET a fragment, not sent', method: 'GET', target: '/echo/frag?x=1#section', wireTarget: '/echo/frag?x=1', status: 200 },
  { name: 'GET query written in the path: +, %20, an empty key', method: 'GET', target: '/echo/q?a=1+2&b=%20x&=v&a=3', status: 200 },
  { name: 'GET query with dot segments and encodings', method: 'GET', target: '/echo/q?path=a/../b&%2e%2e=%2F', status: 200 },
  { name: 'GET query with a space, unicode and a quote', method: 'GET', target: "/echo/q?name=zoë smith&it's", wireTarget: '/echo/q?name=zo%C3%AB%20smith&it%27s', status: 200 },
  {
    name: 'GET .query(): repeated keys, unicode, reserved',
    method: 'GET',
    target: '/echo/query',
    query: [['tag', 'a'], ['tag', 'b'], ['tag', 'c'], ['q', 'héllo wörld & more=yes'], ['emoji', '✓🚀'], ['empty', '']],
    wireTarget: '/echo/query?tag=a&tag=b&tag=c&q=h%C3%A9llo+w%C3%B6rld+%26+more%3Dyes&emoji=%E2%9C%93%F0%9F%9A%80&empty=',
    status: 200,
  },
  { name: 'GET .query() after a query in the path', method: 'GET', target: '/echo/query?x=1', query: [['y', '2 3']], wireTarget: '/echo/query?x=1&y=2+3', status: 200 },
  { name: 'GET 100 query parameters', method: 'GET', target: '/echo/many', query: MANY_PARAMS, wireTarget: MANY_PARAMS_WIRE, status: 200 },
  { name: 'GET a 2000-character segment', method: 'GET', target: `/echo/${LONG_SEGMENT}`, status: 200 },
  { name: 'GET an absolute URL on the own origin', method: 'GET', target: '{origin}/echo/absolute?x=1', wireTarget: '/echo/absolute?x=1', status: 200 },
  { name: 'GET a path without a leading slash', method: 'GET', target: 'echo/relative', wireTarget: '/echo/relative', status: 200 },
];

/** Headers as the test sets them. */
const HEADERS: CorpusEntry[] = [
  { name: 'GET with request headers, bearer auth and a cookie', method: 'GET', target: '/echo/headers', headers: [['x-trace-id', 'trace-1'], ['X-Mixed-Case', 'Value'], ['accept', 'application/json'], ['cookie', 'a=1; b=2'], ['Authorization', 'Bearer secret-token']], status: 200 },
  { name: 'GET with Basic auth', method: 'GET', target: '/echo/basic', headers: [['Authorization', `Basic ${Buffer.from('zoë:p:ss').toString('base64')}`]], status: 200 },
  { name: 'GET with an 8 KiB header value', method: 'GET', target: '/echo/long-header', headers: [['x-long', 'v'.repeat(8 * 1024)]], status: 200 },
  { name: 'GET with 40 headers', method: 'GET', target: '/echo/many-headers', headers: MANY_HEADERS, status: 200 },
  { name: 'GET with an empty header value', method: 'GET', target: '/echo/empty-header', headers: [['x-empty', '']], status: 200 },
  { name: 'GET with a custom User-Agent and Accept', method: 'GET', target: '/echo/agent', headers: [['User-Agent', 'my-client/1.0 (+https://example.test)'], ['Accept', 'text/html;q=0.9, */*;q=0.1']], status: 200 },
  { name: 'GET with upper-case header names', method: 'GET', target: '/echo/upper', headers: [['X-UPPER', 'A'], ['x-lower', 'b'], ['X-Dash-Case', 'c']], status: 200 },
  { name: 'POST with its own Content-Length', method: 'POST', target: '/echo/cl', headers: [JSON_TYPE, ['Content-Length', '13']], body: utf8('{"own":"len"}'), status: 200 },
  { name: 'GET with Content-Length: 0', method: 'GET', target: '/echo/cl0', headers: [['Content-Length', '0']], status: 200 },
  { name: 'HEAD on the echo (Connection as for GET)', method: 'HEAD', target: '/echo/head', status: 200 },
  { name: 'HEAD on the echo with headers', method: 'HEAD', target: '/echo/head?x=1', headers: [['x-trace-id', 'trace-2'], ['accept', 'application/json']], status: 200 },
  { name: 'POST with Transfer-Encoding: chunked and bytes', method: 'POST', target: '/echo/te', headers: [OCTETS, ['Transfer-Encoding', 'chunked']], body: PATTERN_1K, status: 200 },
  { name: 'POST with Transfer-Encoding: chunked and a stream', method: 'POST', target: '/echo/te-stream', headers: [['Transfer-Encoding', 'chunked'], OCTETS], body: { chunks: STREAMED }, status: 200 },
  { name: 'PUT with Transfer-Encoding: chunked and an empty body', method: 'PUT', target: '/echo/te-empty', headers: [['Transfer-Encoding', 'chunked']], body: new Uint8Array(0), status: 200 },
  { name: 'PUT with Expect: 100-continue', method: 'PUT', target: '/echo/expect', headers: [['Expect', '100-continue'], OCTETS], body: PATTERN_1K, status: 200 },
  { name: 'POST 2 MiB with Expect: 100-continue to the mirror', method: 'POST', target: '/mirror', headers: [OCTETS, ['Expect', '100-continue']], body: TWO_MIB, status: 200 },
  { name: 'POST a stream with Expect: 100-continue', method: 'POST', target: '/echo/expect-stream', headers: [['Expect', '100-continue']], body: { chunks: STREAMED }, status: 200 },
  { name: 'POST Expect: 100-continue to an unknown route', method: 'POST', target: '/no/such/upload', headers: [['Expect', '100-continue'], JSON_TYPE], body: json({ x: 1 }), status: 404 },
];

/** Bodies: on every method HTTP allows, in every shape. */
const BODIES: CorpusEntry[] = [
  { name: 'DELETE with a JSON body', method: 'DELETE', target: '/echo/item/2', headers: [JSON_TYPE], body: json({ reason: 'gone' }), status: 200 },
  { name: 'OPTIONS with a body', method: 'OPTIONS', target: '/echo/anything', headers: [['Content-Type', 'text/plain']], body: utf8('which methods?'), status: 200 },
  { name: 'DELETE', method: 'DELETE', target: '/echo/item/1', status: 200 },
  { name: 'OPTIONS', method: 'OPTIONS', target: '/echo/anything', status: 200 },
  { name: 'POST JSON', method: 'POST', target: '/echo/json', headers: [JSON_TYPE], body: json({ title: 'héllo ✓', list: [1, 'two', null], nested: { emoji: '🚀' } }), status: 200 },
  { name: 'PATCH JSON', method: 'PATCH', target: '/echo/json/1', headers: [['Content-Type', 'application/merge-patch+json']], body: json({ title: null }), status: 200 },
  { name: 'PUT form', method: 'PUT', target: '/echo/form', headers: [['Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8']], body: utf8('name=Zo%C3%AB&tags=a&tags=b&sym=a%26b%3Dc+d'), status: 200 },
  { name: 'POST multipart', method: 'POST', target: '/echo/multipart', headers: [['Content-Type', `multipart/form-data; boundary=${BOUNDARY}`]], body: MULTIPART_BODY, status: 200 },
  { name: 'PATCH raw bytes without a content type', method: 'PATCH', target: '/echo/raw', body: PATTERN_1K, status: 200 },
  { name: 'POST every byte value to the mirror', method: 'POST', target: '/mirror', headers: [OCTETS], body: EVERY_BYTE, status: 200 },
  { name: 'POST text', method: 'POST', target: '/echo/text', headers: [['Content-Type', 'text/plain;charset=UTF-8']], body: utf8('héllo ✓ 日本語'), status: 200 },
  { name: 'POST one byte', method: 'POST', target: '/echo/one', body: new Uint8Array([0]), status: 200 },
  { name: 'POST streamed (chunked) body', method: 'POST', target: '/echo/stream', headers: [OCTETS], body: { chunks: STREAMED }, status: 200 },
  { name: 'POST an empty stream', method: 'POST', target: '/echo/empty-stream', headers: [OCTETS], body: { chunks: [] }, status: 200 },
  { name: 'PUT an empty stream to the mirror', method: 'PUT', target: '/mirror', body: { chunks: [] }, status: 200 },
  { name: 'POST 64 one-byte chunks', method: 'POST', target: '/echo/tiny-chunks', body: { chunks: ONE_BYTE_CHUNKS }, status: 200 },
  { name: 'POST empty body', method: 'POST', target: '/echo/empty', headers: [OCTETS], body: new Uint8Array(0), status: 200 },
  { name: 'POST without a body', method: 'POST', target: '/echo/no-body', status: 200 },
  { name: 'PUT without a body', method: 'PUT', target: '/echo/no-body', status: 200 },
  { name: 'POST 2 MiB to the mirror', method: 'POST', target: '/mirror', headers: [OCTETS], body: TWO_MIB, status: 200 },
  { name: 'PUT streamed body to the mirror', method: 'PUT', target: '/mirror', headers: [OCTETS], body: { chunks: STREAMED }, status: 200 },
  { name: 'PATCH 100 KiB to the mirror', method: 'PATCH', target: '/mirror', body: HUNDRED_KIB, status: 200 },
  { name: 'GET with a JSON body (a search)', method: 'GET', target: '/echo/search', headers: [JSON_TYPE], body: json({ query: { match: 'héllo' }, size: 10 }), status: 200 },
  { name: 'GET with a streamed body', method: 'GET', target: '/echo/search-stream', headers: [OCTETS], body: { chunks: STREAMED }, status: 200 },
];

/** Through `api.fetch`, as an app's own client library would send. */
const FETCHES: CorpusEntry[] = [
  { name: 'fetch: GET cookies', method: 'GET', target: '/cookies', via: 'fetch', status: 200 },
  { name: 'fetch: POST JSON to the echo', method: 'POST', target: '/echo/fetch?from=fetch', headers: [['content-type', 'application/json'], ['x-repeated', 'one, two']], body: json({ via: 'fetch' }), via: 'fetch', status: 200 },
  { name: 'fetch: 302 with redirect manual', method: 'GET', target: '/redirect', via: 'fetch', status: 302 },
  { name: 'fetch: 500 (no status check)', method: 'GET', target: '/status/500', via: 'fetch', status: 500 },
  { name: 'fetch: chunked response', method: 'GET', target: '/chunked', via: 'fetch', status: 200 },
  { name: 'fetch: HEAD', method: 'HEAD', target: '/json', via: 'fetch', status: 200 },
  { name: 'fetch: GET echo with a space', method: 'GET', target: '/echo/fetch space', wireTarget: '/echo/fetch%20space', via: 'fetch', status: 200 },
  { name: 'fetch: DELETE with a body', method: 'DELETE', target: '/echo/fetch/1', body: utf8('bye'), via: 'fetch', status: 200 },
];

/** Over TLS: what the app sees of the connection (`encrypted`), and everything else unchanged. */
const TLS: CorpusEntry[] = [
  { name: 'TLS: GET the echo', method: 'GET', target: '/echo/tls', tls: true, status: 200 },
  { name: 'TLS: POST JSON to the echo', method: 'POST', target: '/echo/tls/json', headers: [JSON_TYPE], body: json({ secure: true }), tls: true, status: 200 },
  { name: 'TLS: GET dot segments', method: 'GET', target: '/echo/static/../tls', tls: true, status: 200 },
  { name: 'TLS: fetch the echo', method: 'GET', target: '/echo/tls-fetch', via: 'fetch', tls: true, status: 200 },
  { name: 'TLS: GET JSON', method: 'GET', target: '/json', tls: true, status: 200 },
  { name: 'TLS: GET three Set-Cookie', method: 'GET', target: '/cookies', tls: true, status: 200 },
  { name: 'TLS: GET chunked response', method: 'GET', target: '/chunked', tls: true, status: 200 },
  { name: 'TLS: POST 100 KiB to the mirror', method: 'POST', target: '/mirror', headers: [OCTETS], body: HUNDRED_KIB, tls: true, status: 200 },
  { name: 'TLS: GET remote address', method: 'GET', target: '/remote', tls: true, status: 200 },
  { name: 'TLS: HEAD on the echo', method: 'HEAD', target: '/echo/tls-head', tls: true, status: 200 },
];

export const FIDELITY_CORPUS: readonly CorpusEntry[] = [...RESPONSES, ...TARGETS, ...HEADERS, ...BODIES, ...FETCHES, ...TLS];
