import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test, type TestContext } from 'node:test';
import { BadTargetError, ConfigError, createTestApp, NotReadyError, OptionError } from '../../src/index.js';
import { warmingServer } from '../cli/support.js';
import { closeAfter as track, serve } from '../support/serve.js';
import { tempDir, writeFile, writeJsonConfig } from './support.js';

const BOUND = { timeout: 30_000 };

interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
}

/** A 127.0.0.1 server answering `{ server: name, path, headers }`, closed after `t`. */
async function server(t: TestContext, name: string): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const url = await serve(t, (req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ server: name, path: req.url, headers: req.headers }));
  });
  return { url, seen };
}

/** A config (.mjs) whose app is a fetch handler echoing the request headers; it counts its builds. */
function appConfig(t: TestContext, extra: string): string {
  return writeFile(
    tempDir(t),
    'tandem.config.mjs',
    `export default {
  app: () => {
    globalThis.__tandemAppBuilds = (globalThis.__tandemAppBuilds ?? 0) + 1;
    return { fetch: (request) => Response.json({ server: 'in-process', headers: Object.fromEntries(request.headers) }) };
  },
  ${extra}
};`,
  );
}

const builds = () => (globalThis as { __tandemAppBuilds?: number }).__tandemAppBuilds ?? 0;

void describe('createTestApp with a config file', () => {
  void test("no app given: the config's app, built lazily, with the config's defaults under the options given", BOUND, async (t) => {
    const config = appConfig(t, `headers: { 'x-suite': 'config', 'x-team': 'notes' }, timeout: 5000,`);
    const before = builds();
    const api = track(t, createTestApp(undefined, { config, headers: { 'X-Team': 'override' } }));
    assert.equal(api.mode, 'in-process');
    assert.equal(builds(), before, 'the app was built before it was needed');
    const res = await api.get('/');
    assert.equal(builds(), before + 1);
    assert.deepEqual(res.json.headers['x-suite'], 'config');
    assert.deepEqual(res.json.headers['x-team'], 'override');
    assert.equal(api.origin, 'http://localhost');
  });

  void test('TANDEM_TARGET names a config target: remote at once, its URL and options once ready, the app never built', BOUND, async (t) => {
    const staging = await server(t, 'staging');
    const config = appConfig(t, `headers: { 'x-suite': 'config' }, targets: { staging: { url: '${staging.url}/api', headers: { 'x-target': 'staging' } } },`);
    const before = builds();
    const api = track(t, createTestApp(undefined, { env: { TANDEM_TARGET: 'staging', TANDEM_CONFIG: config } }));
    assert.equal(api.mode, 'remote');
    assert.throws(() => api.origin, /api\.origin is not known yet: .*await api\.ready\(\) first/);
    await api.ready();
    assert.equal(api.origin, `${staging.url}/api`);
    const res = await api.get('/notes').expect(200);
    assert.equal(res.json.path, '/api/notes');
    assert.equal(res.json.headers['x-suite'], 'config');
    assert.equal(res.json.headers['x-target'], 'staging');
    assert.equal(builds(), before, 'the app was built for a remote run');

    // The same name resolves for a test app given its own app, too.
    const withApp = track(t, createTestApp(() => ({ fetch: () => new Response('local') }), { env: { TANDEM_TARGET: 'staging', TANDEM_CONFIG: config } }));
    assert.equal((await withApp.get('/x')).json.server, 'staging');
    // A session shares the target and the options.
    const session = withApp.session();
    assert.equal((await session.get('/y')).json.headers['x-target'], 'staging');
  });

  void test("a URL that is a config target's gets that target's options; another URL only the defaults", BOUND, async (t) => {
    const staging = await server(t, 'staging');
    const other = await server(t, 'other');
    const config = appConfig(t, `headers: { 'x-suite': 'config' }, targets: { staging: { url: '${staging.url}/', headers: { 'x-target': 'staging' } } },`);
    const byUrl = track(t, createTestApp(undefined, { env: { TANDEM_TARGET: staging.url, TANDEM_CONFIG: config } }));
    assert.equal(byUrl.origin, staging.url, 'a URL target knows its origin at once');
    assert.deepEqual(
      [(await byUrl.get('/')).json.headers['x-target'], (await byUrl.get('/')).json.headers['x-suite']],
      ['staging', 'config'],
    );
    const asApp = track(t, createTestApp(staging.url, { env: { TANDEM_CONFIG: config } }));
    assert.equal(asApp.mode, 'remote');
    assert.equal((await asApp.get('/')).json.headers['x-target'], 'staging');
    const elsewhere = track(t, createTestApp(undefined, { target: other.url, env: { TANDEM_CONFIG: config } }));
    assert.equal(elsewhere.mode, 'remote');
    const headers = (await elsewhere.get('/')).json.headers;
    assert.equal(headers['x-target'], undefined);
    assert.equal(headers['x-suite'], 'config');
  });

  void test("a target's readOnly from the config refuses writes before they are sent, by name or by URL", BOUND, async (t) => {
    const staging = await server(t, 'staging');
    const config = writeJsonConfig(tempDir(t), { targets: { staging: { url: staging.url, readOnly: true } } });
    for (const env of [{ TANDEM_TARGET: 'staging' }, { TANDEM_TARGET: staging.url }]) {
      const api = track(t, createTestApp(undefined, { env: { ...env, TANDEM_CONFIG: config } }));
      await assert.rejects(api.post('/notes').json({ title: 'x' }), { code: 'TANDEM_READ_ONLY' });
      await api.get('/notes').expect(200);
    }
    assert.deepEqual(
      staging.seen.map((s) => s.path),
      ['/notes', '/notes'],
      'a write reached the read-only target',
    );
  });

  void test('two targets with one URL: TANDEM_TARGET_NAME picks whose options apply', BOUND, async (t) => {
    const shared = await server(t, 'shared');
    const config = appConfig(t, `targets: { a: { url: '${shared.url}', headers: { 'x-target': 'a' } }, b: { url: '${shared.url}', headers: { 'x-target': 'b' } } },`);
    const named = track(t, createTestApp(undefined, { env: { TANDEM_TARGET: shared.url, TANDEM_TARGET_NAME: 'b', TANDEM_CONFIG: config } }));
    assert.equal((await named.get('/')).json.headers['x-target'], 'b');
    const first = track(t, createTestApp(undefined, { env: { TANDEM_TARGET: shared.url, TANDEM_CONFIG: config } }));
    assert.equal((await first.get('/')).json.headers['x-target'], 'a');
  });

  void test('an unknown target name fails the first request (and ready()) with ConfigError listing the names', BOUND, async (t) => {
    const config = writeJsonConfig(tempDir(t), { targets: { staging: { url: 'https://staging.example.com' }, 'local-deploy': { url: 'http://127.0.0.1:3100' } } });
    const api = track(t, createTestApp(undefined, { env: { TANDEM_TARGET: 'stagin', TANDEM_CONFIG: config } }));
    assert.equal(api.mode, 'remote');
    const check = (error: unknown) =>
      error instanceof ConfigError && error.key === 'targets.stagin' && / has no target named "stagin" \(TANDEM_TARGET\); its targets are: staging, local-deploy/.test(error.message);
    await assert.rejects(api.get('/'), check);
    await assert.rejects(api.ready(), check);
  });

  void test('a target name with no config file at all is refused at once', (t) => {
    const dir = tempDir(t);
    assert.throws(
      () => createTestApp(() => ({ fetch: () => new Response('x') }), { config: false, env: { TANDEM_TARGET: 'staging' } }),
      (error: unknown) => error instanceof BadTargetError && /TANDEM_TARGET=staging is not a URL, so it must name a target in a config file, and there is none/.test(error.message),
    );
    assert.throws(() => createTestApp(undefined, { env: { TANDEM_CONFIG: `${dir}/none.json` } }), ConfigError);
  });

  void test('an invalid config fails the first request with ConfigError naming the key, not createTestApp', BOUND, async (t) => {
    const config = writeJsonConfig(tempDir(t), { targets: { staging: { url: 'https://staging.example.com', timeout: '30s' } } });
    const api = track(t, createTestApp(() => ({ fetch: () => new Response('x') }), { config }));
    await assert.rejects(api.get('/'), (error: unknown) => error instanceof ConfigError && error.key === 'targets.staging.timeout' && error.message.includes(config));
  });

  void test('a config with no app, no app given, no target: the first request says so', BOUND, async (t) => {
    const config = writeJsonConfig(tempDir(t), { timeout: 1000 });
    const api = track(t, createTestApp(undefined, { config }));
    await assert.rejects(api.get('/'), (error: unknown) => error instanceof ConfigError && error.key === 'app' && /was given no app, TANDEM_TARGET is not set, and .* has no "app"/.test(error.message));
  });

  void test('options from the config are checked as given ones are', BOUND, async (t) => {
    const config = writeJsonConfig(tempDir(t), { headers: { 'bad header': 'x' } });
    const api = track(t, createTestApp(() => ({ fetch: () => new Response('x') }), { config }));
    await assert.rejects(api.get('/'), (error: unknown) => error instanceof OptionError && /options\.headers: /.test(error.message));
  });
});

