import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OptionError, RecordingError, createTestApp, type TestApp } from '../../src/index.js';
import { setCurrentTest } from '../../src/run/test-context.js';
import type { HarEntry } from '../../src/recording/har.js';
import { BINARY, SECRETS, echoApp } from './fixtures/echo-app.js';
import { createLoginApp } from '../fixtures/login/login-app.js';
import { assertNoSecrets, readValidHar, tempDir } from './support.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const UPLOAD = Buffer.from([0x00, 0xff, 0x10, 0x80, 0xfe]);

/** Every kind of exchange, with every kind of secret: the same script in each mode. */
async function exercise(api: TestApp): Promise<void> {
  await api.get('/echo').auth(SECRETS.bearer).query({ page: 2 }).set('x-trace', 'trace-1');
  setCurrentTest('logs in');
  await api.post('/login').json({ user: 'alice' });
  setCurrentTest(undefined);
  await api.get('/me').expectText(/cookie was sid=/);
  await api.get('/old').followRedirects();
  await api.get('/binary').auth({ username: 'alice', password: SECRETS.basicPassword });
  await api.post('/upload').send(UPLOAD, 'application/octet-stream').expect(201);
  await api.session().get('/echo');
  await api.close();
}

const headerOf = (headers: ReadonlyArray<{ name: string; value: string }>, name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;

function checkEntries(entries: HarEntry[], origin: string, mode: string): void {
  assert.deepEqual(
    entries.map((e) => `${e.request.method} ${new URL(e.request.url).pathname} ${e.response.status}`),
    ['GET /echo 200', 'POST /login 200', 'GET /me 200', 'GET /old 302', 'GET /new 200', 'GET /binary 200', 'POST /upload 201', 'GET /echo 200'],
  );
  const [echo, login, me, old, redirected, binary, upload] = entries as [HarEntry, HarEntry, HarEntry, HarEntry, HarEntry, HarEntry, HarEntry];
  for (const entry of entries) {
    assert.equal(entry._mode, mode);
    assert.ok(entry.request.url.startsWith(`${origin}/`), entry.request.url);
    assert.ok(entry.time >= 0 && entry.timings.wait === entry.time);
    assert.ok(Math.abs(Date.parse(entry.startedDateTime) - Date.now()) < 60_000);
  }
  assert.deepEqual(echo.request.queryString, [{ name: 'page', value: '2' }]);
  assert.equal(headerOf(echo.request.headers, 'authorization'), 'Bearer [REDACTED]');
  assert.equal(headerOf(echo.request.headers, 'x-api-key'), '[REDACTED]');
  assert.equal(headerOf(echo.request.headers, 'x-tenant'), '[REDACTED]', 'a value from options.headers is a secret');
  assert.equal(headerOf(echo.request.headers, 'x-trace'), 'trace-1', 'other headers are kept');
  assert.equal(headerOf(echo.request.headers, 'accept'), 'application/json', 'plain headers from options.headers are kept');
  assert.equal(echo.response.content.mimeType, 'application/json');
  const echoed = JSON.parse(echo.response.content.text!) as { headers: Record<string, string> };
  assert.equal(echoed.headers.authorization, '[REDACTED]', 'a secret the app echoes in its body is scrubbed');
  assert.equal(echoed.headers['x-trace'], 'trace-1');
  assert.equal(echoed.headers['x-tenant'], '[REDACTED]');

  assert.equal(login._test, 'logs in');
  assert.equal(echo._test, undefined);
  assert.deepEqual(login.request.postData, { mimeType: 'application/json', text: '{"user":"alice"}' });
  assert.equal(login.request.bodySize, 16);
  assert.deepEqual(login.response.cookies, [{ name: 'sid', value: '[REDACTED]', path: '/', httpOnly: true, secure: false }]);
  assert.equal(headerOf(login.response.headers, 'set-cookie'), 'sid=[REDACTED]; Path=/; HttpOnly; Max-Age=3600');

  assert.deepEqual(me.request.cookies, [{ name: 'sid', value: '[REDACTED]' }]);
  assert.equal(headerOf(me.request.headers, 'cookie'), 'sid=[REDACTED]');
  assert.equal(me.response.content.text, 'cookie was [REDACTED]');

  assert.equal(old.response.redirectURL, `${origin}/new?token=%5BREDACTED%5D&page=3`);
  assert.deepEqual(redirected.request.queryString, [
    { name: 'token', value: '[REDACTED]' },
    { name: 'page', value: '3' },
  ]);

  assert.equal(headerOf(binary.request.headers, 'authorization'), 'Basic [REDACTED]');
  assert.equal(binary.response.content.encoding, 'base64');
  assert.equal(binary.response.content.size, BINARY.byteLength);
  const bytes = Buffer.from(binary.response.content.text!, 'base64');
  assert.deepEqual([...bytes.subarray(0, 4)], [0xff, 0xfe, 0x00, 0x01], 'a binary body is kept as base64');

  assert.equal(upload.request.postData?.mimeType, 'application/octet-stream');
  assert.equal(upload.request.postData?._encoding, 'base64');
  assert.deepEqual(Buffer.from(upload.request.postData?.text ?? '', 'base64'), UPLOAD);
  assert.equal(upload.response.content.text, '5 bytes');
}

void describe('HAR recording', () => {
  let tmp: ReturnType<typeof tempDir>;
  before(() => (tmp = tempDir()));
  after(() => tmp.remove());
  const options = (file: string) => ({ record: file, headers: { 'x-tenant': SECRETS.tenant, 'x-api-key': SECRETS.apiKey, accept: 'application/json' }, env: {} });

  void test('in-process: a valid HAR 1.2 file with every exchange, written on close, without any secret', async () => {
    const file = join(tmp.dir, 'in-process.har');
    await exercise(createTestApp(echoApp, options(file)));
    const { har, text } = readValidHar(file);
    assert.deepEqual(har.log.creator, { name: 'tandem', version });
    checkEntries(har.log.entries, 'http://localhost', 'in-process');
    assertNoSecrets(har, text, Object.values(SECRETS));
  });

  void test('remote, over a real socket: the same entries', async () => {
    const server = http.createServer((req, res) => void echoApp(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const file = join(tmp.dir, 'remote.har');
      await exercise(createTestApp(origin, options(file)));
      const { har, text } = readValidHar(file);
      checkEntries(har.log.entries, origin, 'remote');
      assert.equal(headerOf(har.log.entries[0]!.response.headers, 'connection'), 'keep-alive', 'the headers the server really sent');
      assertNoSecrets(har, text, Object.values(SECRETS));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  void test('the request URL is the request-target as sent: dot segments and percent-encodings kept, the query parsed', async () => {
    const file = join(tmp.dir, 'as-written.har');
    const api = createTestApp(echoApp, { record: file, env: {} });
    await api.get('/echo/../echo/%2e%2E/x?a=%7e&token=abcd-1234-secret').query({ b: 'c d' }).expect(404);
    await api.close();
    const { har, text } = readValidHar(file);
    const entry = har.log.entries[0]!;
    assert.equal(entry.request.url, 'http://localhost/echo/../echo/%2e%2E/x?a=%7e&token=%5BREDACTED%5D&b=c+d');
    assert.deepEqual(entry.request.queryString, [{ name: 'a', value: '~' }, { name: 'token', value: '[REDACTED]' }, { name: 'b', value: 'c d' }]);
    assertNoSecrets(har, text, ['abcd-1234-secret']);
  });

  void test('options.secrets are scrubbed too: from a request body, from a response that echoes them', async () => {
    const file = join(tmp.dir, 'extra-secrets.har');
    const password = 'hunter2-correct-horse';
    const api = createTestApp(echoApp, { record: file, secrets: [password], env: {} });
    await api.post('/login').json({ user: 'alice', password });
    await api.close();
    const { har, text } = readValidHar(file);
    assert.equal(har.log.entries[0]?.request.postData?.text, '{"user":"alice","password":"[REDACTED]"}');
    assertNoSecrets(har, text, [password]);
  });

  void test('a login form submitted from its page: no password (nor CSRF token) value in the file', async () => {
    const file = join(tmp.dir, 'login-form.har');
    const api = createTestApp(() => createLoginApp(), { record: file, env: {} });
    const page = await api.get('/login').expect(200);
    await page.form.set('username', 'alice').set('password', 'wonderland').submit().expect(303).expectHeader('location', '/account');
    const short = await api.get('/login');
    await short.form.set('username', 'bob').set('password', 'pw').submit().expect(303);
    await api.close();
    const { har, text } = readValidHar(file);
    const posts = har.log.entries.filter((entry) => entry.request.method === 'POST');
    assert.equal(posts.length, 2);
    for (const post of posts) {
      assert.equal(post.request.postData?.mimeType, 'application/x-www-form-urlencoded');
      assert.match(post.request.postData?.text ?? '', /^csrf=\[REDACTED\]&username=(alice|bob)&password=\[REDACTED\]$/);
    }
    assert.equal(posts[0]?.request.bodySize, Buffer.byteLength('csrf=0123456789abcdef&username=alice&password=wonderland'), 'the size is the size sent');
    assertNoSecrets(har, text, ['wonderland']);
    assert.doesNotMatch(text, /password=pw\b/, 'a short password is redacted by its field name');
  });

  void test('JSON and multipart bodies: credential-like fields redacted at any depth, both ways; secretFields adds names', async () => {
    const file = join(tmp.dir, 'fields.har');
    const api = createTestApp(echoApp, { record: file, secretFields: ['SSN'], env: {} });
    const body = { user: 'alice', password: 'pw', profile: { client_secret: 'cs-9f8e7d6c5b', ssn: '078-05-1120', theme: 'dark' }, keys: [{ api_key: 'ak-1a2b3c4d' }] };
    await api.post('/login').json(body).expect(200);
    await api.post('/upload').multipart({ user: 'alice', passwd: 'multipart-pw-42', note: 'kept' }).expect(201);
    await api.close();
    const { har, text } = readValidHar(file);
    const [json, multipart] = har.log.entries as [HarEntry, HarEntry];
    assert.deepEqual(JSON.parse(json.request.postData?.text ?? ''), {
      user: 'alice',
      password: '[REDACTED]',
      profile: { client_secret: '[REDACTED]', ssn: '[REDACTED]', theme: 'dark' },
      keys: [{ api_key: '[REDACTED]' }],
    });
    // The echo of the body in the response: its long values are scrubbed there too.
    assert.equal((JSON.parse(json.response.content.text ?? '') as { ok: boolean }).ok, true);
    const form = multipart.request.postData?.text ?? '';
    assert.match(form, /name="passwd"\r\n\r\n\[REDACTED\]\r\n/);
    assert.match(form, /name="note"\r\n\r\nkept\r\n/);
    assertNoSecrets(har, text, ['cs-9f8e7d6c5b', '078-05-1120', 'ak-1a2b3c4d', 'multipart-pw-42']);
  });

  void test('TANDEM_HAR records without the option; record: false ignores it; no variable, no file', async () => {
    const file = join(tmp.dir, 'from-env.har');
    const fromEnv = createTestApp(echoApp, { env: { TANDEM_HAR: file } });
    await fromEnv.get('/echo');
    await fromEnv.close();
    assert.equal(readValidHar(file).har.log.entries.length, 1);

    const ignored = join(tmp.dir, 'ignored.har');
    const off = createTestApp(echoApp, { record: false, env: { TANDEM_HAR: ignored } });
    await off.get('/echo');
    await off.close();
    assert.throws(() => readFileSync(ignored), { code: 'ENOENT' });
  });

  void test('{ har: path } is the same as a path; a bad record option is refused when the test app is made', async () => {
    const file = join(tmp.dir, 'object-form.har');
    const api = createTestApp(echoApp, { record: { har: file }, env: {} });
    await api.get('/echo');
    await api.close();
    assert.equal(readValidHar(file).har.log.entries.length, 1);
    for (const bad of ['', '  ', { har: '' }, 42, { file: 'x.har' }]) {
      assert.throws(() => createTestApp(echoApp, { record: bad as never }), (error: unknown) => {
        assert.ok(error instanceof OptionError);
        assert.match(error.message, /options\.record: expected a HAR file path, \{ har: path \}, or false, got /);
        return true;
      });
    }
  });

  void test('a file that cannot be written fails close() with TANDEM_RECORDING, naming the file', async () => {
    const blocker = join(tmp.dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const file = join(blocker, 'run.har');
    const api = createTestApp(echoApp, { record: file, env: {} });
    await api.get('/echo');
    await assert.rejects(api.close(), (error: unknown) => {
      assert.ok(error instanceof RecordingError);
      assert.equal(error.code, 'TANDEM_RECORDING');
      assert.ok(error.message.includes(file), error.message);
      return true;
    });
  });
});
