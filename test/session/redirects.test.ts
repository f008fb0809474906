import assert from 'node:assert/strict';
import http from 'node:http';
import { after, describe, test } from 'node:test';
import { createTestApp, type TandemError } from '../../src/index.js';

interface Seen {
  method: string;
  url: string;
  body: string;
  authorization: string | undefined;
  cookie: string | undefined;
  contentType: string | undefined;
}

/** Redirects `/r/<status>?to=<location>` with that status; `/loop` to itself; `/chain/n` n hops. */
function redirectApp(seen: Seen[]): http.RequestListener {
  return (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      seen.push({ method: req.method ?? '', url: url.pathname, body, authorization: req.headers.authorization, cookie: req.headers.cookie, contentType: req.headers['content-type'] });
      const status = /^\/r\/(\d{3})$/.exec(url.pathname)?.[1];
      if (status) {
        res.writeHead(Number(status), { location: url.searchParams.get('to') ?? '/done' }).end();
      } else if (url.pathname === '/loop') {
        res.writeHead(302, { location: '/loop' }).end();
      } else if (url.pathname.startsWith('/chain/')) {
        const n = Number(url.pathname.slice('/chain/'.length));
        res.writeHead(302, { location: n > 0 ? `/chain/${n - 1}` : '/done' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(req.method === 'HEAD' ? undefined : JSON.stringify({ method: req.method, body }));
      }
    });
  };
}

const codeOf = (error: unknown) => (error as TandemError).code;