void describe('the ready option', () => {
  void test('a remote target is polled on its ready path until 2xx before the first request, once', BOUND, async (t) => {
    const warming = await warmingServer(3);
    t.after(() => warming.close());
    const api = track(t, createTestApp(warming.url, { ready: { path: '/health', interval: 20 } }));
    await api.get('/notes').expect(200);
    await api.get('/notes').expect(200);
    assert.deepEqual(warming.paths, ['/health', '/health', '/health', '/health', '/notes', '/notes']);
  });

  void test('never ready: every request fails with NotReadyError naming the URL and the last status, and none is sent', BOUND, async (t) => {
    const never = await warmingServer(Number.POSITIVE_INFINITY);
    t.after(() => never.close());
    const api = track(t, createTestApp(never.url, { ready: { path: '/ready', timeout: 300, interval: 50 } }));
    let first: unknown;
    await assert.rejects(api.get('/notes'), (error: unknown) => {
      first = error;
      return error instanceof NotReadyError && error.code === 'TANDEM_NOT_READY';
    });
    assert.match((first as Error).message, new RegExp(`${never.url.replace(/\./g, '\\.')}/ready was not ready within 300 ms \\(\\d+ attempts, last status: 503 Service Unavailable\\)`));
    const polled = never.paths.length;
    await assert.rejects(api.get('/notes'), NotReadyError);
    assert.equal(never.paths.length, polled, 'the readiness check ran again');
    assert.ok(never.paths.every((path) => path === '/ready'), `a request other than the check was sent: ${never.paths.join(', ')}`);
  });

  void test('in-process, ready is not polled', BOUND, async (t) => {
    let requests = 0;
    const api = track(t, createTestApp((_req: http.IncomingMessage, res: http.ServerResponse) => (requests++, res.end('ok')), { ready: '/health' }));
    await api.get('/x');
    assert.equal(requests, 1);
  });
});
