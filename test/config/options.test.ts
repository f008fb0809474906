import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { ConfigError, createTestApp, OptionError, type TestAppOptions } from '../../src/index.js';
import { useTestApp } from '../../src/runners/node-test.js';
import { loadConfig } from '../../src/config/load-config.js';
import { ALL_OPTION_SCHEMAS } from '../../src/config/option-schemas.js';
import { runCliIn, warmingServer } from '../cli/support.js';
import { cleanEnv } from '../support/spec-runs.js';
import { rejectsWith } from '../support/rejects-with.js';
import { tempDir, writeJsonConfig } from './support.js';

/** An app that answers every request with 201: a write that goes through is visible. */
const created = (_req: unknown, res: { statusCode: number; end: () => void }) => {
  res.statusCode = 201;
  res.end();
};

/** The OptionError `make` throws. */
function optionError(make: () => unknown): OptionError {
  let caught: unknown;
  assert.throws(make, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof OptionError, `expected an OptionError, got ${String(caught)}`);
  assert.ok(caught instanceof ConfigError, 'an OptionError is a ConfigError');
  assert.equal(caught.code, 'TANDEM_BAD_OPTION');
  return caught;
}

void describe('options given in code are checked when the test app is created', () => {
  for (const [entry, make] of [
    ['createTestApp', (options: unknown) => createTestApp(created, options as TestAppOptions)],
    ['useTestApp', (options: unknown) => useTestApp(created, options as TestAppOptions)],
  ] as const) {
    void test(`${entry}: a mistyped option fails at once, suggesting the known one and listing them all`, () => {
      const readonly = optionError(() => make({ readonly: true }));
      assert.equal(readonly.key, 'readonly');
      assert.match(readonly.message, /unknown option "readonly" \(did you mean `readOnly`\?\); the known options are: target, transport, /);
      for (const key of Object.keys(ALL_OPTION_SCHEMAS)) assert.ok(readonly.message.includes(key), `the known options do not list ${key}`);
      const timout = optionError(() => make({ timout: 100 }));
      assert.equal(timout.key, 'timout');
      assert.match(timout.message, /unknown option "timout" \(did you mean `timeout`\?\)/);
      assert.doesNotMatch(optionError(() => make({ xyzzy: 1 })).message, /did you mean/, 'nothing is suggested for a name like no option');
    });
  }

  void test('a value of the wrong kind names the option, what it expects and the value given', () => {
    const cases: Array<[TestAppOptions, string, RegExp]> = [
      [{ timeout: '100' as never }, 'timeout', /^options\.timeout: expected a positive number of milliseconds, got "100"/],
      [{ readOnly: 'yes' as never }, 'readOnly', /^options\.readOnly: expected true or false, got "yes"/],
      [{ transport: 'tcp' as never }, 'transport', /^options\.transport: expected 'in-process' or 'loopback', got "tcp"/],
      [{ ready: 'health' }, 'ready', /^options\.ready: expected a path starting with '\/'.*, got "health"/],
      [{ followRedirects: 1.5 }, 'followRedirects', /^options\.followRedirects: expected true, false or a whole number of hops, got 1\.5/],
      [{ runId: 'has space' }, 'runId', /^options\.runId: expected letters, digits, .*, got "has space"/],
      [{ allowHosts: ['https://x.example.com/'] }, 'allowHosts', /^options\.allowHosts: expected an array of host names/],
    ];
    for (const [options, key, message] of cases) {
      const error = optionError(() => createTestApp(created, options));
      assert.equal(error.key, key);
      assert.match(error.message, message);
    }
  });

  void test('secret-bearing options are described by kind, never shown', () => {
    const error = optionError(() => createTestApp(created, { headers: { authorization: ['Bearer sk-live-123456'] as never } }));
    assert.match(error.message, /^options\.headers: expected an object of header names to string values, got an array \(not shown: it may be a secret\) \(at options\.headers\.authorization: must be string\)/);
    assert.doesNotMatch(error.message, /sk-live/);
  });

  void test('values only code can give are accepted: a Buffer CA, URLs, an env object', () => {
    const api = createTestApp(created, { ca: [Buffer.from('pem'), 'pem'], openapi: new URL('file:///x.yaml'), target: new URL('http://127.0.0.1:9'), env: {}, timeout: undefined });
    assert.equal(api.mode, 'remote');
    void api.close();
  });

  void test('with the typo fixed, the option works: readOnly refuses the write the typo let through', async () => {
    const api = createTestApp(created, { readOnly: true, env: {} });
    try {
      await rejectsWith(api.post('/items'), 'TANDEM_READ_ONLY');
    } finally {
      await api.close();
    }
  });
});