void describe('redirects', () => {
  const seen: Seen[] = [];
  const api = createTestApp(redirectApp(seen));
  after(() => api.close());

  for (const status of [301, 302, 303]) {
    void test(`${status} after POST becomes a GET without a body or its content type`, async () => {
      seen.length = 0;
      const res = await api.post(`/r/${status}`).json({ a: 1 }).followRedirects();
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, { method: 'GET', body: '' });
      assert.equal(seen[1]?.contentType, undefined);
    });
  }

  for (const status of [307, 308]) {
    void test(`${status} keeps the method and the body`, async () => {
      const res = await api.post(`/r/${status}`).json({ a: 1 }).followRedirects();
      assert.deepEqual(res.json, { method: 'POST', body: '{"a":1}' });
    });
  }

  void test('301 and 302 keep PUT; 303 turns PUT into GET', async () => {
    assert.deepEqual((await api.put('/r/302').send('x').followRedirects()).json, { method: 'PUT', body: 'x' });
    assert.deepEqual((await api.put('/r/303').send('x').followRedirects()).json, { method: 'GET', body: '' });
  });

  void test('303 keeps HEAD a HEAD', async () => {
    seen.length = 0;
    const res = await api.head('/r/303').followRedirects();
    assert.equal(res.status, 200);
    assert.equal(seen[1]?.method, 'HEAD');
  });

  void test('not followed by default: the test sees the 3xx', async () => {
    const res = await api.post('/r/303').json({});
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/done');
  });

  void test('credentials stay on a same-origin redirect', async () => {
    seen.length = 0;
    await api.get('/r/302').auth('tok-123456').followRedirects();
    assert.equal(seen[1]?.authorization, 'Bearer tok-123456');
  });

  void test('a redirect that leaves the origin is refused before anything is sent there', async () => {
    seen.length = 0;
    const error = await api.get('/r/302?to=http://elsewhere.example/steal').auth('tok-123456').followRedirects().then(
      () => assert.fail('should reject'),
      (e: unknown) => e,
    );
    assert.equal(codeOf(error), 'TANDEM_REDIRECT');
    assert.match(String(error), /leaves the target for http:\/\/elsewhere\.example\/steal/);
    assert.equal(seen.length, 1);
  });

  void test('res.follow() and res.maybeFollow() of a redirect that leaves the origin fail with TANDEM_REDIRECT, sending nothing', async () => {
    const away = await api.get('/r/302?to=http://elsewhere.example/steal').auth('tok-123456').expect(302);
    seen.length = 0;
    for (const followUp of [away.follow(), away.maybeFollow()]) {
      const error = await followUp.then(
        () => assert.fail('should reject'),
        (e: unknown) => e,
      );
      assert.equal(codeOf(error), 'TANDEM_REDIRECT');
      assert.match(String(error), /leaves the target for http:\/\/elsewhere\.example\/steal/);
    }
    assert.equal(seen.length, 0);
  });

  void test('a loop fails with TANDEM_REDIRECT naming the repeated request', async () => {
    await assert.rejects(api.get('/loop').followRedirects(), (e: unknown) => codeOf(e) === 'TANDEM_REDIRECT' && /redirect loop: GET http:\/\/localhost\/loop/.test(String(e)));
  });

  void test('the hop limit is enforced, and is configurable', async () => {
    await assert.rejects(api.get('/chain/3').followRedirects(2), (e: unknown) => codeOf(e) === 'TANDEM_REDIRECT' && /more than 2 redirects/.test(String(e)));
    assert.equal((await api.get('/chain/3').followRedirects(4)).status, 200);
  });

  void test('options.followRedirects follows for every request', async () => {
    const following = createTestApp(redirectApp([]), { followRedirects: 5 });
    try {
      assert.equal((await following.get('/chain/2').expect(200)).url, 'http://localhost/done');
      await assert.rejects(following.get('/chain/9'), (e: unknown) => codeOf(e) === 'TANDEM_REDIRECT');
    } finally {
      await following.close();
    }
  });

  void test('a bad hop count is refused', async () => {
    await assert.rejects(api.get('/r/302').followRedirects(-1), (e: unknown) => codeOf(e) === 'TANDEM_INVALID_REQUEST');
    assert.throws(() => createTestApp(redirectApp([]), { followRedirects: 1.5 }), (e: unknown) => codeOf(e) === 'TANDEM_BAD_OPTION');
  });

  void test('res.follow() follows exactly one redirect, with the method rules, and takes expectations', async () => {
    const first = await api.post('/r/303').json({ a: 1 }).expect(303);
    const done = await first.follow().expect(200).expectJson({ method: 'GET' });
    assert.equal(done.url, 'http://localhost/done');
    const kept = await (await api.post('/r/307').json({ a: 1 }).expect(307)).follow();
    assert.deepEqual(kept.json, { method: 'POST', body: '{"a":1}' });
    const oneHop = await (await api.get('/chain/2')).follow();
    assert.equal(oneHop.status, 302, 'follow() does not go further than one hop');
  });

  void test('res.follow() on a response that is not a redirect fails with TANDEM_REDIRECT', async () => {
    const ok = await api.get('/done');
    await assert.rejects(ok.follow(), (e: unknown) => codeOf(e) === 'TANDEM_REDIRECT' && /status 200 is not a redirect/.test(String(e)));
  });

  void test('res.maybeFollow() follows a chain, or resolves to the response itself', async () => {
    const end = await (await api.get('/chain/3')).maybeFollow().expect(200);
    assert.equal(end.url, 'http://localhost/done');
    const same = await api.get('/done');
    assert.equal(await same.maybeFollow().expect(200), same);
    await assert.rejects(same.maybeFollow().expect(201), (e: unknown) => codeOf(e) === 'TANDEM_UNEXPECTED_STATUS');
    await assert.rejects((await api.get('/chain/5')).maybeFollow(3), (e: unknown) => codeOf(e) === 'TANDEM_REDIRECT');
    await assert.rejects((await api.get('/loop')).maybeFollow(), (e: unknown) => codeOf(e) === 'TANDEM_REDIRECT');
  });

  void test('res.follow() keeps the credentials of the request it continues', async () => {
    seen.length = 0;
    await (await api.get('/r/302').auth('tok-abcdef')).follow();
    assert.equal(seen[1]?.authorization, 'Bearer tok-abcdef');
  });
});
