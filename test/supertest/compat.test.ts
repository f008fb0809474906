/**
 * The supertest compatibility layer's contract section: every API item of `tandem/supertest`
 * run against the same app in-process, over loopback and as a remote deployment (a real port).
 * What a supertest suite sees must not depend on the target.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Readable } from 'node:stream';
import request, { Response, type IncomingView, type SuperTest, type TestAgent } from '../../src/supertest/index.js';
import { compatApp, flushes, holds, pressure, PRESSURE_BYTES, type Echo } from './compat-app.js';
import { once } from 'node:events';
import { createTestApp, type TandemError, type TestApp } from '../../src/index.js';

const app = compatApp();

interface Target {
  name: string;
  mode: 'in-process' | 'loopback' | 'remote';
  client(): SuperTest;
  agent(): TestAgent;
  /** A client of the app on a server that keeps an idle connection open for a minute. */
  lingering(): SuperTest;
  /** tandem's own API on the same target. */
  testApp(): TestApp;
  /** `request(server)` for an `http.Server` of the app that the test made and did not start. */
  served(server: http.Server): SuperTest;
}

/**
 * A server that keeps an idle connection for a minute: a response framed by the connection
 * closing would take that long, unless the request asks the server to close it.
 */
/** `make()` with `TANDEM_TARGET` set to `url`: a test app made then sends to that deployment. */
function withTarget<T>(url: string, make: () => T): T {
  const before = process.env.TANDEM_TARGET;
  process.env.TANDEM_TARGET = url;
  try {
    return make();
  } finally {
    if (before === undefined) delete process.env.TANDEM_TARGET;
    else process.env.TANDEM_TARGET = before;
  }
}

function lingering(): http.Server {
  const made = http.createServer(app);
  made.keepAliveTimeout = 60_000;
  return made;
}

let remoteUrl = '';
const server = lingering();
const inProcessServer = lingering();
const loopbackServer = lingering();

const TARGETS: Target[] = [
  { name: 'in-process', mode: 'in-process', client: () => request(app), agent: () => request.agent(app), lingering: () => request(inProcessServer), testApp: () => createTestApp(app), served: (s) => request(s) },
  {
    name: 'loopback',
    mode: 'loopback',
    client: () => request(app, { transport: 'loopback' }),
    agent: () => request.agent(app, { transport: 'loopback' }),
    lingering: () => request(loopbackServer, { transport: 'loopback' }),
    testApp: () => createTestApp(app, { transport: 'loopback' }),
    served: (s) => request(s, { transport: 'loopback' }),
  },
  { name: 'remote (a real port)', mode: 'remote', client: () => request(remoteUrl), agent: () => request.agent(remoteUrl), lingering: () => request(remoteUrl), testApp: () => createTestApp(remoteUrl), served: (s) => withTarget(remoteUrl, () => request(s)) },
];

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  remoteUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await request.close(); // the loopback port would keep the process alive until then
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const echo = (res: Response) => res.body as Echo;

/** Resolves with the error `.end()` reports (null when every expectation held). */
function ended(test: { end(fn: (error: Error | null, res: Response) => void): unknown }): Promise<{ error: Error | null; res: Response }> {
  return new Promise((resolve) => {
    test.end((error, res) => resolve({ error, res }));
  });
}