void describe('options in a config file are checked by the same schemas', () => {
  void test('a mistyped key fails naming it, with the suggestion, at the top and in a target', async (t) => {
    const dir = tempDir(t);
    const top = writeJsonConfig(dir, { timout: 100 }, 'top.json');
    const error = await rejectsWith<OptionError>(loadConfig(top), 'TANDEM_BAD_OPTION');
    assert.ok(error instanceof ConfigError);
    assert.equal(error.key, 'timout');
    assert.equal(error.file, top);
    assert.match(error.message, /unknown key "timout" \(did you mean `timeout`\?\); the known keys of a config are: /);
    const inTarget = await rejectsWith<OptionError>(loadConfig(writeJsonConfig(dir, { targets: { staging: { url: 'https://s.example.com', readonly: true } } }, 't.json')), 'TANDEM_BAD_OPTION');
    assert.match(inTarget.message, /unknown key "targets\.staging\.readonly" \(did you mean `readOnly`\?\)/);
  });

  void test('createTestApp with such a config fails before any request is sent', async (t) => {
    const config = writeJsonConfig(tempDir(t), { readonly: true });
    const api = createTestApp(created, { config });
    await rejectsWith(api.post('/items'), 'TANDEM_BAD_OPTION');
    await api.close();
  });
});

void describe('options given as command-line flags are checked by the same schemas', () => {
  const env = () => cleanEnv();

  void test('tandem test --ready with a value of the wrong kind exits 2, naming the flag and the value', async (t) => {
    const out = await runCliIn(tempDir(t), ['test', '--target', 'http://127.0.0.1:9', '--ready', 'health', '--', 'node', '-e', 'console.log("the tests ran")'], { env: env() });
    assert.equal(out.code, 2, out.stderr);
    assert.match(out.stderr, /^tandem test: --ready: expected a path starting with '\/', got "health"$/m);
    assert.doesNotMatch(out.stdout, /the tests ran/);
  });

  void test('a mistyped flag exits 2 with the suggestion', async (t) => {
    const out = await runCliIn(tempDir(t), ['test', '--redy', '/health'], { env: env() });
    assert.equal(out.code, 2, out.stderr);
    assert.match(out.stderr, /unknown option '--redy'\n\(Did you mean --ready\?\)/);
  });

  void test('--ready without a deployment to poll is refused, not ignored', async (t) => {
    const out = await runCliIn(tempDir(t), ['test', '--ready', '/health', '--', 'node', '-e', 'console.log("the tests ran")'], { env: env() });
    assert.equal(out.code, 2, out.stderr);
    assert.match(out.stderr, /--ready polls a deployment before the tests start, and none is chosen/);
  });

  void test('tandem --version prints the package version', async (t) => {
    const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };
    const out = await runCliIn(tempDir(t), ['--version'], { env: env() });
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, `${version}\n`);
  });

  void test('tandem test --ready polls that path before the tests start', async (t) => {
    const server = await warmingServer(1);
    t.after(() => server.close());
    const out = await runCliIn(tempDir(t), ['test', '--target', server.url, '--ready', '/up', '--', 'node', '-e', 'console.log("the tests ran")'], { env: env() });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(server.paths, ['/up', '/up']);
    assert.match(out.stdout, /the tests ran/);
  });

  void test('tandem test --ready: a target that never gets ready fails the run once, naming the URL, and no test runs', async (t) => {
    const server = await warmingServer(Number.POSITIVE_INFINITY);
    t.after(() => server.close());
    const dir = tempDir(t);
    writeJsonConfig(dir, { targets: { staging: { url: server.url, ready: { path: '/old', timeout: 800, interval: 100 } } } });
    const out = await runCliIn(dir, ['test', '--target', 'staging', '--ready', '/health', '--', 'node', '-e', 'console.log("the tests ran")'], { env: env() });
    assert.equal(out.code, 1, out.stderr);
    assert.equal(out.stderr.match(/was not ready/g)?.length, 1, out.stderr);
    assert.match(out.stderr, new RegExp(`tandem test: ${server.url.replace(/[.:/]/g, '\\$&')}/health was not ready within 800 ms .*last status: 503`));
    assert.ok(server.paths.length > 0 && server.paths.every((path) => path === '/health'), `polled ${server.paths.join(', ')}`);
    assert.doesNotMatch(out.stdout, /the tests ran/);
  });
});
