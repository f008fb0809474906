/**
 * The contract cases, written once and run against every target (see targets.ts). A case that
 * cannot apply to a target says why in `skip`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { TestRequest, type TandemError, type TestApp, type TestResponse } from '../../src/index.js';
import { fetch as undiciFetch, request as undiciRequest } from 'undici';
import {
  CHUNKS,
  COOKIES,
  CREATED_LOCATION,
  JSON_DOCUMENT,
  LARGE_BODY,
  REDIRECT_BODY,
  REDIRECT_LOCATION,
  TEXT_BODY,
  type Echo,
} from '../fixtures/contract-apps/index.js';
import type { ContractTarget } from './targets.js';
import { rejectsWith } from '../support/rejects-with.js';
import { TARGET_CASES } from './target-cases.js';
import { SOCKET_CASES } from './socket-cases.js';
import { FRAMING_CASES } from './framing-cases.js';

/** The platform globals as they were before any target was made. */
const PLATFORM = { fetch: globalThis.fetch, Request: globalThis.Request, Response: globalThis.Response, Headers: globalThis.Headers, FormData: globalThis.FormData };

export interface CaseContext {
  /** The target's shared test app. */
  readonly api: TestApp;
  readonly target: ContractTarget;
  /** A new test app for the same target, for cases that close it; the case closes it. */
  readonly create: () => TestApp;
}

export interface ContractCase {
  readonly name: string;
  /** A reason this case cannot apply to `target`, or undefined when it applies. */
  skip?(target: ContractTarget): string | undefined;
  run(context: CaseContext): Promise<void>;
}

const NO_SOCKET = 'a fetch handler is handed a Request, not a connection: it has no socket to report';
const NO_WIRE_HOST = 'a fetch handler called in-process gets a Request, which carries no Host header (no connection, so no framing headers)';

const echoOf = (res: TestResponse): Echo => res.json as Echo;
const echoBytes = (echo: Echo): Buffer => Buffer.from(echo.bodyBase64, 'base64');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Every byte value, then some multi-byte UTF-8, repeated: what a lossy path would spoil. */
const RAW_BYTES = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('héllo ✓ 🚀 日本語', 'utf8')]);

/** 3 MiB, more than any default buffer or parser chunk. */
const BIG_UPLOAD = (() => {
  const bytes = Buffer.alloc(3 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 13 + (i >>> 12)) & 0xff;
  return bytes;
})();