for (const target of TARGETS) {
  void describe(`tandem/supertest (${target.name})`, () => {
    void it('offers every verb, del included, and the less common ones', async () => {
      const r = target.client();
      for (const [verb, method] of [['get', 'GET'], ['post', 'POST'], ['put', 'PUT'], ['patch', 'PATCH'], ['delete', 'DELETE'], ['del', 'DELETE'], ['options', 'OPTIONS'], ['propfind', 'PROPFIND']] as const) {
        const res = await r[verb]!('/echo').expect(200);
        assert.equal(echo(res).method, method);
      }
      const head = await r.head('/echo').expect(200);
      assert.equal(head.text, undefined);
      assert.deepEqual(head.body, {});
    });

    void it('test.req.abort() closes the connection mid-response: end() gets TANDEM_ABORTED, the app sees the client go away', async () => {
      const test = target.client().get('/hold');
      const started = () => test.req; // read anew each time: a getter, undefined until the request starts
      assert.equal(started(), undefined, 'no request before it starts');
      const holding = once(holds, 'holding');
      const done = ended(test);
      assert.equal(started()?.method, 'GET');
      await holding;
      const closed = once(holds, 'closed');
      started()?.abort();
      const { error } = await done;
      assert.equal((error as TandemError | null)?.code, 'TANDEM_ABORTED', String(error));
      assert.deepEqual(await closed, [false], 'the response never finished: the client went away');
      const early = target.client().get('/echo').abort();
      const refused = (await ended(early)).error as TandemError | null;
      assert.equal(refused?.code, 'TANDEM_ABORTED', 'aborted before it was sent: not sent');
      assert.equal(refused.message.split('\n')[0], 'GET /echo was aborted by the test (.abort())');
    });

    void it('.agent(httpAgent) has no effect where tandem holds the connection, and is refused against a deployment', async () => {
      const test = target.client().get('/echo').agent(new http.Agent());
      if (target.mode === 'remote') {
        assert.match((await ended(test)).error?.message ?? '', /^\.agent\(\): against a deployment, tandem verifies TLS with the target's own settings/);
      } else {
        assert.equal(echo(await test.expect(200)).method, 'GET');
      }
    });

    void it("test._server.address() names the address the app sees its client at, as supertest's listening server does", async () => {
      const test = target.client().get('/echo');
      const { address } = test._server.address();
      assert.equal(echo(await test.expect(200)).remoteAddress, address);
    });

    void it('res.res shows the status and the header lines as the app wrote them (rawHeaders, names in their own case)', async () => {
      const res = await target.client().get('/links').expect(200);
      assert.equal(res.res.statusCode, 200);
      assert.equal(res.res.statusMessage, 'OK');
      assert.equal(res.res.headers, res.headers);
      const names = res.res.rawHeaders.filter((_, i) => i % 2 === 0);
      assert.ok(names.includes('Link') && !names.includes('link'), `the app wrote Link: ${names.join(', ')}`);
    });

    void it('sends headers with .set() (object and array forms), removes them with .unset(), and asks for gzip by default', async () => {
      const res = await target.client().get('/echo').set('X-One', '1').set({ 'X-Two': 2 }).set('X-Many', ['a', 'b']).set('X-Gone', 'x').unset('x-gone');
      const { headers } = echo(res);
      assert.equal(headers['x-one'], '1');
      assert.equal(headers['x-two'], '2');
      assert.equal(headers['x-many'], 'a, b');
      assert.equal(headers['x-gone'], undefined);
      assert.equal(headers['accept-encoding'], 'gzip, deflate');
      assert.equal(echo(await target.client().get('/echo').unset('Accept-Encoding')).headers['accept-encoding'], undefined);
    });

    void it("sends Connection: close as superagent does (its own connection per request), unless the test sets Connection; tandem's own API keeps the connection", async () => {
      assert.equal(echo(await target.client().get('/echo')).headers.connection, 'close');
      assert.equal(echo(await target.agent().post('/echo').send({ a: 1 })).headers.connection, 'close');
      assert.equal(echo(await target.client().get('/echo').set('Connection', 'keep-alive')).headers.connection, 'keep-alive');
      if (target.mode !== 'remote') assert.equal(echo(await target.client().get('/echo').agent(new http.Agent({ keepAlive: true }))).headers.connection, 'keep-alive', 'a keep-alive agent keeps it');
      const api = target.testApp();
      try {
        assert.equal((await api.get('/echo').expect(200)).json.headers.connection, 'keep-alive');
      } finally {
        await api.close();
      }
    });

    void it('reads a response framed by the connection closing (no length, no chunked framing) at once, as superagent does', async () => {
      // The server keeps idle connections for a minute: the body would end only then if the connection stayed open.
      const res = await target.lingering().get('/close-framed').timeout(10_000).expect(200, 'framed by close');
      assert.equal(res.headers['transfer-encoding'], 'gzip');
      assert.equal(res.headers['content-length'], undefined);
    });

    void it("test.request() emits 'response' once the headers are in, with the body as it arrives (an app that writes more only after the client read the first part, as after res.flush())", async () => {
      const test = target.client().get('/flush').timeout(10_000);
      const streamed = new Promise<{ res: IncomingView; text: string }>((resolve, reject) => {
        test
          .request()
          .on('error', reject)
          .on('response', (res: IncomingView) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
              if (text === 'first') flushes.emit('next'); // read the first part: the app writes the rest
            });
            res.on('end', () => resolve({ res, text }));
            res.on('aborted', () => reject(new Error(`the response was cut short after ${JSON.stringify(text)}`)));
          });
      });
      // Bounded: without streaming the app waits for a read that never comes, and the request times out.
      const { error, res: whole } = await ended(test);
      assert.equal(error, null);
      const { res, text } = await streamed;
      assert.equal(text, 'firstsecond');
      assert.equal(res.statusCode, 200);
      assert.equal(res.statusMessage, 'OK');
      assert.equal(res.headers['content-type'], 'text/plain');
      assert.ok(res.rawHeaders.includes('content-type'), res.rawHeaders.join(', '));
      assert.equal(res.complete, true);
      assert.equal(whole.text, 'firstsecond', "the test's own response has the whole body too");
    });

    void it("test.request() with a header only Node's client sends as written fails with TANDEM_INVALID_REQUEST before anything is sent", async () => {
      const test = target.client().get('/flush').set('Keep-Alive', 'timeout=5').timeout(10_000);
      let responded = false;
      test.request().on('error', () => undefined).on('response', () => (responded = true));
      const { error } = await ended(test);
      assert.equal((error as { code?: string } | null)?.code, 'TANDEM_INVALID_REQUEST', String(error));
      assert.match(String((error as Error).message), /cannot send this request's headers as written/);
      assert.equal(responded, false);
    });

    void it('test.request() streams with back-pressure: while the test does not read, the app cannot write the whole body', async () => {
      let written = 0;
      const wrote = (bytes: number) => (written = bytes);
      pressure.on('wrote', wrote);
      try {
        const test = target.client().get('/pressure');
        const read = new Promise<{ atResponse: number; whilePaused: number; bytes: number }>((resolve, reject) => {
          test
            .request()
            .on('error', reject)
            .on('response', (res: IncomingView) => {
              res.pause();
              const atResponse = written;
              // Not a budget: a slower machine only lets the app write less meanwhile.
              setTimeout(() => {
                const whilePaused = written;
                let bytes = 0;
                res.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
                res.on('end', () => resolve({ atResponse, whilePaused, bytes }));
                res.on('aborted', () => reject(new Error(`the response was cut short after ${bytes} bytes`)));
                res.resume();
              }, 200);
            })
            .end();
        });
        const { atResponse, whilePaused, bytes } = await read;
        assert.ok(atResponse < PRESSURE_BYTES, `'response' came while the app was still writing (${atResponse} of ${PRESSURE_BYTES} bytes written)`);
        assert.ok(whilePaused < PRESSURE_BYTES, `the app was held while the test did not read (${whilePaused} of ${PRESSURE_BYTES} bytes written)`);
        assert.equal(bytes, PRESSURE_BYTES);
        assert.equal((await test).body.length, PRESSURE_BYTES);
      } finally {
        pressure.off('wrote', wrote);
      }
    });

    void it("server.close(cb) on the server given to request(server), once test.request() has its response: 'close', no error, as after supertest listened", async () => {
      const made = http.createServer(app);
      let closes = 0;
      made.on('close', () => closes++);
      const test = target.served(made).get('/echo');
      if (target.mode === 'remote') assert.equal(test.url, `${remoteUrl}/echo`, 'TANDEM_TARGET: sent to the deployment, the server never started');
      const text = await new Promise<string>((resolve, reject) => {
        test
          .request()
          .on('error', reject)
          .on('response', (res: IncomingView) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve(body));
          })
          .end();
      });
      assert.equal((JSON.parse(text) as Echo).method, 'GET');
      await new Promise<void>((resolve, reject) => made.close((error) => (error ? reject(error) : resolve())));
      assert.equal(closes, 1, "'close' once");
      if (target.mode === 'loopback') return; // the server listened for real, on tandem's port; now closed, it is not listened on again
      assert.equal(made.listening, false, 'no port was opened');
      // supertest listens again for the next request; once that request settled, it has closed the server itself
      await target.served(made).get('/echo').expect(200);
      const again = await new Promise<Error | undefined>((resolve) => made.close(resolve));
      assert.equal((again as TandemError | undefined)?.code, 'ERR_SERVER_NOT_RUNNING', "Node's answer, as under supertest");
      assert.equal(closes, 2, "Node's close emits 'close' too");
    });

    void it('sends bodies as superagent does: objects merged as JSON, strings as a form, .type() switching the serialiser', async () => {
      const json = echo(await target.client().post('/echo').send({ a: 1 }).send({ b: [1, 2] }));
      assert.equal(json.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(json.body), { a: 1, b: [1, 2] });
      const form = echo(await target.client().post('/echo').send('a=1').send('b=2'));
      assert.equal(form.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal(form.body, 'a=1&b=2');
      const typed = echo(await target.client().post('/echo').type('form').send({ user: { name: 'tobi' }, tags: ['x', 'y'] }));
      assert.equal(decodeURIComponent(typed.body), 'user[name]=tobi&tags=x&tags=y');
      const raw = echo(await target.client().post('/echo').type('json').send('{"raw":true}'));
      assert.equal(raw.body, '{"raw":true}');
      assert.equal(echo(await target.client().post('/echo').type('text/plain').send(Buffer.from('bytes'))).body, 'bytes');
      assert.equal(echo(await target.client().post('/echo').type('text/plain').send(Readable.from([Buffer.from('str'), Buffer.from('eam')]))).body, 'stream');
    });

    void it('streams a body written with .write() and ended with .end(), chunked', async () => {
      const test = target.client().post('/echo').set('Content-Type', 'application/json');
      test.write('{"user":');
      test.write('"tobi"}');
      const { error, res } = await ended(test);
      assert.equal(error, null);
      assert.equal(echo(res).body, '{"user":"tobi"}');
      assert.equal(echo(res).headers['transfer-encoding'], 'chunked');
    });

    void it('builds multipart bodies with .field() and .attach() (path, Buffer, filename and type options)', async () => {
      const res = await target
        .client()
        .post('/multipart')
        .field('name', 'tobi')
        .field({ age: 3, admin: true })
        .attach('readme', new URL('../../package.json', import.meta.url).pathname)
        .attach('data', Buffer.from('a,b'), { filename: 'data.csv', contentType: 'text/csv' })
        .attach('skipped', undefined)
        .expect(200);
      const parts = res.body as Array<Record<string, string>>;
      assert.deepEqual(parts.map((p) => p.name), ['name', 'age', 'admin', 'readme', 'data']);
      assert.deepEqual(parts.slice(0, 3).map((p) => p.value), ['tobi', '3', 'true']);
      assert.equal(parts[3]!.filename, 'package.json');
      assert.equal(parts[3]!.type, 'application/json');
      assert.match(parts[3]!.text!, /"name": "tandem"/);
      assert.deepEqual({ ...parts[4] }, { name: 'data', filename: 'data.csv', type: 'text/csv', text: 'a,b' });
    });

    void it('adds query strings from objects (nested, arrays repeated) and raw strings, and sorts them with .sortQuery()', async () => {
      const res = await target.client().get('/echo?z=0').query({ a: 1, list: ['x', 'y'], n: { k: 'v' } }).query('raw=1').sortQuery();
      assert.equal(decodeURIComponent(echo(res).url), '/echo?a=1&list=x&list=y&n[k]=v&raw=1&z=0');
    });

    void it('sets Authorization with .auth() (Basic, Bearer) and .bearer(), and Accept / Content-Type short names', async () => {
      assert.equal(echo(await target.client().get('/echo').auth('tobi', 'ferret')).headers.authorization, `Basic ${Buffer.from('tobi:ferret').toString('base64')}`);
      assert.equal(echo(await target.client().get('/echo').auth('tok', { type: 'bearer' })).headers.authorization, 'Bearer tok');
      assert.equal(echo(await target.client().get('/echo').bearer('tok2')).headers.authorization, 'Bearer tok2');
      const res = echo(await target.client().post('/echo').accept('json').type('html').send('<p>'));
      assert.equal(res.headers.accept, 'application/json');
      assert.equal(res.headers['content-type'], 'text/html');
    });

    void it('does not follow redirects unless .redirects(n), then lists them', async () => {
      const first = await target.client().post('/redirect').send({ a: 1 }).expect(302).expect('Location', '/redirect-2');
      assert.equal(first.redirect, true);
      assert.deepEqual(first.redirects, []);
      const followed = await target.client().post('/redirect').send({ a: 1 }).redirects(5).expect(200);
      assert.equal(echo(followed).method, 'GET', 'a 302 after POST, then a 303, become GETs');
      assert.equal(echo(followed).body, '');
      assert.deepEqual(followed.redirects.map((u) => new URL(u).pathname), ['/redirect-2', '/echo']);
      const capped = await target.client().get('/redirect').redirects(1);
      assert.equal(capped.status, 303, 'past the limit the last redirect is the response, as in superagent');
    });

    void it('fails a request past .timeout(ms) with superagent\'s timeout error', async () => {
      const { error } = await ended(target.client().get('/slow').timeout(50));
      assert.ok(error);
      assert.equal(error.message, 'Timeout of 50ms exceeded');
      assert.equal((error as Error & { timeout: number; code: string }).timeout, 50);
      assert.equal((error as Error & { code: string }).code, 'ECONNABORTED');
      assert.match(error.stack!, /GET .*\/slow/, 'tandem names the request in the stack');
    });

    void it('reads bodies as superagent does: JSON, forms, text, decompressed gzip, Buffers for binary types, .buffer(false), .parse(fn), .responseType()', async () => {
      const r = target.client();
      assert.deepEqual((await r.get('/users')).body, { name: 'tobi' });
      const form = await r.get('/form');
      assert.deepEqual(form.body, { a: '1', b: { c: '2' } });
      const html = await r.get('/html');
      assert.equal(html.text, '<h1>hi</h1>');
      assert.deepEqual(html.body, {});
      assert.equal((await r.get('/gzip')).text, 'zipped text');
      const png = await r.get('/png');
      assert.ok(Buffer.isBuffer(png.body));
      assert.equal(png.body.length, 8);
      assert.equal(png.text, undefined);
      assert.equal((await r.get('/html').buffer(false)).text, undefined);
      const parsed = await r.get('/html').parse((res, callback) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => callback(null, text.toUpperCase()));
      });
      assert.equal(parsed.body, '<H1>HI</H1>');
      const blob = await r.get('/users').responseType('blob');
      assert.ok(Buffer.isBuffer(blob.body));
      assert.equal(blob.body.toString(), '{"name":"tobi"}');
    });

    void it('fills the response as superagent does', async () => {
      const res = await target.client().get('/links');
      assert.equal(res.status, 200);
      assert.equal(res.statusCode, 200);
      assert.equal(res.ok, true);
      assert.equal(res.error, false);
      assert.equal(res.type, 'application/json');
      assert.equal(res.charset, undefined);
      assert.deepEqual(res.links, { next: 'https://api.example.com/?page=2', last: 'https://api.example.com/?page=9' });
      assert.equal(res.header, res.headers);
      assert.equal(res.get('Content-Type'), 'application/json');
      assert.deepEqual(res.files, {});
      assert.ok(res instanceof request.Response);
      const missing = await target.client().get('/nope');
      assert.equal(missing.notFound, true);
      assert.equal(missing.clientError, true);
      assert.ok(missing.error);
      assert.equal(missing.error.message, 'cannot GET /nope (404)');
      assert.equal(missing.error.status, 404);
      const text = await target.client().get('/echo');
      assert.equal(text.charset, 'utf-8');
      const login = await target.client().get('/login');
      assert.deepEqual(login.headers['set-cookie'], ['sid=s3cr3t-session; Path=/; HttpOnly', 'theme=dark; Path=/']);
    });

    void it('reads any status the app sends, without a status check of its own', async () => {
      for (const code of [201, 204, 299, 302, 404, 418, 500, 599]) {
        const res = await target.client().get(`/status?code=${code}`);
        assert.equal(res.status, code);
      }
    });

    void it('accepts .ok(fn) (superagent\'s rule, which supertest never lets fail a test)', async () => {
      const res = await target.client().get('/nope').ok((r) => r.status < 500).expect(404);
      assert.equal(res.status, 404);
      assert.throws(() => target.client().get('/').ok(undefined as never), /Callback required/);
    });

    void it(target.mode === 'remote' ? 'refuses per-request TLS options against a deployment' : 'accepts TLS options in-process, where no TLS is involved', async () => {
      const { error } = await ended(target.client().get('/echo').ca('PEM').trustLocalhost());
      if (target.mode === 'remote') {
        assert.ok(error);
        assert.match(error.message, /\.ca\(\): against a deployment, tandem verifies TLS with the target's own settings/);
      } else assert.equal(error, null);
    });

    void it('keeps cookies for request.agent() (and only there), with agent defaults replayed', async () => {
      const agent = target.agent().set('X-Agent', 'yes');
      await agent.get('/login').expect(200);
      const me = await agent.get('/me').expect(200);
      assert.match(me.text, /sid=s3cr3t-session/);
      assert.match(me.text, /theme=dark/);
      assert.equal(agent.cookies.get('theme'), 'dark');
      assert.equal(echo(await agent.get('/echo')).headers['x-agent'], 'yes');
      await target.client().get('/login');
      await target.client().get('/me').expect(401, 'no cookie');
      await target.agent().get('/me').expect(401);
    });

    void it('runs every .expect form, in supertest\'s order, and passes or fails like supertest', async () => {
      const r = target.client();
      await r.get('/users').expect(201);
      await r.get('/users').expect([200, 201]);
      await r.get('/users').expect(201, { name: 'tobi' });
      await r.get('/users').expect(201, '{"name":"tobi"}');
      await r.get('/users').expect('Content-Type', 'application/json').expect('content-type', /json/);
      await r.get('/links').expect('Link', /rel="next"/);
      await r.get('/users').expect({ name: 'tobi' }).expect(/tobi/).expect('{"name":"tobi"}');
      await r.get('/users').expect((res) => assert.equal(res.body.name, 'tobi'));
      const viaCallback = await new Promise<Error | null>((resolve) => {
        r.get('/users').expect(201, { name: 'tobi' }, resolve);
      });
      assert.equal(viaCallback, null);
      const statusCb = await new Promise<Error | null>((resolve) => {
        r.get('/users').expect(201, resolve);
      });
      assert.equal(statusCb, null);
      const headerCb = await new Promise<Error | null>((resolve) => {
        r.get('/users').expect('Content-Type', /json/, resolve);
      });
      assert.equal(headerCb, null);

      const failures: Array<[ReturnType<SuperTest['get']>, string]> = [
        [r.get('/users').expect(200), 'expected 200 "OK", got 201 "Created"'],
        [r.get('/users').expect([200, 204]), 'expected one of "200, 204", got 201 "Created"'],
        [r.get('/users').expect(201, { name: 'loki' }), "expected { name: 'loki' } response body, got { name: 'tobi' }"],
        [r.get('/html').expect('<h2>'), "expected '<h2>' response body, got '<h1>hi</h1>'"],
        [r.get('/html').expect(/h2/), "expected body '<h1>hi</h1>' to match /h2/"],
        [r.get('/users').expect('X-Missing', 'x'), 'expected "X-Missing" header field'],
        [r.get('/users').expect('Content-Type', 'text/html'), 'expected "Content-Type" of "text/html", got "application/json"'],
        [r.get('/users').expect('Content-Type', /html/), 'expected "Content-Type" matching /html/, got "application/json"'],
        [r.get('/users').expect(() => new Error('returned')), 'returned'],
        [r.get('/users').expect(() => assert.fail('thrown')), 'thrown'],
        // The first failing expectation wins, in the order they were added.
        [r.get('/users').expect('Content-Type', /html/).expect(500), 'expected "Content-Type" matching /html/, got "application/json"'],
      ];
      for (const [test, first] of failures) {
        const error = await test.then(() => assert.fail('expected a failure'), (e: Error) => e);
        assert.equal(error.message.split('\n')[0], first);
      }
    });

    void it('follows supertest\'s first line with tandem\'s context: method, URL, mode, headers, body, diff, curl line, secrets redacted', async () => {
      const error = await target
        .client()
        .get('/users')
        .set('Authorization', 'Bearer very-secret-token')
        .expect(201, { name: 'loki' })
        .then(() => assert.fail('expected a failure'), (e: Error & { code: string; expected: unknown; actual: unknown }) => e);
      const lines = error.message.split('\n');
      assert.equal(lines[0], "expected { name: 'loki' } response body, got { name: 'tobi' }");
      assert.match(error.message, new RegExp(`GET ${target.mode === 'remote' ? remoteUrl : 'http://(localhost|127\\.0\\.0\\.1:\\d+)'}/users  \\[${target.mode}`));
      assert.match(error.message, /← 201 Created/);
      assert.match(error.message, /content-type: application\/json/);
      assert.match(error.message, /"name": "tobi"/);
      assert.match(error.message, /-\s+"name": "loki"\n\s*\+\s+"name": "tobi"/);
      assert.match(error.message, /reproduce[^\n]*:\n\s+curl .*\/users'/);
      assert.doesNotMatch(error.message, /very-secret-token/);
      assert.equal(error.code, 'TANDEM_SUPERTEST_EXPECTATION');
      assert.deepEqual(error.expected, { name: 'loki' });
      assert.deepEqual(error.actual, { name: 'tobi' });
    });

    void it('is a thenable: await, .then, .catch, .finally; and .end(cb) with the test as this', async () => {
      const res = await target.client().get('/users');
      assert.equal(res.status, 201);
      const caught = await target.client().get('/users').expect(500).catch((e: Error) => e.message.split('\n')[0]);
      assert.equal(caught, 'expected 500 "Internal Server Error", got 201 "Created"');
      let settled = false;
      await target.client().get('/users').finally(() => (settled = true));
      assert.ok(settled);
      const test = target.client().get('/users');
      // Wrapped in an array: the test is a thenable, which a promise would adopt.
      const [self] = await new Promise<unknown[]>((resolve) => {
        test.end(function (this: unknown) {
          resolve([this]);
        });
      });
      assert.equal(self, test);
    });
  });
}
