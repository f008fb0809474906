import assert from 'node:assert/strict';
import http from 'node:http';
import { after, describe, test } from 'node:test';
import { createTestApp } from '../../src/index.js';

/** `/set?c=<Set-Cookie line>` sets what it is told; everything else echoes the Cookie header. */
const app: http.RequestListener = (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/set') res.setHeader('set-cookie', url.searchParams.getAll('c'));
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ cookie: req.headers.cookie ?? null }));
};

const cookieSeenAt = async (api: ReturnType<typeof createTestApp>, path: string) => ((await api.get(path)).json as { cookie: string | null }).cookie;

void describe('cookie session', () => {
  const api = createTestApp(app);
  after(() => api.close());

  void test('path scoping: a cookie for /admin is not sent to /', async () => {
    const s = api.session();
    await s.get('/set').query({ c: 'adm=1; Path=/admin' });
    assert.equal(await cookieSeenAt(s, '/admin/users'), 'adm=1');
    assert.equal(await cookieSeenAt(s, '/'), null);
    assert.equal(await cookieSeenAt(s, '/administrator'), null);
  });

  void test('domain scoping: a cookie for another domain is refused', async () => {
    const s = api.session();
    await s.get('/set').query({ c: ['evil=1; Domain=example.com', 'ok=1'] });
    assert.equal(await cookieSeenAt(s, '/'), 'ok=1');
  });

  void test('expiry: Max-Age=0 and a past Expires delete the cookie', async () => {
    const s = api.session();
    await s.get('/set').query({ c: ['a=1', 'b=2'] });
    assert.equal(await cookieSeenAt(s, '/'), 'a=1; b=2');
    await s.get('/set').query({ c: ['a=; Max-Age=0', 'b=; Expires=Thu, 01 Jan 1970 00:00:00 GMT'] });
    assert.equal(await cookieSeenAt(s, '/'), null);
  });

  void test('Secure cookies work in-process (http://localhost is a secure context)', async () => {
    const s = api.session();
    await s.get('/set').query({ c: 'sid=s3cr3t; Secure; HttpOnly; SameSite=Strict' });
    assert.equal(await cookieSeenAt(s, '/'), 'sid=s3cr3t');
    const [cookie] = s.cookies.all();
    assert.equal(cookie?.secure, true);
    assert.equal(cookie?.sameSite, 'strict');
  });

  void test('sessions are isolated from each other and from the app they came from', async () => {
    const alice = api.session();
    const bob = api.session();
    await alice.get('/set').query({ c: 'user=alice' });
    await bob.get('/set').query({ c: 'user=bob' });
    assert.equal(await cookieSeenAt(alice, '/'), 'user=alice');
    assert.equal(await cookieSeenAt(bob, '/'), 'user=bob');
    assert.equal(await cookieSeenAt(api, '/'), null);
  });

  void test('cross-origin isolation: cookies of this origin are never offered to another', () => {
    const s = api.session();
    s.cookies.set('local=1');
    assert.equal(s.cookies.headerFor('http://localhost/'), 'local=1');
    assert.equal(s.cookies.headerFor('http://other.example/'), undefined);
    assert.equal(s.cookies.headerFor('http://localhost:8080/'), 'local=1', 'cookies ignore ports, as RFC 6265 says');
  });

  void test('cookies set across a followed redirect are kept and sent on the next hop', async () => {
    const redirecting: http.RequestListener = (req, res) => {
      if (req.url === '/login') res.writeHead(303, { location: '/home', 'set-cookie': 'sid=abc; Path=/' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ cookie: req.headers.cookie ?? null }));
    };
    const client = createTestApp(redirecting);
    try {
      const res = await client.post('/login').form({ user: 'u' }).followRedirects();
      assert.deepEqual(res.json, { cookie: 'sid=abc' });
    } finally {
      await client.close();
    }
  });

  void test('closing the app closes its sessions', async () => {
    const own = createTestApp(app);
    const s = own.session();
    await s.get('/');
    await own.close();
    await assert.rejects(s.get('/'), { code: 'TANDEM_CLOSED' });
  });
});
