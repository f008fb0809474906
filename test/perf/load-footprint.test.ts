/**
 * What loading tandem costs, checked by structure rather than by the clock: a plain
 * `require('tandem/supertest')`, `import request from 'tandem/supertest'` or
 * `import { createTestApp } from 'tandem'` — and a first plain request — loads none of the
 * optional parts (HTML parsing, the schema validator, YAML, diffs, the contract, recording and
 * parity code, other kinds of targets, and undici, which in-process requests to a Node app do not
 * need): they load when first used. Runs the built dist/ in processes of their own, as a suite
 * would.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test, type TestContext } from 'node:test';
import { ensureBuilt, root, run } from '../runners/support.js';
import { tempDir } from '../config/support.js';
import { cleanEnv } from '../support/spec-runs.js';
import { memoryParser } from '../../src/targets/node-http-parser.js';

/** Packages only some suites need, by the path of their files. */
const OPTIONAL_PACKAGES = ['cheerio', 'ajv', 'yaml', 'diff', '@hono/node-server'];
/** tandem's own modules of the optional parts, by their path in dist/. */
const OPTIONAL_MODULES = ['dist/contracts/openapi/hooks.js', 'dist/recording/har-recorder.js', 'dist/parity/parity.js', 'dist/targets/loopback-target.js', 'dist/targets/remote-target.js', 'dist/targets/fetch-handler-target.js', 'dist/cli/', 'dist/report/'];

/** A plain app, and one request to it through `request`, then the CommonJS modules loaded are printed. */
const REQUEST_AND_PRINT = `
  const app = (req, res) => res.end('ok');
  const printLoaded = () => console.log(JSON.stringify(Object.keys(require.cache)));
`;

interface Loaded {
  /** Every module file loaded (CommonJS from require.cache, ES modules from the loader hooks). */
  files: string[];
}

/** Runs `code` (CommonJS, or an ES module with `esm`) in a process of its own, recording what it loads. */
async function loadedBy(t: TestContext, code: string, esm: boolean): Promise<Loaded> {
  const log = join(tempDir(t, 'tandem-load-'), 'loaded.txt');
  const args = ['--import', join(root, 'test/fixtures/load-footprint/register.mjs'), ...(esm ? ['--input-type=module'] : []), '-e', code];
  const { code: exit, output } = await run(process.execPath, args, { cwd: root, env: cleanEnv({ LOADED_MODULES_FILE: log }) });
  assert.equal(exit, 0, output);
  const printed = output.split('\n').find((line) => line.startsWith('['));
  assert.ok(printed, `the process printed no module list:\n${output}`);
  const esmFiles = readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith('file:'));
  return { files: [...(JSON.parse(printed) as string[]), ...esmFiles.map((url) => decodeURIComponent(new URL(url).pathname))] };
}

function assertNoOptional({ files }: Loaded, what: string): void {
  assert.ok(files.some((file) => file.includes('/dist/')), `${what}: the module list holds none of tandem's files (is it recorded?)`);
  for (const name of OPTIONAL_PACKAGES) {
    const found = files.filter((file) => file.includes(`/node_modules/${name}/`));
    assert.deepEqual(found, [], `${what} loaded ${name}`);
  }
  for (const path of OPTIONAL_MODULES) {
    const found = files.filter((file) => file.includes(`/${path}`));
    assert.deepEqual(found, [], `${what} loaded ${path}`);
  }
}

void describe('what loading tandem loads', () => {
  before(ensureBuilt);

  void test("require('tandem/supertest') and a first request load none of the optional parts", async (t) => {
    const loaded = await loadedBy(
      t,
      `${REQUEST_AND_PRINT}
      const request = require('tandem/supertest');
      request(app).get('/').expect(200, 'ok').then(printLoaded, (error) => { console.error(error); process.exitCode = 1; });`,
      false,
    );
    assertNoOptional(loaded, "require('tandem/supertest')");
    assert.ok(loaded.files.some((file) => file.includes('/dist/targets/node-handler-target.js')), 'the in-process target for a Node app loaded');
    // In-process requests go through the memory client where Node's parser is there for it: undici is not needed then.
    const undici = loaded.files.filter((file) => file.includes('/node_modules/undici/'));
    if (memoryParser()) assert.deepEqual(undici, [], 'a plain in-process request loaded undici');
    else assert.notDeepEqual(undici, [], 'without the memory client, undici serves the request');
  });

  void test("import request from 'tandem/supertest' and import 'tandem' load none of them, nor undici before a request", async (t) => {
    const loaded = await loadedBy(
      t,
      `import request from 'tandem/supertest';
      import { createTestApp } from 'tandem';
      import { createRequire } from 'node:module';
      if (typeof request !== 'function' || typeof createTestApp !== 'function') throw new Error('missing exports');
      console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`,
      true,
    );
    assertNoOptional(loaded, "import 'tandem/supertest'");
    assert.deepEqual(loaded.files.filter((file) => file.includes('/node_modules/undici/')), [], 'undici loads with the first request, not with tandem');
  });

  void test("import { createTestApp } from 'tandem' and a first request with plain options load none of them", async (t) => {
    const loaded = await loadedBy(
      t,
      `import { createTestApp } from 'tandem';
      import { createRequire } from 'node:module';
      const api = createTestApp((req, res) => res.end('ok'), { timeout: 5000, readOnly: false, runHeader: 'x-run' });
      await api.get('/').expect(200);
      await api.close();
      console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`,
      true,
    );
    assertNoOptional(loaded, "import 'tandem'");
  });

  void test('the check sees an optional part when one is used', async (t) => {
    const loaded = await loadedBy(
      t,
      `import { createTestApp } from 'tandem';
      import { createRequire } from 'node:module';
      const api = createTestApp((req, res) => { res.setHeader('content-type', 'text/html'); res.end('<h1>hi</h1>'); }, { headers: { 'x-a': 'b' } });
      const res = await api.get('/').expect(200);
      if (res.html('h1').text() !== 'hi') throw new Error('no heading');
      await api.close();
      console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`,
      true,
    );
    assert.throws(() => assertNoOptional(loaded, 'an HTML test'), /loaded cheerio|loaded ajv/);
  });
});
