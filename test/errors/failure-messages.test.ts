import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { inspect, promisify } from 'node:util';
import express from 'express';
import { Hono } from 'hono';
import { createTestApp, TandemError, type TestApp } from '../../src/index.js';

const run = promisify(execFile);

const NOTE = { id: 1, title: 'hello', tags: ['a', 'b'], meta: { owner: 'ann', version: 3 } };
const BIG = { items: Array.from({ length: 400 }, (_, i) => ({ id: i, label: `item number ${i}` })) };
const SERVER_COOKIE = 'srv-cookie-secret-000';

function decodeBasic(header: string | undefined): { user?: string; password?: string } {
  if (!header?.startsWith('Basic ')) return {};
  const [user, password] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
  return { user, password };
}

/** What an app echoes back of the credentials it received: the worst case for redaction. */
function echoSecrets(get: (name: string) => string | undefined) {
  const authorization = get('authorization');
  return {
    authorization,
    cookie: get('cookie'),
    apiKey: get('x-api-key'),
    ...decodeBasic(authorization),
    message: `token was ${authorization?.split(' ')[1] ?? 'none'}`,
  };
}

function expressApp() {
  const app = express();
  app.use(express.json());
  app.get('/notes/1', (_req, res) => void res.json(NOTE));
  app.get('/missing', (req, res) => void res.status(404).json({ error: 'not found', path: req.path }));
  app.get('/big', (_req, res) => void res.json(BIG));
  app.get('/text', (_req, res) => void res.type('text/plain').send('plain text body'));
  app.post('/notes', (req, res) => void res.status(201).set('x-request-id', 'req-42').json({ id: 2, ...req.body }));
  app.get('/echo-secrets', (req, res) => {
    res.cookie('session', SERVER_COOKIE, { httpOnly: true });
    res.status(401).json(echoSecrets((name) => req.get(name)));
  });
  app.get('/me', (req, res) => {
    res.cookie('session', SERVER_COOKIE, { httpOnly: true });
    res.json(echoSecrets((name) => req.get(name)));
  });
  return app;
}

function honoApp() {
  const app = new Hono();
  app.get('/notes/1', (c) => c.json(NOTE));
  app.get('/missing', (c) => c.json({ error: 'not found', path: c.req.path }, 404));
  app.get('/big', (c) => c.json(BIG));
  app.get('/text', (c) => c.text('plain text body'));
  app.post('/notes', async (c) => {
    c.header('x-request-id', 'req-42');
    return c.json({ id: 2, ...(await c.req.json<Record<string, unknown>>()) }, 201);
  });
  app.get('/echo-secrets', (c) => {
    c.header('set-cookie', `session=${SERVER_COOKIE}; Path=/; HttpOnly`);
    return c.json(echoSecrets((name) => c.req.header(name)), 401);
  });
  app.get('/me', (c) => {
    c.header('set-cookie', `session=${SERVER_COOKIE}; Path=/; HttpOnly`);
    return c.json(echoSecrets((name) => c.req.header(name)));
  });
  return app;
}

/** What every message must say, and the error it must come as. */
async function failure(request: PromiseLike<unknown>): Promise<TandemError> {
  try {
    await request;
  } catch (error) {
    assert.ok(error instanceof TandemError, `expected a TandemError, got ${String(error)}`);
    return error;
  }
  assert.fail('the request was expected to fail');
}

/** The command under the message's `reproduce…:` heading. */
const curlLine = (message: string) => /\n {2}reproduce[^\n]*:\n {4}(.*)/.exec(message)?.[1] ?? '';

/** Every place an error can be printed: its message, its request summary, and how Node inspects it. */
function printedForms(error: TandemError): Record<string, string> {
  return {
    message: error.message,
    stack: error.stack ?? '',
    'JSON.stringify(error.request)': JSON.stringify(error.request),
    'util.inspect(error)': inspect(error, { depth: Infinity, showHidden: false }),
    'util.inspect(error, showHidden)': inspect(error, { depth: 6, showHidden: true }),
    'String(error)': String(error),
  };
}

