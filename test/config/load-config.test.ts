import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/index.js';
import { loadConfig } from '../../src/config/load-config.js';
import { OPTION_KEYS } from '../../src/config/option-schemas.js';
import { TANDEM_ENTRY, tempDir, writeFile, writeJsonConfig } from './support.js';

/** Loads `file` and returns the ConfigError it fails with: an OptionError (by default) for a key or value the schemas refuse. */
async function configError(file: string, code = 'TANDEM_BAD_OPTION'): Promise<ConfigError> {
  let caught: unknown;
  await assert.rejects(loadConfig(file), (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof ConfigError, `expected a ConfigError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.equal(caught.file, file);
  assert.ok(caught.message.includes(file), `the message does not name the file: ${caught.message}`);
  return caught;
}

void describe('loading a config file', () => {
  void test('JSON, JavaScript and TypeScript configs load, with their functions', async (t) => {
    const dir = tempDir(t);
    const json = writeJsonConfig(dir, { timeout: 5000, targets: { staging: { url: 'https://staging.example.com', readOnly: true, ready: '/health' } } });
    assert.deepEqual((await loadConfig(json)).config, { timeout: 5000, targets: { staging: { url: 'https://staging.example.com', readOnly: true, ready: '/health' } } });

    const mjs = writeFile(dir, 'js/tandem.config.mjs', `export default { headers: { 'x-suite': 'mjs' }, app: () => ({ fetch: () => new Response('mjs') }) };`);
    const fromJs = (await loadConfig(mjs)).config;
    assert.deepEqual(fromJs.headers, { 'x-suite': 'mjs' });
    assert.equal(typeof fromJs.app, 'function');

    const ts = writeFile(
      dir,
      'ts/tandem.config.ts',
      `import { defineConfig, type TandemConfig } from ${JSON.stringify(TANDEM_ENTRY)};
const timeout: number = 7_000;
const config: TandemConfig = { timeout, command: ['node', '--test'], lint: { 'json-content-type': false } };
export default defineConfig(config);`,
    );
    assert.deepEqual((await loadConfig(ts)).config, { timeout: 7000, command: ['node', '--test'], lint: { 'json-content-type': false } });
    const mts = writeFile(dir, 'mts/tandem.config.mts', `export default { maxBodyBytes: 1024 as number };`);
    assert.deepEqual((await loadConfig(mts)).config, { maxBodyBytes: 1024 });
  });

  void test("relative file options are resolved against the config file's directory, not the cwd", async (t) => {
    const dir = tempDir(t);
    const file = writeJsonConfig(join(dir, 'service'), {
      openapi: './api/openapi.yaml',
      record: 'artifacts/run.har',
      ledgerDir: '.tandem/runs',
      coverage: '/abs/coverage',
      targets: { staging: { url: 'https://staging.example.com', record: { har: 'staging.har' }, openapi: { openapi: '3.1.0' } } },
    });
    const { config } = await loadConfig(file);
    assert.notEqual(process.cwd(), join(dir, 'service'));
    assert.equal(config.openapi, join(dir, 'service', 'api', 'openapi.yaml'));
    assert.equal(config.record, join(dir, 'service', 'artifacts', 'run.har'));
    assert.equal(config.ledgerDir, join(dir, 'service', '.tandem', 'runs'));
    assert.equal(config.coverage, '/abs/coverage', 'an absolute path is kept');
    assert.deepEqual(config.targets?.staging?.record, { har: join(dir, 'service', 'staging.har') });
    assert.deepEqual(config.targets?.staging?.openapi, { openapi: '3.1.0' }, 'a document given inline is kept');
  });

  void test('a file is loaded once per process', async (t) => {
    const dir = tempDir(t);
    const file = writeFile(dir, 'tandem.config.mjs', `globalThis.__tandemLoads = (globalThis.__tandemLoads ?? 0) + 1; export default {};`);
    const [a, b] = await Promise.all([loadConfig(file), loadConfig(file)]);
    assert.equal(a, b);
    assert.equal(await loadConfig(file), a);
    assert.equal((globalThis as { __tandemLoads?: number }).__tandemLoads, 1);
  });

  void test('an unknown key fails naming it and listing the known keys, at the top and in a target', async (t) => {
    const dir = tempDir(t);
    const top = await configError(writeJsonConfig(dir, { timout: 5000 }, 'top.json'));
    assert.equal(top.key, 'timout');
    assert.match(top.message, /unknown key "timout" \(did you mean `timeout`\?\); the known keys of a config are: app, targets, command, headers, timeout/);
    for (const key of OPTION_KEYS) assert.ok(top.message.includes(key), `the known keys do not list ${key}`);
    for (const key of ['readOnly', 'allowHosts', 'cleanup', 'runHeader', 'ledgerDir', 'openapi', 'record', 'ready']) assert.ok(top.message.includes(key), `${key} is not accepted`);

    const inTarget = await configError(writeJsonConfig(dir, { targets: { staging: { url: 'https://s.example.com', readonly: true } } }, 'target.json'));
    assert.equal(inTarget.key, 'targets.staging.readonly');
    assert.match(inTarget.message, /unknown key "targets\.staging\.readonly" \(did you mean `readOnly`\?\); the known keys of a target are: url, headers, timeout, .*readOnly/);
  });

  void test('a value of the wrong kind names the key and what was expected', async (t) => {
    const dir = tempDir(t);
    const cases: Array<[unknown, string, RegExp]> = [
      [{ targets: { staging: { url: 'https://s.example.com', timeout: '30s' } } }, 'targets.staging.timeout', /targets\.staging\.timeout: expected a positive number of milliseconds, got "30s"/],
      [{ timeout: 0 }, 'timeout', /timeout: expected a positive number of milliseconds, got 0/],
      [{ ready: 'health' }, 'ready', /ready: expected a path starting with '\/', or \{ path, timeout\?, interval\? \}/],
      [{ ready: { path: '/health', tries: 3 } }, 'ready', /ready: expected a path starting with '\/'/],
      [{ lint: { 'no-such-rule': false } }, 'lint', /lint: expected true, false or an object turning rules on or off \(body-not-allowed, /],
      [{ readOnly: 'yes' }, 'readOnly', /readOnly: expected true or false, got "yes"/],
      [{ command: [] }, 'command', /command: expected a command line \(a string\) or its words/],
      [{ app: 'src/app.js' }, 'app', /app: expected a function that returns the app/],
      [{ targets: [] }, 'targets', /targets: expected an object of target names/],
    ];
    for (const [index, [config, key, message]] of cases.entries()) {
      const error = await configError(writeJsonConfig(dir, config, `case-${index}.json`));
      assert.equal(error.key, key, error.message);
      assert.match(error.message, message);
    }
  });

  void test('a target needs a usable URL and a name that cannot be taken for a URL', async (t) => {
    const dir = tempDir(t);
    const missing = await configError(writeJsonConfig(dir, { targets: { staging: { readOnly: true } } }, 'missing.json'));
    assert.equal(missing.key, 'targets.staging.url');
    assert.match(missing.message, /targets\.staging\.url is missing: expected an absolute http:\/\/ or https:\/\/ URL/);

    const bad = await configError(writeJsonConfig(dir, { targets: { staging: { url: 'ftp://user:hunter2@files.example.com' } } }, 'bad.json'));
    assert.equal(bad.key, 'targets.staging.url');
    assert.match(bad.message, /targets\.staging\.url: expected an absolute http:\/\/ or https:\/\/ URL without query or fragment/);
    assert.ok(!bad.message.includes('hunter2'), 'the password in the URL is shown');

    const name = await configError(writeJsonConfig(dir, { targets: { 'http:x': { url: 'https://s.example.com' } } }, 'name.json'));
    assert.equal(name.key, 'targets.http:x');
    assert.match(name.message, /the name "http:x" is not allowed/);
  });

  void test('a header value of the wrong kind is not shown: header values are often credentials', async (t) => {
    const dir = tempDir(t);
    const file = writeFile(dir, 'tandem.config.mjs', `export default { headers: { authorization: ['Bearer sk-live-123456'] } };`);
    const error = await configError(file);
    assert.equal(error.key, 'headers');
    assert.match(error.message, /headers: expected an object of header names to string values, got an array \(not shown: it may be a secret\) \(at headers\.authorization: must be string\)/);
    assert.ok(!error.message.includes('sk-live-123456'));
  });

  void test('a file that cannot be loaded fails naming it and why', async (t) => {
    const dir = tempDir(t);
    assert.match((await configError(writeFile(dir, 'broken.json', '{ "timeout": 5000, }'), 'TANDEM_CONFIG')).message, /is not valid JSON: /);
    assert.match((await configError(writeFile(dir, 'throws/tandem.config.mjs', `throw new Error('NOTES_URL is not set');`), 'TANDEM_CONFIG')).message, /could not be loaded: NOTES_URL is not set/);
    assert.match((await configError(writeFile(dir, 'named/tandem.config.mjs', `export const config = {};`), 'TANDEM_CONFIG')).message, /has no default export: write export default defineConfig/);
    assert.match((await configError(writeFile(dir, 'array/tandem.config.mjs', `export default [];`), 'TANDEM_CONFIG')).message, /the default export must be a config object/);
    assert.match((await configError(writeFile(dir, 'syntax/tandem.config.ts', `export default { timeout: };`), 'TANDEM_CONFIG')).message, /could not be loaded: /);
  });
});
