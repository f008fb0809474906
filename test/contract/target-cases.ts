/**
 * Contract cases for the request-target: what the test writes as path and query is what the app
 * receives, byte for byte, on every target; what cannot appear in a request-target is
 * percent-encoded as a browser's fetch does.
 *
 * A fetch handler (Hono) is handed a `Request`, whose URL the WHATWG URL parser has already
 * normalised (dot segments resolved, `\` read as `/`), in-process and behind @hono/node-server
 * alike: for it the cases check that normalised form, which is all it can see.
 */
import assert from 'node:assert/strict';
import type { TestResponse } from '../../src/index.js';
import type { Echo } from '../fixtures/contract-apps/index.js';
import type { ContractCase } from './cases.js';
import type { ContractTarget } from './targets.js';
import { rejectsWith } from '../support/rejects-with.js';

const echoOf = (res: TestResponse): Echo => res.json as Echo;

/** What an app behind `target` sees for `written`: the bytes themselves, or for a fetch handler its `Request` URL. */
function seen(target: ContractTarget, written: string): string {
  if (target.app !== 'hono') return written;
  const url = new URL(`http://contract.invalid${written}`);
  return url.pathname + url.search;
}

/** Request-targets the WHATWG URL parser would rewrite, every one of them under `/echo/`. */
const AS_WRITTEN = [
  '/echo/a/../b',
  '/echo/a/./b/.',
  '/echo/a/%2e%2e/b',
  '/echo/a/%2E./b/.%2e/c',
  '/echo//double//slashes//',
  '/echo/a%2Fb%2fc?q=%2F&r=%2f',
  '/echo/%7e%7E?x=%7e&X=%7E&empty=&&flag',
  '/echo/keep;params=1/x?a=1;b=2',
];

export const TARGET_CASES: readonly ContractCase[] = [
  {
    name: 'the request-target goes out as written: dot segments, //, percent-encodings and their case kept',
    async run({ api, target }) {
      for (const written of AS_WRITTEN) {
        const echo = echoOf(await api.get(written));
        assert.equal(echo.url, seen(target, written), `the app saw ${echo.url} for ${written}`);
      }
    },
  },
  {
    name: 'space, controls and non-ASCII are percent-encoded in UTF-8, as fetch does',
    async run({ api }) {
      const echo = echoOf(await api.get('/echo/a b/é\t日本🚀?q=x y&r=ü\u0001&s="<>\''));
      assert.equal(echo.url, '/echo/a%20b/%C3%A9%09%E6%97%A5%E6%9C%AC%F0%9F%9A%80?q=x%20y&r=%C3%BC%01&s=%22%3C%3E%27');
      assert.equal(echo.decodedPath, '/echo/a b/é\t日本🚀');
      assert.deepEqual(echo.query, [['q', 'x y'], ['r', 'ü\u0001'], ['s', '"<>\'']]);
      // CR/LF are encoded, not stripped as a URL parser would, nor sent: no header can be injected through a path.
      const injected = echoOf(await api.get('/echo/a\r\nX-Injected: 1\r\n\r\n b '));
      assert.equal(injected.url, '/echo/a%0D%0AX-Injected:%201%0D%0A%0D%0A%20b%20');
      assert.equal(injected.headers['x-injected'], undefined);
    },
  },
  {
    name: '.query() pairs are appended after the query as written, which is kept',
    async run({ api, target }) {
      const echo = echoOf(await api.get('/echo/a/../q?a=%7e&b').query({ page: '2 3', tag: ['x', 'é'] }));
      assert.equal(echo.url, seen(target, '/echo/a/../q?a=%7e&b&page=2+3&tag=x&tag=%C3%A9'));
    },
  },
  {
    name: 'a //host path is a path on the target, not another host',
    async run({ api, target }) {
      const echo = echoOf(await api.get('/echo//evil.example/x'));
      assert.equal(echo.url, '/echo//evil.example/x');
      // No contract app routes it: each answers its own 404, so the request reached the app under test.
      const res = await api.get('//evil.example/x').expect(404);
      assert.equal((res.json as { error: string }).error, 'not found');
      assert.equal(res.request.url, `${api.origin}//evil.example/x`);
      assert.equal(new URL(res.url).origin, new URL(api.origin).origin);
      if (target.app === 'hono') assert.equal((res.json as { path: string }).path, '//evil.example/x');
    },
  },
  {
    name: 'a backslash stays in the path as written (a fetch handler: read as / in-process, refused by @hono/node-server)',
    async run({ api, target }) {
      if (target.app !== 'hono') {
        assert.equal(echoOf(await api.get('/echo/a\\..\\b')).url, '/echo/a\\..\\b');
        return;
      }
      // Listed in docs/in-process.md: a Request URL reads `\` as `/`; the adapter answers 400 instead.
      if (target.mode === 'in-process') assert.equal(echoOf(await api.get('/echo/a\\..\\b')).url, '/echo/b');
      else await api.get('/echo/a\\..\\b').expect(400);
    },
  },
  {
    name: 'api.dispatcher sends the path it is given as it is; api.fetch the one its Request URL normalised',
    async run({ api, target }) {
      const dispatched = await api.dispatcher.request({ origin: api.origin, path: '/echo/x/a/%2e%2e/../b', method: 'GET' });
      assert.equal(dispatched.statusCode, 200);
      assert.equal(((await dispatched.body.json()) as Echo).url, seen(target, '/echo/x/a/%2e%2e/../b'));
      const fetched = await api.fetch(`${api.origin}/echo/x/a/%2e%2e/../b`);
      assert.equal(((await fetched.json()) as Echo).url, '/echo/b');
    },
  },
  {
    name: 'failures, the request summary and the curl line show the request-target as sent',
    async run({ api }) {
      const res = await api.get('/echo/a/../b?x=%7e');
      assert.equal(res.request.url, `${api.origin}/echo/a/../b?x=%7e`);
      const error = await rejectsWith(api.get('/echo/a/%2e%2e/b').expect(418), 'TANDEM_UNEXPECTED_STATUS');
      assert.ok(error.message.includes(`GET ${api.origin}/echo/a/%2e%2e/b`), error.message);
      assert.match(error.message, /curl --path-as-is .*\/echo\/a\/%2e%2e\/b'/);
    },
  },
];