function assertNoSecret(error: TandemError, secrets: readonly string[]): void {
  for (const [where, text] of Object.entries(printedForms(error))) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `${JSON.stringify(secret)} appears in ${where}:\n${text}`);
  }
}

interface Case {
  name: string;
  /** What the message must name to identify the target, e.g. `in-process: express`. */
  targetText: () => string;
  api: () => TestApp;
}

const servers: http.Server[] = [];
const apps: TestApp[] = [];
const recorded: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
let remoteOrigin = '';

before(async () => {
  const app = expressApp();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => recorded.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
    app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  remoteOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await Promise.all(apps.map((api) => api.close()));
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function track(api: TestApp): TestApp {
  apps.push(api);
  return api;
}

let express1: TestApp | undefined;
let hono1: TestApp | undefined;
let remote1: TestApp | undefined;

const cases: Case[] = [
  { name: 'Express, in-process', targetText: () => 'in-process: express', api: () => (express1 ??= track(createTestApp(expressApp()))) },
  { name: 'Hono, in-process', targetText: () => 'in-process: hono', api: () => (hono1 ??= track(createTestApp(honoApp()))) },
  { name: 'remote', targetText: () => `remote: ${remoteOrigin}`, api: () => (remote1 ??= track(createTestApp(remoteOrigin))) },
];

for (const c of cases) {
  void describe(`failure messages: ${c.name}`, () => {
    void test('an unexpected status names method, full URL, target, status, headers and the body, pretty-printed', async () => {
      const api = c.api();
      const error = await failure(api.get('/missing?from=test'));
      assert.equal(error.code, 'TANDEM_UNEXPECTED_STATUS');
      assert.equal(error.name, 'UnexpectedStatusError');
      const { message } = error;
      assert.match(message, /expected a 2xx or 3xx status/);
      assert.ok(message.includes(`GET ${api.origin}/missing?from=test`), message);
      assert.ok(message.includes(`[${c.targetText()}]`), message);
      assert.match(message, /← 404\b/);
      const headerBlock = message.split('response headers:\n')[1]?.split('\n\n')[0] ?? '';
      assert.match(headerBlock, /^ {4}content-type: application\/json/m, message);
      assert.ok(message.includes('{\n      "error": "not found",\n      "path": "/missing"\n    }'), message);
      assert.equal(error.expected, '2xx or 3xx');
      assert.equal(error.actual, 404);
      assert.equal(error.request?.method, 'GET');
      assert.equal(error.request?.url, `${api.origin}/missing?from=test`);
      assert.equal(error.response?.status, 404);
      assert.equal(error.target?.mode, api.mode);
    });

    void test('.expect(status) names what was expected and what came', async () => {
      const error = await failure(c.api().get('/notes/1').expect(201));
      assert.equal(error.code, 'TANDEM_UNEXPECTED_STATUS');
      assert.match(error.message, /^expected status 201, got 200\b/);
      assert.equal(error.expected, 201);
      assert.equal(error.actual, 200);
      assert.ok(error.message.includes('"title": "hello"'), error.message);
    });

    void test('.expect(404) makes 404 the success and 200 a failure', async () => {
      const api = c.api();
      const res = await api.get('/missing').expect(404);
      assert.equal(res.status, 404);
      const error = await failure(api.get('/notes/1').expect([404, 410]));
      assert.match(error.message, /expected status one of 404, 410, got 200/);
      assert.deepEqual(error.expected, [404, 410]);
    });

    void test('.expectJson shows a -/+ diff of the mismatching keys only, and sets expected/actual', async () => {
      const api = c.api();
      const pattern = { title: 'goodbye', meta: { owner: 'ann' }, tags: ['a', /^c$/] };
      const error = await failure(api.get('/notes/1').expectJson(pattern));
      assert.equal(error.code, 'TANDEM_EXPECTATION_FAILED');
      const { message } = error;
      assert.match(message, /expected the JSON body to match/);
      assert.ok(message.includes(`GET ${api.origin}/notes/1`), message);
      assert.ok(message.includes(c.targetText()), message);
      const lines = message.split('\n');
      const minus = lines.filter((l) => /^\s*- /.test(l) && !l.includes('- expected'));
      const plus = lines.filter((l) => /^\s*\+ /.test(l) && !l.includes('+ actual'));
      assert.ok(minus.some((l) => l.includes('"title": "goodbye"')), message);
      assert.ok(plus.some((l) => l.includes('"title": "hello"')), message);
      assert.ok(minus.some((l) => l.includes('"/^c$/"')), message);
      assert.ok(plus.some((l) => l.includes('"b"')), message);
      assert.ok(![...minus, ...plus].some((l) => l.includes('owner')), 'a key that matches is not marked as a difference');
      assert.ok(!message.split('reproduce:')[0]!.split('- expected')[1]!.includes('"version"'), 'keys the expectation does not name stay out of the diff');
      assert.deepEqual(error.expected, pattern);
      assert.deepEqual(error.actual, { title: 'hello', meta: { owner: 'ann' }, tags: ['a', 'b'] });
    });

    void test('.expectJson on a body that is not JSON says so, with an excerpt', async () => {
      const error = await failure(c.api().get('/text').expectJson({ a: 1 }));
      assert.equal(error.code, 'TANDEM_NOT_JSON');
      assert.match(error.message, /not JSON \(text\/plain/);
      assert.ok(error.message.includes('plain text body'), error.message);
    });

    void test('.expectHeader and .expectText name what they compared', async () => {
      const api = c.api();
      const header = await failure(api.get('/notes/1').expectHeader('content-type', /xml/));
      assert.match(header.message, /expected header content-type to match \/xml\/, got "application\/json/);
      const absent = await failure(api.get('/notes/1').expectHeader('x-nope', 'a'));
      assert.match(absent.message, /expected header x-nope to be "a", it is absent/);
      const text = await failure(api.get('/text').expectText('other text'));
      assert.match(text.message, /expected the body text to equal the given string/);
      assert.ok(text.message.includes('"other text"'), text.message);
      assert.equal(text.actual, 'plain text body');
    });

    void test('a long body is cut, saying how much was left out', async () => {
      const error = await failure(c.api().get('/big').expect(204));
      const excerpt = error.message.split('response body')[1]!.split('reproduce:')[0]!;
      assert.match(excerpt, /… \(\d+ more characters\)/);
      assert.ok(excerpt.length < 5000, `excerpt of ${excerpt.length} characters`);
      assert.ok(!error.message.includes('item number 399'));
    });

    void test('the curl line has the method, URL, headers and body', async () => {
      const api = c.api();
      const error = await failure(api.post('/notes?draft=1').set('x-trace', 't-1').json({ title: "it's \"new\"" }).expect(200));
      const curl = curlLine(error.message);
      // In-process no port listens: the line is for a deployment, or a loopback port, in TANDEM_TARGET.
      const url = api.mode === 'in-process' ? `"$TANDEM_TARGET"'/notes?draft=1'` : `'${api.origin}/notes?draft=1'`;
      assert.ok(curl.startsWith(`curl -X POST ${url}`), curl);
      assert.ok(curl.includes(`-H 'x-trace: t-1'`), curl);
      assert.ok(curl.includes(`-H 'content-type: application/json'`), curl);
      assert.ok(curl.endsWith(`--data-binary '{"title":"it'\\''s \\"new\\""}'`), curl);
    });

    void describe('redaction', () => {
      const token = 'secret-token-123';
      const cookie = 'cookie-secret-456';
      const apiKey = 'key-secret-789';
      const secrets = [token, cookie, apiKey, SERVER_COOKIE];

      void test('bearer token, Cookie, x-api-key and Set-Cookie appear nowhere, even when echoed', async () => {
        const error = await failure(c.api().get('/echo-secrets').auth(token).set('Cookie', `sid=${cookie}; theme=dark`).set('x-api-key', apiKey));
        assert.equal(error.code, 'TANDEM_UNEXPECTED_STATUS');
        assertNoSecret(error, secrets);
        const { message } = error;
        assert.ok(message.includes('Authorization: Bearer [REDACTED]'), 'the scheme is kept');
        assert.ok(message.includes('Cookie: sid=[REDACTED]; theme=[REDACTED]'), 'cookie names are kept');
        assert.ok(message.includes('x-api-key: [REDACTED]'), message);
        assert.match(message, /set-cookie: session=\[REDACTED\]; Path=\/; HttpOnly/i);
        assert.match(message, /"authorization": "(Bearer )?\[REDACTED\]"/);
        assert.match(message, /"message": "token was \[REDACTED\]"/);
        assert.ok(message.includes("-H 'Authorization: Bearer [REDACTED]'"), message);
      });

      void test('Basic auth: neither the encoded credentials nor the decoded password appear', async () => {
        const password = 'basic-pass-321';
        const encoded = Buffer.from(`ann:${password}`).toString('base64');
        const error = await failure(c.api().get('/echo-secrets').auth({ username: 'ann', password }));
        assertNoSecret(error, [password, encoded, `ann:${password}`]);
        assert.ok(error.message.includes('Authorization: Basic [REDACTED]'), error.message);
        assert.match(error.message, /"user": "ann"/);
      });

      void test('secrets in the default headers of the test app are redacted too', async () => {
        const api = c.name === 'remote' ? track(createTestApp(remoteOrigin, { headers: { 'x-api-key': apiKey } })) : undefined;
        const inProcess = c.name.startsWith('Express') ? track(createTestApp(expressApp(), { headers: { 'x-api-key': apiKey } })) : undefined;
        const hono = c.name.startsWith('Hono') ? track(createTestApp(honoApp(), { headers: { 'x-api-key': apiKey } })) : undefined;
        const error = await failure((api ?? inProcess ?? hono)!.get('/echo-secrets'));
        assertNoSecret(error, [apiKey]);
        assert.match(error.message, /"apiKey": "\[REDACTED\]"/);
      });

      void test('a failed .expectJson on an echoed credential does not leak it through expected/actual', async () => {
        const error = await failure(c.api().get('/me').auth(token).set('Cookie', `sid=${cookie}`).expectJson({ authorization: 'Bearer other', cookie: 'x' }));
        assert.equal(error.code, 'TANDEM_EXPECTATION_FAILED');
        assertNoSecret(error, secrets);
        assert.match(error.message, /^ *\+ +"authorization": "(Bearer )?\[REDACTED\]"/m);
        assert.match(error.message, /^ *- +"authorization": "Bearer other"/m);
      });

      void test('a failed .expectText or .expectHeader does not leak an echoed or set credential', async () => {
        const api = c.api();
        const text = await failure(api.get('/me').auth(token).expectText('nothing'));
        assertNoSecret(text, [token]);
        const header = await failure(api.get('/me').expectHeader('set-cookie', /^other=/));
        assertNoSecret(header, [SERVER_COOKIE]);
        assert.match(header.message, /session=\[REDACTED\]/);
      });

      void test('a successful response keeps the real values for the test to use', async () => {
        const res = await c.api().get('/me').auth(token);
        assert.equal(res.json.authorization, `Bearer ${token}`);
        assert.ok(res.headers.getSetCookie()[0]?.includes(SERVER_COOKIE));
        assert.ok(!JSON.stringify(res.request).includes(token), 'the request summary on a response is redacted');
      });
    });
  });
}

void test('the curl line of a remote failure, run as printed, reproduces the request', { skip: process.platform === 'win32' ? 'needs bash' : false }, async () => {
  const api = remote1 ?? track(createTestApp(remoteOrigin));
  const body = { title: "it's\nmulti-line ✓", n: 1 };
  const error = await failure(api.post('/notes?x=1').set('x-trace', 'trace "7"').json(body).expect(200));
  const curl = curlLine(error.message);
  recorded.length = 0;
  await run('bash', ['-c', `${curl} --silent --output /dev/null`]);
  assert.equal(recorded.length, 1);
  const seen = recorded[0]!;
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/notes?x=1');
  assert.equal(seen.headers['x-trace'], 'trace "7"');
  assert.equal(seen.headers['content-type'], 'application/json');
  assert.equal(seen.body, JSON.stringify(body));
});

void describe('the reproduce line is one that can be run', () => {
  void test('in-process, where no port listens: no curl to http://localhost; the line, run with TANDEM_TARGET set, reproduces the request', { skip: process.platform === 'win32' ? 'needs bash' : false }, async () => {
    const api = express1 ?? track(createTestApp(expressApp()));
    const error = await failure(api.post('/notes?x=2').set('x-trace', 'in-process').json({ title: 'from memory' }).expect(200));
    assert.match(error.message, /\n {2}reproduce \(in-process, no port listens\): run the test against a deployment \(TANDEM_TARGET=<url>\) or with transport: 'loopback'/);
    assert.doesNotMatch(error.message, /curl[^\n]*http:\/\/localhost/);
    const curl = curlLine(error.message);
    assert.ok(curl.startsWith(`curl -X POST "$TANDEM_TARGET"'/notes?x=2'`), curl);
    recorded.length = 0;
    await run('bash', ['-c', `${curl} --silent --output /dev/null`], { env: { ...process.env, TANDEM_TARGET: remoteOrigin } });
    assert.deepEqual(recorded.map((r) => [r.method, r.url, r.headers['x-trace'], r.body]), [['POST', '/notes?x=2', 'in-process', '{"title":"from memory"}']]);
  });

  void test("over loopback: the line names the port, and says it is open only while the test app is", async () => {
    const api = track(createTestApp(expressApp(), { transport: 'loopback', env: {} }));
    const error = await failure(api.get('/missing'));
    assert.match(error.message, /\n {2}reproduce \(while the test app is open; its port closes with it\):\n {4}curl 'http:\/\/127\.0\.0\.1:\d+\/missing'/);
  });

  void test('a write refused on a read-only (production-named) target shows no command that would send it', async () => {
    const api = track(createTestApp('https://api.prod.example.com', { env: {} }));
    const error = await failure(api.post('/orders').json({ sku: 'x' }));
    assert.equal(error.code, 'TANDEM_READ_ONLY');
    assert.match(error.message, /POST https:\/\/api\.prod\.example\.com\/orders {2}\[remote: https:\/\/api\.prod\.example\.com\]\n {2}not sent: tandem refused the request before it left the test, so there is nothing to reproduce$/);
    for (const text of [error.message, error.stack ?? '', inspect(error)]) assert.doesNotMatch(text, /curl|-X POST/);
  });

  void test('the error shows as its message and the test line, not a dump of the exchange', async () => {
    const api = express1 ?? track(createTestApp(expressApp()));
    const error = await failure(api.get('/notes/1').expectJson({ title: 'other' }));
    const shown = inspect(error);
    assert.ok(shown.startsWith(`ExpectationError: ${error.message}\n    at `), shown);
    assert.match(shown.split('\n').find((line) => line.startsWith('    at '))!, /failure-messages\.test\.ts:\d+:\d+\)$/, 'the first frame is the line of this test');
    assert.doesNotMatch(shown, /<Buffer|headers: \{\}|src\/(errors|request|client)\//);
    assert.match(shown, /\{\n {2}code: 'TANDEM_EXPECTATION_FAILED'\n\}$/);
    assert.equal(error.showDiff, false, 'runners that draw their own diff from actual/expected do not');
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(error)) as object), ['name', 'code', 'message', 'stack']);
    assert.deepEqual(error.actual, { title: 'hello' }, 'actual and expected are still there for code to read');
  });
});