export const CONTRACT_CASES: readonly ContractCase[] = [
  {
    name: 'GET answers with status and JSON',
    async run({ api }) {
      const res = await api.get('/json');
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, JSON_DOCUMENT);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    },
  },
  {
    name: 'a 500 fails by default with TANDEM_UNEXPECTED_STATUS; .expect(500) admits it',
    async run({ api }) {
      const error = await rejectsWith(api.get('/status/500'), 'TANDEM_UNEXPECTED_STATUS');
      assert.equal(error.response?.status, 500);
      assert.match(error.message, /GET \S+\/status\/500/);
      assert.match(error.message, /boom/);
      const res = await api.get('/status/500').expect(500);
      assert.deepEqual(res.json, { status: 500, error: 'boom' });
    },
  },
  {
    name: 'a 404 fails by default; .expect(404) admits it',
    async run({ api }) {
      const error = await rejectsWith(api.get('/no/such/route'), 'TANDEM_UNEXPECTED_STATUS');
      assert.equal(error.response?.status, 404);
      const res = await api.get('/no/such/route').expect(404);
      assert.deepEqual(res.json, { error: 'not found', path: '/no/such/route' });
    },
  },
  {
    name: '.expect(404) rejects a 200',
    async run({ api }) {
      const error = await rejectsWith(api.get('/json').expect(404), 'TANDEM_UNEXPECTED_STATUS');
      assert.equal(error.response?.status, 200);
      assert.equal(error.expected, 404);
      assert.equal(error.actual, 200);
    },
  },
  {
    name: '.expect() takes a list of codes and a class',
    async run({ api }) {
      assert.equal((await api.get('/status/201').expect([200, 201])).status, 201);
      assert.equal((await api.get('/status/202').expect('2xx')).status, 202);
      assert.equal((await api.get('/status/418').expect('4xx')).status, 418);
      await rejectsWith(api.get('/status/201').expect('4xx'), 'TANDEM_UNEXPECTED_STATUS');
      await rejectsWith(api.get('/status/503').expect([500, 502]), 'TANDEM_UNEXPECTED_STATUS');
    },
  },
  {
    name: 'expectJson passes on a partial match',
    async run({ api }) {
      const res = await api
        .get('/json')
        .expectJson({ name: 'tandem', nested: { ok: true, text: /wörld/ } })
        .expectJson({ tags: ['in-process', 'loopback', 'remote'], nested: { absent: undefined } });
      assert.equal(res.status, 200);
    },
  },
  {
    name: 'expectJson fails with TANDEM_EXPECTATION_FAILED on a mismatch',
    async run({ api }) {
      const error = await rejectsWith(api.get('/json').expectJson({ nested: { ok: false } }), 'TANDEM_EXPECTATION_FAILED');
      assert.equal(error.response?.status, 200);
      await rejectsWith(api.get('/json').expectJson({ missing: 1 }), 'TANDEM_EXPECTATION_FAILED');
      await rejectsWith(api.get('/json').expectJson({ tags: ['in-process', 'remote'] }), 'TANDEM_EXPECTATION_FAILED');
      await rejectsWith(api.get('/text').expectJson({ name: 'tandem' }), 'TANDEM_NOT_JSON');
    },
  },
  {
    name: 'expectHeader matches a string or a RegExp, and fails on a mismatch or absence',
    async run({ api }) {
      await api.get('/headers').expectHeader('x-custom', 'custom-value').expectHeader('Content-Type', /^application\/json/);
      await rejectsWith(api.get('/headers').expectHeader('x-custom', 'other'), 'TANDEM_EXPECTATION_FAILED');
      await rejectsWith(api.get('/headers').expectHeader('x-absent', /.*/), 'TANDEM_EXPECTATION_FAILED');
    },
  },
  {
    name: 'expectText matches a string or a RegExp, and fails on a mismatch',
    async run({ api }) {
      const res = await api.get('/text').expectText(TEXT_BODY).expectText(/tandem ✓/);
      assert.equal(res.text, TEXT_BODY);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      await rejectsWith(api.get('/text').expectText('hello'), 'TANDEM_EXPECTATION_FAILED');
      await rejectsWith(api.get('/text').expectText(/^goodbye/), 'TANDEM_EXPECTATION_FAILED');
    },
  },
  {
    name: 'query strings reach the app: repeated keys, unicode, reserved characters',
    async run({ api }) {
      const res = await api.get('/echo/query').query({ tag: ['a', 'b'], q: 'héllo wörld & more=yes', emoji: '✓🚀', empty: '', skipped: undefined });
      assert.deepEqual(echoOf(res).query, [
        ['tag', 'a'],
        ['tag', 'b'],
        ['q', 'héllo wörld & more=yes'],
        ['emoji', '✓🚀'],
        ['empty', ''],
      ]);
      const inline = echoOf(await api.get('/echo/query?x=1&x=2').query({ y: '日本' }));
      assert.deepEqual(inline.query, [
        ['x', '1'],
        ['x', '2'],
        ['y', '日本'],
      ]);
      assert.equal(inline.rawQuery, 'x=1&x=2&y=%E6%97%A5%E6%9C%AC');
    },
  },
  {
    name: 'unicode paths reach the app percent-encoded',
    async run({ api }) {
      const res = await api.get('/echo/héllo/日本/✓ space');
      const echo = echoOf(res);
      assert.equal(echo.path, '/echo/h%C3%A9llo/%E6%97%A5%E6%9C%AC/%E2%9C%93%20space');
      assert.equal(echo.decodedPath, '/echo/héllo/日本/✓ space');
      assert.equal(res.url, `${api.origin}/echo/h%C3%A9llo/%E6%97%A5%E6%9C%AC/%E2%9C%93%20space`);
    },
  },
  {
    name: 'request headers reach the app',
    async run({ api }) {
      const echo = echoOf(
        await api
          .get('/echo/headers')
          .set('X-Trace-Id', 'trace-1')
          .set({ 'x-two': 2, accept: 'application/json', cookie: 'a=1; b=2' })
          .auth('secret-token'),
      );
      assert.equal(echo.headers['x-trace-id'], 'trace-1');
      assert.equal(echo.headers['x-two'], '2');
      assert.equal(echo.headers.accept, 'application/json');
      assert.equal(echo.headers.cookie, 'a=1; b=2');
      assert.equal(echo.headers.authorization, 'Bearer secret-token');
      const basic = echoOf(await api.get('/echo/headers').auth({ username: 'zoë', password: 'p:ss' }));
      assert.equal(basic.headers.authorization, `Basic ${Buffer.from('zoë:p:ss').toString('base64')}`);
      const replaced = echoOf(await api.get('/echo/headers').set('x-once', 'first').set('X-Once', 'second'));
      assert.equal(replaced.headers['x-once'], 'second');
    },
  },
  {
    name: 'the app sees the origin in Host',
    skip: (target) => (target.wire ? undefined : NO_WIRE_HOST),
    async run({ api }) {
      const echo = echoOf(await api.get('/echo/host'));
      assert.equal(echo.framing.host, new URL(api.origin).host);
    },
  },
  {
    name: 'repeated Set-Cookie headers stay separate',
    async run({ api }) {
      const res = await api.get('/cookies');
      assert.deepEqual(res.headers.getSetCookie(), COOKIES);
      assert.deepEqual(res.json, { cookies: COOKIES.length });
    },
  },
  {
    name: 'custom response headers arrive; a repeated one is combined as Headers does',
    async run({ api }) {
      const res = await api.get('/headers');
      assert.equal(res.headers.get('x-custom'), 'custom-value');
      assert.equal(res.headers.get('x-multi'), 'one, two');
      assert.equal(res.headers.get('cache-control'), 'no-store');
    },
  },
  {
    name: 'rawHeaders gives the header lines as the app wrote them: names in their own case, repeats apart, in order',
    async run({ api, target }) {
      const res = await api.get('/headers');
      const lines = res.rawHeaders;
      const pairs = Array.from({ length: lines.length / 2 }, (_, i): [string, string] => [lines[2 * i]!, lines[2 * i + 1]!]);
      // Fastify and a fetch handler's Headers keep names in lower case; Node's own server writes them as set.
      const lowerCases = target.app === 'fastify' || target.app === 'hono';
      const named = (name: string) => pairs.filter(([line]) => line.toLowerCase() === name).map(([line, value]) => `${line}: ${value}`);
      assert.deepEqual(named('x-mixed-case'), [lowerCases ? 'x-mixed-case: kept' : 'X-Mixed-Case: kept']);
      // A fetch handler's Headers combine a repeated header into one line, on the wire as in memory.
      assert.deepEqual(named('x-multi'), target.app === 'hono' ? ['x-multi: one, two'] : ['x-multi: one', 'x-multi: two']);
      assert.equal(res.rawHeaders, lines, 'made once');
    },
  },
  {
    name: 'HEAD on a GET route answers without a body',
    async run({ api }) {
      const res = await api.head('/json');
      assert.equal(res.status, 200);
      assert.equal(res.body.byteLength, 0);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const large = await api.head('/large');
      assert.equal(large.status, 200);
      assert.equal(large.body.byteLength, 0);
    },
  },
  {
    name: '201 carries its Location and body',
    async run({ api }) {
      const res = await api.get('/status/201').expect(201).expectHeader('location', CREATED_LOCATION);
      assert.deepEqual(res.json, { status: 201, created: true });
      const followUp = await api.get(res.headers.get('location')!);
      assert.equal(echoOf(followUp).path, CREATED_LOCATION);
    },
  },
  {
    name: '204 has an empty body',
    async run({ api }) {
      const res = await api.get('/status/204').expect(204);
      assert.equal(res.body.byteLength, 0);
      assert.equal(res.text, '');
    },
  },
  {
    name: '304 passes the default check and has an empty body',
    async run({ api }) {
      const res = await api.get('/status/304');
      assert.equal(res.status, 304);
      assert.equal(res.body.byteLength, 0);
    },
  },
  {
    name: 'a redirect is returned, not followed',
    async run({ api }) {
      const res = await api.get('/redirect');
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), REDIRECT_LOCATION);
      assert.equal(res.text, REDIRECT_BODY);
      assert.equal(res.url, `${api.origin}/redirect`);
    },
  },
  {
    name: 'a chunked response arrives whole',
    async run({ api, target }) {
      const res = await api.get('/chunked');
      assert.equal(res.text, CHUNKS.join(''));
      assert.equal(res.headers.get('content-length'), null);
      // Transfer-Encoding is HTTP/1.1 framing: present wherever a connection carried the response.
      assert.equal(res.headers.get('transfer-encoding'), target.wire ? 'chunked' : null);
    },
  },
  {
    name: 'a 1 MiB response arrives byte for byte',
    async run({ api, target }) {
      const res = await api.get('/large');
      assert.equal(res.body.byteLength, LARGE_BODY.length);
      assert.ok(Buffer.from(res.body).equals(LARGE_BODY), 'the body differs from the bytes sent');
      if (target.wire) assert.equal(res.headers.get('content-length'), String(LARGE_BODY.length));
    },
  },
  {
    name: 'a JSON request body reaches the app intact',
    async run({ api }) {
      const value = { title: 'héllo ✓', n: 1.5, list: [1, 'two', null], nested: { emoji: '🚀' } };
      const echo = echoOf(await api.post('/echo/json').json(value));
      assert.equal(echo.method, 'POST');
      assert.equal(echo.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(echoBytes(echo).toString('utf8')), value);
      assert.equal(echo.bodyLength, Buffer.byteLength(JSON.stringify(value)));
    },
  },
  {
    name: 'a form request body reaches the app URL-encoded',
    async run({ api }) {
      const echo = echoOf(await api.put('/echo/form').form({ name: 'Zoë', tags: ['a', 'b'], sym: 'a&b=c d' }));
      assert.equal(echo.method, 'PUT');
      assert.match(echo.headers['content-type'] ?? '', /^application\/x-www-form-urlencoded/);
      assert.equal(echoBytes(echo).toString('utf8'), 'name=Zo%C3%AB&tags=a&tags=b&sym=a%26b%3Dc+d');
    },
  },
  {
    name: 'a multipart request body reaches the app intact',
    async run({ api }) {
      const echo = echoOf(
        await api.post('/echo/multipart').multipart({
          title: 'héllo',
          tags: ['x', 'y'],
          file: { data: RAW_BYTES, filename: 'data.bin', contentType: 'application/octet-stream' },
        }),
      );
      const contentType = echo.headers['content-type'] ?? '';
      assert.match(contentType, /^multipart\/form-data; boundary=/);
      const form = await new Response(echoBytes(echo), { headers: { 'content-type': contentType } }).formData();
      assert.equal(form.get('title'), 'héllo');
      assert.deepEqual(form.getAll('tags'), ['x', 'y']);
      const file = form.get('file') as File;
      assert.equal(file.name, 'data.bin');
      assert.ok(Buffer.from(await file.arrayBuffer()).equals(RAW_BYTES), 'the file part differs from the bytes sent');
    },
  },
  {
    name: 'raw bytes reach the app and come back intact',
    async run({ api }) {
      const mirrored = await api.put('/mirror').send(RAW_BYTES, 'application/octet-stream');
      assert.ok(Buffer.from(mirrored.body).equals(RAW_BYTES), 'the mirrored body differs from the bytes sent');
      const echo = echoOf(await api.patch('/echo/raw').send(new Uint8Array(RAW_BYTES)));
      assert.equal(echo.method, 'PATCH');
      assert.equal(echo.bodySha256, sha256(RAW_BYTES));
      assert.equal(echo.headers['content-type'], undefined);
      const text = echoOf(await api.post('/echo/text').send('héllo ✓'));
      assert.equal(echoBytes(text).toString('utf8'), 'héllo ✓');
      assert.match(text.headers['content-type'] ?? '', /^text\/plain/);
    },
  },
  {
    name: 'a streamed request body is sent chunked and arrives intact',
    async run({ api, target }) {
      const check = Buffer.from('✓', 'utf8');
      // A multi-byte character split across two chunks, then a larger chunk.
      const parts = [Buffer.from('start '), check.subarray(0, 1), check.subarray(1), Buffer.from(' middle '), BIG_UPLOAD.subarray(0, 200_000), Buffer.from(' end')];
      async function* source() {
        for (const part of parts) {
          await new Promise<void>((resolve) => setImmediate(resolve)); // each part leaves on its own
          yield new Uint8Array(part);
        }
      }
      const echo = echoOf(await api.post('/echo/stream').send(source(), 'application/octet-stream'));
      assert.equal(echo.bodySha256, sha256(Buffer.concat(parts)));
      assert.equal(echo.bodyLength, Buffer.concat(parts).length);
      if (target.wire) {
        assert.equal(echo.framing['transfer-encoding'], 'chunked');
        assert.equal(echo.framing['content-length'], undefined);
      }
    },
  },
  {
    name: 'a 3 MiB request body reaches the app byte for byte',
    async run({ api, target }) {
      const echo = echoOf(await api.post('/echo/large').send(BIG_UPLOAD, 'application/octet-stream'));
      assert.equal(echo.bodyLength, BIG_UPLOAD.length);
      assert.equal(echo.bodySha256, sha256(BIG_UPLOAD));
      if (target.wire) assert.equal(echo.framing['content-length'], String(BIG_UPLOAD.length));
      const mirrored = await api.post('/mirror').send(BIG_UPLOAD, 'application/octet-stream');
      assert.ok(Buffer.from(mirrored.body).equals(BIG_UPLOAD), 'the mirrored body differs from the bytes sent');
    },
  },
  {
    name: 'every method reaches the app',
    async run({ api }) {
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        const echo = echoOf(await api.request(method, '/echo/method'));
        assert.equal(echo.method, method);
        assert.equal(echo.bodyLength, 0);
      }
      assert.equal(echoOf(await api.delete('/echo/method').json({ id: 1 })).bodyLength, '{"id":1}'.length);
    },
  },
  {
    name: '.timeout(ms) fails a request that is never answered with TANDEM_TIMEOUT',
    async run({ api }) {
      const error = await rejectsWith(api.get('/hang').timeout(150), 'TANDEM_TIMEOUT');
      assert.match(error.message, /150 ms/);
      assert.match(error.message, /\/hang/);
      // the test app is still usable afterwards
      assert.equal((await api.get('/json')).status, 200);
    },
  },
  {
    name: 'api.fetch takes a string, a URL or a Request and returns a standard Response',
    async run({ api }) {
      const fromString = await api.fetch('/json');
      assert.ok(fromString instanceof Response, 'api.fetch(string) did not return a Response');
      assert.equal(fromString.status, 200);
      assert.deepEqual(await fromString.json(), JSON_DOCUMENT);

      const fromUrl = await api.fetch(new URL('/echo/fetch?x=1&x=2', api.origin));
      assert.ok(fromUrl instanceof Response, 'api.fetch(URL) did not return a Response');
      const urlEcho = (await fromUrl.json()) as Echo;
      assert.equal(urlEcho.path, '/echo/fetch');
      assert.deepEqual(urlEcho.query, [
        ['x', '1'],
        ['x', '2'],
      ]);

      const request = new Request(`${api.origin}/echo/fetch`, { method: 'POST', body: 'héllo', headers: { 'x-from': 'request', 'content-type': 'text/plain' } });
      const fromRequest = await api.fetch(request);
      assert.ok(fromRequest instanceof Response, 'api.fetch(Request) did not return a Response');
      const requestEcho = (await fromRequest.json()) as Echo;
      assert.equal(requestEcho.method, 'POST');
      assert.equal(requestEcho.headers['x-from'], 'request');
      assert.equal(echoBytes(requestEcho).toString('utf8'), 'héllo');

      const withInit = (await (await api.fetch('/echo/init', { method: 'PUT', body: 'x', headers: { 'x-init': '1' } })).json()) as Echo;
      assert.equal(withInit.method, 'PUT');
      assert.equal(withInit.headers['x-init'], '1');
    },
  },
  {
    name: 'api.fetch applies no status check and keeps headers, cookies and bodies as fetch does',
    async run({ api }) {
      const failed = await api.fetch('/status/500');
      assert.equal(failed.status, 500);
      assert.deepEqual(await failed.json(), { status: 500, error: 'boom' });
      const cookies = await api.fetch('/cookies');
      assert.deepEqual(cookies.headers.getSetCookie(), COOKIES);
      await cookies.body?.cancel();
      const large = await api.fetch('/large');
      assert.ok(Buffer.from(await large.arrayBuffer()).equals(LARGE_BODY), 'the body differs from the bytes sent');
      const chunked = await api.fetch('/chunked');
      assert.equal(await chunked.text(), CHUNKS.join(''));
      const head = await api.fetch('/json', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal((await head.arrayBuffer()).byteLength, 0);
      const manual = await api.fetch('/redirect', { redirect: 'manual' });
      assert.equal(manual.status, 302);
      assert.equal(manual.headers.get('location'), REDIRECT_LOCATION);
      await manual.body?.cancel();
    },
  },
  {
    name: 'the run id reaches the app in X-Tandem-Run, from the builder and from api.fetch alike',
    async run({ api }) {
      assert.match(api.runId, /\S/);
      const built = (await api.get('/echo/run').expect(200)).json as Echo;
      assert.equal(built.headers['x-tandem-run'], api.runId);
      const fetched = (await (await api.fetch('/echo/run')).json()) as Echo;
      assert.equal(fetched.headers['x-tandem-run'], api.runId);
    },
  },
  {
    name: 'api.fetch follows redirects by default, as the platform fetch does',
    async run({ api }) {
      const res = await api.fetch('/redirect');
      assert.equal(res.status, 200);
      assert.equal(res.redirected, true);
      assert.deepEqual(await res.json(), JSON_DOCUMENT);
    },
  },
  {
    name: 'api.dispatcher reaches the app through undici request() and fetch(), bytes and headers intact',
    async run({ api, create }) {
      const res = await undiciRequest(new URL('/json', api.origin), { dispatcher: api.dispatcher });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.deepEqual(await res.body.json(), JSON_DOCUMENT);

      const echoed = await undiciRequest(new URL('/echo/dispatcher?x=1', api.origin), { method: 'POST', body: RAW_BYTES, headers: { 'x-from': 'dispatcher' }, dispatcher: api.dispatcher });
      const echo = (await echoed.body.json()) as Echo;
      assert.equal(echo.method, 'POST');
      assert.equal(echo.path, '/echo/dispatcher');
      assert.equal(echo.headers['x-from'], 'dispatcher');
      assert.ok(echoBytes(echo).equals(RAW_BYTES), 'the body differs from the bytes sent');

      const cookies = await undiciRequest(new URL('/cookies', api.origin), { dispatcher: api.dispatcher });
      assert.deepEqual(cookies.headers['set-cookie'], COOKIES);
      await cookies.body.dump();

      const fetched = await undiciFetch(new URL('/text', api.origin), { dispatcher: api.dispatcher });
      assert.equal(await fetched.text(), TEXT_BODY);

      // Another origin is refused before anything is sent; the dispatcher's close() leaves it usable.
      await assert.rejects(undiciRequest('http://elsewhere.invalid/json', { dispatcher: api.dispatcher }), { code: 'TANDEM_INVALID_REQUEST' });
      await api.dispatcher.close();
      assert.equal((await undiciRequest(new URL('/json', api.origin), { dispatcher: api.dispatcher })).statusCode, 200);

      // A fresh test app's dispatcher builds the target on its first request, and fails after close().
      const fresh = create();
      try {
        await fresh.ready();
        const first = await undiciRequest(new URL('/json', fresh.origin), { dispatcher: fresh.dispatcher });
        assert.deepEqual(await first.body.json(), JSON_DOCUMENT);
      } finally {
        await fresh.close();
      }
      await assert.rejects(undiciRequest(new URL('/json', fresh.origin), { dispatcher: fresh.dispatcher }), { code: 'TANDEM_CLOSED' });
    },
  },
  {
    name: 'a builder is a Promise: await, Promise.all, assert.rejects, then',
    async run({ api }) {
      const builder = api.get('/json');
      assert.ok(builder instanceof Promise, 'a builder is not a Promise');
      assert.ok(builder instanceof TestRequest, 'a builder is not a TestRequest');
      const [json, text, echo] = await Promise.all([builder, api.get('/text'), api.post('/echo/all').json({ i: 3 })]);
      assert.deepEqual(json.json, JSON_DOCUMENT);
      assert.equal(text.text, TEXT_BODY);
      assert.equal(echoBytes(echoOf(echo)).toString('utf8'), '{"i":3}');
      await assert.rejects(api.get('/status/500'), { code: 'TANDEM_UNEXPECTED_STATUS' });
      await assert.doesNotReject(api.get('/status/500').expect(500));
      const chained = api.get('/json').then((res) => res.status);
      assert.ok(!(chained instanceof TestRequest), '.then() returned a builder');
      assert.equal(await chained, 200);
      const settled = await Promise.allSettled([api.get('/json'), api.get('/status/404')]);
      assert.deepEqual(
        settled.map((s) => s.status),
        ['fulfilled', 'rejected'],
      );
      // configuring after the request went out is refused
      const sent = api.get('/json');
      await sent;
      assert.throws(() => sent.set('x-late', '1'), { code: 'TANDEM_INVALID_REQUEST' });
    },
  },
  {
    name: 'a response carries its request, URL, target and duration',
    async run({ api }) {
      const res = await api.post('/echo/meta').query({ a: '1' }).set('x-meta', 'yes').json({ a: 1 });
      assert.equal(res.url, `${api.origin}/echo/meta?a=1`);
      assert.equal(res.request.method, 'POST');
      assert.equal(res.request.url, res.url);
      assert.ok(res.request.headers.some(([name, value]) => name.toLowerCase() === 'x-meta' && value === 'yes'), 'x-meta is missing from res.request.headers');
      assert.ok(res.request.headers.some(([name, value]) => name.toLowerCase() === 'content-type' && value === 'application/json'), 'content-type is missing from res.request.headers');
      assert.equal(typeof res.durationMs, 'number');
      assert.ok(Number.isFinite(res.durationMs) && res.durationMs >= 0, `durationMs is ${res.durationMs}`);
      assert.equal(res.target.mode, api.mode);
      assert.equal(res.target.origin, api.origin);
      assert.ok(res.statusText === '' || res.statusText === 'OK', `statusText is ${JSON.stringify(res.statusText)}`);
    },
  },
  {
    name: 'api.mode and api.origin name the target',
    async run({ api, target }) {
      assert.equal(api.mode, target.mode);
      const origin = new URL(api.origin);
      if (target.mode === 'in-process') assert.equal(api.origin, 'http://localhost');
      else {
        assert.equal(origin.hostname, '127.0.0.1');
        assert.ok(Number(origin.port) > 0, `no port in ${api.origin}`);
      }
      const res = await api.get('/json');
      assert.ok(res.url.startsWith(`${api.origin}/`), `${res.url} is not under ${api.origin}`);
    },
  },
  {
    name: 'the app sees the connection coming from 127.0.0.1',
    skip: (target) => (target.hasSocket ? undefined : NO_SOCKET),
    async run({ api }) {
      const res = await api.get('/remote');
      assert.deepEqual(res.json, { remoteAddress: '127.0.0.1' });
    },
  },
  {
    name: 'after close() requests and api.fetch reject with TANDEM_CLOSED',
    async run({ create }) {
      const fresh = create();
      try {
        assert.equal((await fresh.get('/json')).status, 200);
        const hanging = fresh.get('/hang');
        hanging.catch(() => undefined);
        await fresh.close();
        await rejectsWith(hanging, 'TANDEM_CLOSED');
        await rejectsWith(fresh.get('/json'), 'TANDEM_CLOSED');
        await rejectsWith(fresh.fetch('/json'), 'TANDEM_CLOSED');
        await fresh.close(); // closing twice is fine
      } finally {
        await fresh.close();
      }
    },
  },
  {
    name: 'the platform globals (fetch, Request, Response, Headers, FormData) are left alone',
    async run({ api }) {
      await api.get('/json');
      assert.equal(globalThis.fetch, PLATFORM.fetch);
      assert.equal(globalThis.Request, PLATFORM.Request);
      assert.equal(globalThis.Response, PLATFORM.Response);
      assert.equal(globalThis.Headers, PLATFORM.Headers);
      assert.equal(globalThis.FormData, PLATFORM.FormData);
    },
  },
  {
    name: 'cookies the app sets are sent back, scoped to the session that received them',
    async run({ api }) {
      const alice = api.session();
      const bob = api.session();
      await alice.get('/cookies');
      assert.equal(alice.cookies.get('session'), 'abc123');
      const echo = echoOf(await alice.get('/echo/cookies'));
      assert.deepEqual(echo.headers.cookie?.split('; ').sort(), ['expires-soon=1', 'session=abc123', 'theme=dark']);
      assert.equal(echoOf(await bob.get('/echo/cookies')).headers.cookie, undefined, 'another session has its own jar');
      alice.cookies.clear();
      assert.equal(echoOf(await alice.get('/echo/cookies')).headers.cookie, undefined, 'a cleared jar sends nothing');
      await Promise.all([alice.close(), bob.close()]);
    },
  },
  {
    name: 'a cookie set in the jar is sent; an explicit Cookie header wins',
    async run({ api }) {
      const session = api.session();
      session.cookies.set('pref=1; Path=/echo');
      assert.equal(echoOf(await session.get('/echo/x')).headers.cookie, 'pref=1');
      assert.equal(echoOf(await session.get('/echo/y').set('cookie', 'own=2')).headers.cookie, 'own=2');
      assert.equal(echoOf(await session.get('/echo/./z')).headers.cookie, 'pref=1');
      await session.close();
    },
  },
  {
    name: '.followRedirects() follows the 302, so checks apply to the final response',
    async run({ api }) {
      const res = await api.get('/redirect').followRedirects().expect(200).expectJson({ name: 'tandem' });
      assert.equal(res.url, `${api.origin}${REDIRECT_LOCATION}`);
      await rejectsWith(api.get('/redirect').followRedirects(0).expect(200), 'TANDEM_UNEXPECTED_STATUS');
    },
  },
  {
    // HTTP lint is on in-process and over loopback, off for remote targets: what the app receives must not show it.
    name: 'HTTP lint leaves no trace in what the app receives',
    async run({ api }) {
      const echo = echoOf(await api.get('/echo/lint').set('x-probe', '1'));
      // X-Tandem-Run is the run id every request carries on purpose (see the cleanup ledger).
      assert.deepEqual(Object.keys(echo.headers).filter((name) => name.startsWith('x-') && name !== 'x-tandem-run'), ['x-probe']);
    },
  },
  {
    name: 'an HTML form is read, filled and submitted through the same target',
    async run({ api }) {
      const page = await api.get('/form').expect(200);
      const form = page.form.set('title', 'Zoë & co').select('kind', 'todo').uncheck('flag');
      const echo = echoOf(await form.submit('go').expect(200));
      assert.equal(echo.method, 'POST');
      assert.equal(echo.path, '/echo/form');
      assert.equal(echoBytes(echo).toString(), new URLSearchParams([['token', 't-1'], ['title', 'Zoë & co'], ['kind', 'todo'], ['body', 'line one'], ['go', 'save']]).toString());
      assert.match(echo.headers['content-type'] ?? '', /^application\/x-www-form-urlencoded/);
    },
  },
  {
    name: 'expectSchema checks the JSON body and names the violations the same way',
    async run({ api }) {
      const schema = {
        type: 'object',
        required: ['name', 'tags', 'nested'],
        properties: { name: { const: 'tandem' }, tags: { type: 'array', items: { type: 'string' } }, nested: { type: 'object', properties: { none: { type: 'null' } } } },
      };
      await api.get('/json').expectSchema(schema);
      const error = await rejectsWith(api.get('/json').expectSchema({ type: 'object', properties: { nested: { type: 'object', properties: { ratio: { type: 'integer' }, text: { maxLength: 3 } } } } }), 'TANDEM_CONTRACT');
      assert.deepEqual((error as TandemError & { violations: unknown }).violations, [
        { path: '$.nested.ratio', message: 'must be integer', value: '0.5' },
        { path: '$.nested.text', message: 'must NOT have more than 3 characters', value: JSON.stringify(JSON_DOCUMENT.nested.text) },
      ]);
    },
  },
  ...TARGET_CASES,
  ...SOCKET_CASES,
  ...FRAMING_CASES,
];
