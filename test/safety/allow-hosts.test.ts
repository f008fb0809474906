/**
 * The host allowlist, and credentials: a request to a host not on `allowHosts` is refused before
 * it is sent, also through redirects and `api.fetch`; nothing, credentials least of all, ever
 * reaches a host other than the target's. Two real servers count what reaches them.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { test, type TestContext } from 'node:test';
import { request as undiciRequest } from 'undici';
import { createTestApp, HostNotAllowedError, type TestAppOptions } from '../../src/index.js';
import { serve, tempDir } from '../ledger/support.js';

const TOKEN = 'tok-1f2e3d4c5b6a';
const API_KEY = 'key-a1b2c3d4e5f6';

interface Counting {
  origin: string;
  hits: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
}

/** A server that counts requests; `/to?url=…&status=…` redirects, anything else answers 200. */
async function counting(t: TestContext): Promise<Counting> {
  const hits: Counting['hits'] = [];
  const origin = await serve(t, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push({ method: req.method ?? '', path: url.pathname, headers: req.headers });
    req.resume();
    if (url.pathname === '/to') return void res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('url') ?? '/' }).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  return { origin, hits };
}

function app(t: TestContext, origin: string, options: TestAppOptions = {}) {
  const api = createTestApp(origin, { env: {}, ledgerDir: tempDir(t), headers: { 'x-api-key': API_KEY }, ...options });
  t.after(() => api.close());
  return api;
}

void test('a target not on allowHosts is refused before anything is sent: builder, api.fetch, api.dispatcher', async (t) => {
  const other = await counting(t);
  const api = app(t, other.origin, { allowHosts: ['staging.example.com', '*.example.org'] });
  const error = await api.get('/').then(
    () => assert.fail('sent'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof HostNotAllowedError, String(error));
  assert.equal(error.code, 'TANDEM_HOST_NOT_ALLOWED');
  assert.match(error.message, /^GET 127\.0\.0\.1:\d+ refused: the host is not on allowHosts \(staging\.example\.com, \*\.example\.org\); nothing was sent/);
  await assert.rejects(api.fetch('/'), { code: 'TANDEM_HOST_NOT_ALLOWED' });
  await assert.rejects(undiciRequest(new URL('/', other.origin), { dispatcher: api.dispatcher }), { code: 'TANDEM_HOST_NOT_ALLOWED' });
  assert.equal(other.hits.length, 0);
});

void test('a target on allowHosts (by host:port, or by name) is reached', async (t) => {
  const target = await counting(t);
  const port = new URL(target.origin).port;
  await app(t, target.origin, { allowHosts: [`127.0.0.1:${port}`] }).get('/').expect(200);
  await app(t, target.origin, { allowHosts: ['127.0.0.1'] }).get('/').expect(200);
  await assert.rejects(app(t, target.origin, { allowHosts: ['127.0.0.1:1'] }).get('/'), { code: 'TANDEM_HOST_NOT_ALLOWED' });
  assert.equal(target.hits.length, 2);
  assert.throws(() => createTestApp(target.origin, { allowHosts: ['https://x.example.com/'] }), { code: 'TANDEM_BAD_OPTION' });
});

void test('a redirect to another host is refused and nothing reaches it: followRedirects, res.follow(), api.fetch', async (t) => {
  const target = await counting(t);
  const other = await counting(t);
  const api = app(t, target.origin, { allowHosts: [new URL(target.origin).host] });
  const away = (status: number) => `/to?status=${status}&url=${encodeURIComponent(`${other.origin}/landing`)}`;
  await assert.rejects(api.get(away(302)).auth(TOKEN).followRedirects(), { code: 'TANDEM_REDIRECT' });
  await assert.rejects(api.post(away(307)).auth(TOKEN).json({ a: 1 }).followRedirects(), { code: 'TANDEM_REDIRECT' });
  const res = await api.get(away(302)).auth(TOKEN).expect(302);
  await assert.rejects(res.follow(), (e: unknown) => ['TANDEM_REDIRECT', 'TANDEM_INVALID_REQUEST', 'TANDEM_HOST_NOT_ALLOWED'].includes((e as { code?: string }).code ?? ''));
  const fetchError = await api.fetch(away(307), { method: 'POST', body: 'x', headers: { authorization: `Bearer ${TOKEN}`, cookie: `sid=${TOKEN}` } }).then(
    () => assert.fail('api.fetch followed the redirect off the target'),
    (e: unknown) => e,
  );
  assert.equal((fetchError as { code?: string }).code, 'TANDEM_REDIRECT');
  assert.ok(!String((fetchError as Error).message).includes(TOKEN), 'the refusal shows no credential');
  await assert.rejects(api.fetch(`${other.origin}/direct`), { code: 'TANDEM_INVALID_REQUEST' });
  assert.deepEqual(other.hits, [], 'nothing reached the other host');
  assert.equal(target.hits.length, 4, 'each first hop reached the target');
});

void test('credentials stay with the target: same-origin redirects keep them, the hops carry the option headers, nothing goes elsewhere', async (t) => {
  const target = await counting(t);
  const other = await counting(t);
  const api = app(t, target.origin);
  api.cookies.set('sid=abc123; Path=/');
  await api.get(`/to?status=307&url=${encodeURIComponent('/here')}`).auth(TOKEN).followRedirects().expect(200);
  const hop = target.hits.find((h) => h.path === '/here')!;
  assert.equal(hop.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(hop.headers['x-api-key'], API_KEY);
  assert.equal(hop.headers.cookie, 'sid=abc123');
  await assert.rejects(api.get(`/to?status=307&url=${encodeURIComponent(`${other.origin}/x`)}`).auth(TOKEN).followRedirects());
  assert.equal(other.hits.length, 0);
});

void test('api.fetch follows redirects on the target as fetch does (303 turns a POST into a GET), each hop through the hooks', async (t) => {
  const target = await counting(t);
  const api = app(t, target.origin);
  const res = await api.fetch(`/to?status=303&url=${encodeURIComponent('/done')}`, { method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), 'ok');
  assert.equal(new URL(res.url).pathname, '/done');
  assert.deepEqual(
    target.hits.map((h) => [h.method, h.path, h.headers['content-type'], h.headers['x-tandem-run'] === api.runId]),
    [
      ['POST', '/to', 'text/plain', true],
      ['GET', '/done', undefined, true],
    ],
  );
  const manual = await api.fetch(`/to?status=302&url=${encodeURIComponent('/done')}`, { redirect: 'manual' });
  assert.equal(manual.status, 302);
  await manual.body?.cancel();
  assert.equal(target.hits.length, 3);
});
