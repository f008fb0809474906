/**
 * The fidelity corpus: varied requests, each sent once in-process and once over a real socket to
 * the same app, whose answers must match. Every entry builds its request afresh on each send.
 */
import type { TestApp } from '../../src/index.js';

/** What is compared: the status, the headers (repeated ones as separate entries) and the body bytes. */
export interface Observed {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

export interface CorpusEntry {
  readonly name: string;
  send(api: TestApp): Promise<Observed>;
}

const BOUNDARY = '----tandem-fidelity-boundary';
/** A multipart body with a fixed boundary (a FormData would pick a new random one on every send). */
const MULTIPART_BODY = Buffer.concat([
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nhéllo ✓\r\n`),
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
]);

const ALL_BYTES = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 37) & 0xff));
const TWO_MIB = (() => {
  const bytes = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 11 + (i >>> 9)) & 0xff;
  return bytes;
})();

async function* streamed(): AsyncGenerator<Uint8Array> {
  const check = Buffer.from('✓');
  for (const part of [Buffer.from('part one, '), check.subarray(0, 2), check.subarray(2), Buffer.from(', '), TWO_MIB.subarray(0, 100_000), Buffer.from(' done')]) {
    await new Promise<void>((resolve) => setImmediate(resolve)); // each part leaves on its own
    yield new Uint8Array(part);
  }
}

/** Sends through the builder; `status` is the one the entry expects (so a 4xx/5xx is not an error). */
function viaBuilder(name: string, status: number, build: (api: TestApp) => ReturnType<TestApp['get']>): CorpusEntry {
  return {
    name,
    async send(api) {
      const res = await build(api).expect(status);
      return { status: res.status, statusText: res.statusText, headers: [...res.headers], body: res.body };
    },
  };
}

/** Sends through `api.fetch`, as an app's own client library would. */
function viaFetch(name: string, input: (api: TestApp) => string | Request, init?: () => RequestInit): CorpusEntry {
  return {
    name,
    async send(api) {
      const res = await api.fetch(input(api), init?.());
      return { status: res.status, statusText: res.statusText, headers: [...res.headers], body: new Uint8Array(await res.arrayBuffer()) };
    },
  };
}

export const FIDELITY_CORPUS: readonly CorpusEntry[] = [
  viaBuilder('GET JSON', 200, (api) => api.get('/json')),
  viaBuilder('GET text', 200, (api) => api.get('/text')),
  viaBuilder('HEAD on a JSON route', 200, (api) => api.head('/json')),
  viaBuilder('HEAD on a 1 MiB route', 200, (api) => api.head('/large')),
  viaBuilder('GET 1 MiB', 200, (api) => api.get('/large')),
  viaBuilder('GET chunked response', 200, (api) => api.get('/chunked')),
  viaBuilder('GET with three Set-Cookie', 200, (api) => api.get('/cookies')),
  viaBuilder('GET custom and repeated headers', 200, (api) => api.get('/headers')),
  viaBuilder('GET 302 redirect (not followed)', 302, (api) => api.get('/redirect')),
  viaBuilder('GET 201 with Location', 201, (api) => api.get('/status/201')),
  viaBuilder('GET 204', 204, (api) => api.get('/status/204')),
  viaBuilder('GET 304', 304, (api) => api.get('/status/304')),
  viaBuilder('GET 400', 400, (api) => api.get('/status/400')),
  viaBuilder('GET 418', 418, (api) => api.get('/status/418')),
  viaBuilder('GET 500', 500, (api) => api.get('/status/500')),
  viaBuilder('GET 503', 503, (api) => api.get('/status/503')),
  viaBuilder('GET unknown route (404)', 404, (api) => api.get('/no/such/route')),
  viaBuilder('POST to a GET-only route (404)', 404, (api) => api.post('/json').json({})),
  viaBuilder('GET query: repeated keys, unicode, reserved', 200, (api) =>
    api.get('/echo/query').query({ tag: ['a', 'b', 'c'], q: 'héllo wörld & more=yes', emoji: '✓🚀', empty: '' }),
  ),
  viaBuilder('GET query written in the path, plus +, %20 and an empty key', 200, (api) => api.get('/echo/q?a=1+2&b=%20x&=v&a=3')),
  viaBuilder('GET unicode path', 200, (api) => api.get('/echo/héllo/日本/✓ space')),
  viaBuilder('GET encoded slash and reserved characters in the path', 200, (api) => api.get("/echo/a%2Fb/c;d/e,f/'g'")),
  viaBuilder('GET with request headers, bearer auth and a cookie', 200, (api) =>
    api.get('/echo/headers').set({ 'x-trace-id': 'trace-1', 'X-Mixed-Case': 'Value', accept: 'application/json', cookie: 'a=1; b=2' }).auth('secret-token'),
  ),
  viaBuilder('GET with Basic auth', 200, (api) => api.get('/echo/basic').auth({ username: 'zoë', password: 'p:ss' })),
  viaBuilder('GET with an 8 KiB header value', 200, (api) => api.get('/echo/long-header').set('x-long', 'v'.repeat(8 * 1024))),
  viaBuilder('POST JSON', 200, (api) => api.post('/echo/json').json({ title: 'héllo ✓', list: [1, 'two', null], nested: { emoji: '🚀' } })),
  viaBuilder('PUT form', 200, (api) => api.put('/echo/form').form({ name: 'Zoë', tags: ['a', 'b'], sym: 'a&b=c d' })),
  viaBuilder('POST multipart', 200, (api) => api.post('/echo/multipart').send(MULTIPART_BODY, `multipart/form-data; boundary=${BOUNDARY}`)),
  viaBuilder('PATCH raw bytes without a content type', 200, (api) => api.patch('/echo/raw').send(new Uint8Array(ALL_BYTES))),
  viaBuilder('POST text', 200, (api) => api.post('/echo/text').send('héllo ✓ 日本語')),
  viaBuilder('POST streamed (chunked) body', 200, (api) => api.post('/echo/stream').send(streamed(), 'application/octet-stream')),
  viaBuilder('POST empty body', 200, (api) => api.post('/echo/empty').send(new Uint8Array(0), 'application/octet-stream')),
  viaBuilder('POST 2 MiB to the mirror', 200, (api) => api.post('/mirror').send(TWO_MIB, 'application/octet-stream')),
  viaBuilder('PUT streamed body to the mirror', 200, (api) => api.put('/mirror').send(streamed(), 'application/octet-stream')),
  viaBuilder('DELETE', 200, (api) => api.delete('/echo/item/1')),
  viaBuilder('DELETE with a JSON body', 200, (api) => api.delete('/echo/item/2').json({ reason: 'gone' })),
  viaBuilder('OPTIONS', 200, (api) => api.options('/echo/anything')),
  viaBuilder('GET remote address', 200, (api) => api.get('/remote')),
  viaFetch('fetch: GET cookies', () => '/cookies'),
  viaFetch('fetch: POST a Request with repeated request headers', (api) => {
    const headers = new Headers({ 'content-type': 'application/json' });
    headers.append('x-repeated', 'one');
    headers.append('x-repeated', 'two');
    return new Request(`${api.origin}/echo/fetch?from=request`, { method: 'POST', headers, body: JSON.stringify({ via: 'fetch' }) });
  }),
  viaFetch('fetch: HEAD', () => '/json', () => ({ method: 'HEAD' })),
  viaFetch('fetch: 302 with redirect manual', () => '/redirect', () => ({ redirect: 'manual' })),
  viaFetch('fetch: 500 (no status check)', () => '/status/500'),
  viaFetch('fetch: chunked response', () => '/chunked'),
];
