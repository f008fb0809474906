/**
 * The `compare` option and config key: parity from code, without `tandem test`. The same two
 * versions of the items service as parity-run.test.ts, each on a real port: `api.close()` rejects
 * with the differences (timestamp and request id as noise), two instances of one version pass,
 * `reportOnly` writes the summary instead, and a config file's `compare` drives both a test app
 * and `tandem test`.
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BadTargetError, createTestApp, OptionError, ParityError, type TestApp } from '../../src/index.js';
import { createVersionApp, serveVersion, type VersionService } from '../fixtures/parity/versions-app.js';
import { runCliIn } from '../cli/support.js';
import { runEnv, show, tempDir } from '../report/support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const spec = join(root, 'test/fixtures/parity/items.spec.ts');

/** Two reads, as the suite makes them. */
async function readItems(api: TestApp): Promise<void> {
  await api.get('/items').expect(200);
  await api.get('/items/1').expect(200).expectJson({ name: 'lamp' });
}

void describe('the compare option', () => {
  const dir = tempDir(after, 'tandem-compare-');
  let a: VersionService;
  let a2: VersionService;
  let b: VersionService;

  before(async () => {
    [a, a2, b] = await Promise.all([serveVersion(1), serveVersion(1), serveVersion(2)]);
  });
  after(async () => {
    await Promise.all([a?.close(), a2?.close(), b?.close()]);
  });

  void test('A vs B from code: close() rejects with the real differences, noise apart', async () => {
    const api = createTestApp(a.url, { compare: b.url, config: false });
    await readItems(api);
    const error = await api.close().then(
      () => assert.fail('close() resolved although the candidate differs'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ParityError, String(error));
    assert.equal(error.code, 'TANDEM_PARITY');
    assert.equal(error.differences, 4);
    assert.match(error.message, new RegExp(`^tandem: parity ${a.url} vs ${b.url} — 2 requests compared, 0 not compared, 4 differences, 4 noise fields$`, 'm'));
    assert.match(error.message, /^ {2}GET \/items\/1 {2}\$\.price {2}type: 12 → "12\.00"$/m);
    assert.match(error.message, /^ {2}GET \/items {2}header x-api-version {2}added: \(none\) → 2$/m);
    assert.doesNotMatch(error.message, /requestId|\$\.at\b/, 'the timestamp and the request id are noise, not listed');
  });

  void test('A vs A2: two instances of one version differ in nothing, close() resolves', async () => {
    const api = createTestApp(a.url, { compare: { target: a2.url, noise: a.url }, config: false });
    await readItems(api);
    await api.close();
  });

  void test('reportOnly: the summary goes to stderr and close() resolves', async () => {
    const api = createTestApp(a.url, { compare: { target: b.url, reportOnly: true }, config: false });
    await readItems(api);
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
    try {
      await api.close();
    } finally {
      process.stderr.write = write;
    }
    assert.match(written.join(''), / — 2 requests compared, 0 not compared, 4 differences, 4 noise fields\n/);
  });

  void test("the app in-process vs itself on a loopback port ('loopback'): 0 differences", async () => {
    const { handler } = createVersionApp(1);
    const api = createTestApp((req: http.IncomingMessage, res: http.ServerResponse) => void handler(req, res), { compare: 'loopback', config: false });
    await readItems(api);
    await api.close();
  });

  void test('compare: false beats TANDEM_COMPARE: nothing is compared or recorded', async () => {
    const parityDir = join(dir, 'off');
    const api = createTestApp(a.url, { compare: false, config: false, env: { TANDEM_COMPARE: b.url, TANDEM_PARITY_DIR: parityDir } });
    await readItems(api);
    await api.close();
    const on = createTestApp(a.url, { config: false, env: { TANDEM_COMPARE: b.url, TANDEM_PARITY_DIR: parityDir } });
    await readItems(on);
    await on.close(); // under `tandem test` the records go to the run's directory, summed up by the CLI
    assert.equal(readdirSync(parityDir).length, 1, 'only the test app without compare: false recorded');
  });

  void test('a config file: `compare` names a target, for a test app and for tandem test', async () => {
    const config = join(dir, 'tandem.config.json');
    // The command runs in the config's (temporary) directory, where `tsx` alone would not resolve.
    writeFileSync(config, JSON.stringify({ command: ['node', '--import', import.meta.resolve('tsx'), '--test', spec], compare: 'candidate', targets: { primary: { url: a.url }, candidate: { url: b.url } } }));
    const api = createTestApp(undefined, { target: 'primary', config });
    await readItems(api);
    await assert.rejects(api.close(), (e: unknown) => e instanceof ParityError && e.differences === 4);
    const out = await runCliIn(root, ['test', '--config', config, '--target', 'primary'], { env: runEnv(join(dir, 'coverage')), boundMs: 120_000 });
    assert.equal(out.code, 1, show(out));
    assert.match(out.stderr, new RegExp(`^tandem: parity primary ${a.url} vs candidate ${b.url} — 2 requests compared, 3 not compared, 4 differences, 4 noise fields$`, 'm'));
  });

  void test('bad values are refused when the test app is made, before any request', () => {
    assert.throws(() => createTestApp(a.url, { compare: { target: b.url, writes: 'yes' } as never, config: false }), (e: unknown) => e instanceof OptionError && e.key === 'compare');
    assert.throws(() => createTestApp(a.url, { compare: 'candidate', config: false }), (e: unknown) => e instanceof BadTargetError && /options\.compare=candidate is not a URL/.test(e.message));
    assert.throws(() => createTestApp(a.url, { compare: 'not a name', config: false }), BadTargetError);
    assert.throws(() => createTestApp(a.url, { compare: 'local', config: false }), (e: unknown) => e instanceof OptionError && /only with the app in-process/.test(e.message));
  });
});
