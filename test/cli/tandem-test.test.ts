/**
 * `tandem test` end to end: the reference service's suite run by the CLI in-process and against
 * the service started as its own process (a config target), then the CLI's own behaviour on
 * small projects in temporary directories.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { childEnv, startService, type RunningService } from '../../examples/notes-service/run-suite.js';
import { count } from '../support/spec-runs.js';
import { closedPort, runCliIn, runNpxTandem, summaryLine, type CliOutcome } from './support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const notesDir = fileURLToPath(new URL('../../examples/notes-service/', import.meta.url));
const notesConfig = join(notesDir, 'tandem.config.ts');
const SUITE_BOUND_MS = 180_000;

function tempDir(t: TestContext): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-cli-')));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The environment of a run: no inherited target, run id or backends (in-memory stand-ins). */
function runEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return childEnv({ TANDEM_TARGET: undefined, TANDEM_TARGET_NAME: undefined, TANDEM_RUN_ID: undefined, TANDEM_CONFIG: undefined, REDIS_URL: undefined, AMQP_URL: undefined, ...extra });
}

const show = (out: CliOutcome) => `exit ${String(out.code)}\n--- stderr ---\n${out.stderr}\n--- stdout (end) ---\n${out.stdout.slice(-3000)}`;

void describe('tandem test: the reference service, both modes', () => {
  let service: RunningService | undefined;
  let ledgerDir: string;
  let coverageDir: string;
  const runs: { inProcess?: CliOutcome; remote?: CliOutcome } = {};

  before(async () => {
    ledgerDir = mkdtempSync(join(tmpdir(), 'tandem-cli-ledger-'));
    coverageDir = mkdtempSync(join(tmpdir(), 'tandem-cli-coverage-'));
    service = await startService({ env: runEnv() });
    // In-process as a user types it, in the service's directory: `npx tandem test`. Against the
    // process from the repository root, the CLI run from source with --config.
    [runs.inProcess, runs.remote] = await Promise.all([
      runNpxTandem(notesDir, ['test'], { env: runEnv({ TANDEM_LEDGER_DIR: ledgerDir, TANDEM_COVERAGE_DIR: coverageDir }), boundMs: SUITE_BOUND_MS }),
      runCliIn(root, ['test', '--config', notesConfig, '--target', 'local-deploy'], { env: runEnv({ NOTES_URL: service.url, TANDEM_LEDGER_DIR: ledgerDir }), boundMs: SUITE_BOUND_MS }),
    ]);
  });

  after(async () => {
    await service?.stop();
    rmSync(ledgerDir, { recursive: true, force: true });
    rmSync(coverageDir, { recursive: true, force: true });
  });

  void test("npx tandem test: prints the API coverage of the config's OpenAPI document and writes it as JSON", () => {
    const out = runs.inProcess!;
    const [, covered, total] = /^API coverage of openapi\.yaml: (\d+) of (\d+) documented responses exercised/m.exec(out.stderr) ?? [];
    assert.ok(covered !== undefined, show(out));
    assert.match(out.stderr, /^ {2}DELETE {2}\/notes\/\{id\} +204 ✓ {2}404 ✓/m);
    const report = JSON.parse(readFileSync(join(coverageDir, 'coverage.json'), 'utf8')) as { covered: number; total: number };
    assert.deepEqual([report.covered, report.total], [Number(covered), Number(total)]);
    assert.ok(report.covered > 0 && report.covered <= report.total);
  });

  void test('npx tandem test: the suite passes in-process, every test run and counted', () => {
    const out = runs.inProcess!;
    assert.equal(out.code, 0, show(out));
    const passed = count(out.stdout, 'pass');
    assert.ok(passed > 20, show(out));
    assert.equal(count(out.stdout, 'fail'), 0);
    assert.equal(count(out.stdout, 'skipped'), 0, 'nothing is skipped in-process');
    assert.match(out.stderr, /^tandem: app \(in-process\): node --import tsx --test test\/\*\.spec\.ts$/m);
    const summary = summaryLine(out.stderr);
    assert.ok(summary, show(out));
    const [, tests, requests] = /— (\d+) tests, (\d+) requests, 0 leftovers — passed$/.exec(summary) ?? [];
    assert.equal(Number(tests), passed, summary);
    assert.ok(Number(requests) >= passed, summary);
    assert.match(summary, /^tandem: app \(in-process\) — /);
  });

  void test('tandem test --target local-deploy: the same suite against the service process, local-only tests skipped with their reason', () => {
    const out = runs.remote!;
    const url = service!.url;
    assert.equal(out.code, 0, show(out));
    const passed = count(out.stdout, 'pass');
    const skipped = count(out.stdout, 'skipped');
    assert.ok(passed > 20, show(out));
    assert.equal(count(out.stdout, 'fail'), 0);
    assert.equal(skipped, 4, show(out));
    assert.equal(passed + skipped, count(runs.inProcess!.stdout, 'pass'), 'the same tests ran, or were skipped, in both modes');
    const reasons = [...out.stdout.matchAll(/^ok \d+ - (.+) # SKIP (.+)$/gm)].map((m) => m[2]);
    assert.equal(reasons.length, skipped);
    for (const reason of reasons) assert.match(reason!, new RegExp(`^local-only: (replaces the store|replaces the event bus).* \\(TANDEM_TARGET=${url.replace(/[.:/]/g, '\\$&')}\\)$`));
    const summary = summaryLine(out.stderr);
    assert.ok(summary, show(out));
    assert.equal(summary, `tandem: local-deploy ${url} (remote) — ${passed} tests, ${/(\d+) requests/.exec(summary)![1]} requests, 0 leftovers — passed`);
    assert.ok(Number(/(\d+) requests/.exec(summary)![1]) >= passed);
  });
});

/** A project in a temporary directory: `tandem.config.json` plus files. */
function project(t: TestContext, config: Record<string, unknown> | undefined, files: Record<string, string> = {}): string {
  const dir = tempDir(t);
  if (config) writeFileSync(join(dir, 'tandem.config.json'), JSON.stringify(config));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const PRINT_ENV = `for (const name of ['TANDEM_TARGET', 'TANDEM_TARGET_NAME', 'TANDEM_CONFIG', 'TANDEM_RUN_ID', 'TANDEM_SHARD', 'TANDEM_HAR', 'TANDEM_STATS_DIR']) console.log(name + '=' + (process.env[name] ?? '-'));`;

void describe('tandem test', () => {
  void test('gives the command the target, the config, one run id, the shard and the HAR file, in the config directory', async (t) => {
    const dir = project(t, { targets: { staging: { url: 'http://127.0.0.1:9/api' } } });
    const sub = join(dir, 'sub');
    writeFileSync(join(dir, 'print-env.mjs'), PRINT_ENV);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    const out = await runCliIn(sub, ['test', '--target', 'staging', '--shard', '2/3', '--har', 'run.har', '--', 'node', 'print-env.mjs'], { env: runEnv() });
    assert.equal(out.code, 0, show(out));
    const env = Object.fromEntries(out.stdout.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
    assert.equal(env.TANDEM_TARGET, 'http://127.0.0.1:9/api');
    assert.equal(env.TANDEM_TARGET_NAME, 'staging');
    assert.equal(env.TANDEM_CONFIG, join(dir, 'tandem.config.json'));
    assert.match(env.TANDEM_RUN_ID!, /^\d{8}-\d{6}-[0-9a-f]{6}$/);
    assert.equal(env.TANDEM_SHARD, '2/3');
    assert.equal(env.TANDEM_HAR, join(sub, 'run.har'));
    assert.match(env.TANDEM_STATS_DIR!, /tandem-stats-/);
    assert.match(out.stderr, /^tandem: staging http:\/\/127\.0\.0\.1:9\/api \(remote\): node print-env\.mjs \(shard 2\/3 in TANDEM_SHARD\)$/m);
    assert.equal(summaryLine(out.stderr), 'tandem: staging http://127.0.0.1:9/api (remote) — 0 tests, 0 requests, 0 leftovers (no test app reported counts) — passed');
  });

  void test('--shard passes --test-shard to node --test: the shards split the files between them', async (t) => {
    const files: Record<string, string> = {};
    for (const name of ['a', 'b', 'c', 'd']) files[`${name}.test.mjs`] = `import { test } from 'node:test';\ntest('${name}', () => {});\n`;
    const dir = project(t, undefined, files);
    const names = (out: CliOutcome) => [...out.stdout.matchAll(/^ok \d+ - (\w)$/gm)].map((m) => m[1]);
    const command = ['--', 'node', '--test', '--test-reporter=tap', 'a.test.mjs', 'b.test.mjs', 'c.test.mjs', 'd.test.mjs'];
    const [first, second] = await Promise.all([runCliIn(dir, ['test', '--shard', '1/2', ...command], { env: runEnv() }), runCliIn(dir, ['test', '--shard', '2/2', ...command], { env: runEnv() })]);
    assert.equal(first.code, 0, show(first));
    assert.equal(second.code, 0, show(second));
    assert.match(first.stderr, /node --test --test-shard=1\/2 --test-reporter=tap a\.test\.mjs/);
    assert.equal(names(first).length, 2, show(first));
    assert.equal(names(second).length, 2, show(second));
    assert.deepEqual([...names(first), ...names(second)].sort(), ['a', 'b', 'c', 'd']);
  });

  void test('runs npm test when package.json has a test script, else node --test', async (t) => {
    const withScript = project(t, undefined, { 'package.json': JSON.stringify({ name: 'p', private: true, scripts: { test: `node -e "console.log('the test script ran')"` } }) });
    const bare = project(t, undefined, { 'x.test.mjs': `import { test } from 'node:test';\ntest('found by node --test', () => {});\n` });
    const [npm, node] = await Promise.all([runCliIn(withScript, ['test'], { env: runEnv() }), runCliIn(bare, ['test'], { env: runEnv() })]);
    assert.equal(npm.code, 0, show(npm));
    assert.match(npm.stdout, /the test script ran/);
    assert.match(npm.stderr, /^tandem: app \(in-process\): npm test$/m);
    assert.equal(node.code, 0, show(node));
    assert.match(node.stdout, /found by node --test/);
    assert.match(node.stderr, /^tandem: app \(in-process\): node --test$/m);
  });

  void test('failing tests exit 1 with "failed" in the summary', async (t) => {
    const dir = project(t, { command: 'node -e "process.exit(3)"' });
    const out = await runCliIn(dir, ['test'], { env: runEnv() });
    assert.equal(out.code, 1, show(out));
    assert.match(summaryLine(out.stderr) ?? '', /— failed$/);
  });

  void test('a target that is not ready in time exits 1, naming it and the last error, and runs no test', async (t) => {
    const port = await closedPort();
    const dir = project(t, { command: 'node -e "console.log(\'the tests ran\')"', targets: { staging: { url: `http://127.0.0.1:${port}`, ready: { path: '/health', timeout: 800, interval: 100 } } } });
    const out = await runCliIn(dir, ['test', '--target', 'staging'], { env: runEnv() });
    assert.equal(out.code, 1, show(out));
    assert.match(out.stderr, new RegExp(`tandem test: http://127\\.0\\.0\\.1:${port}/health was not ready within 800 ms \\(\\d+ attempts?, last error: .*ECONNREFUSED`));
    assert.match(out.stderr, /waiting for .*\/health \(attempt 1, last: ECONNREFUSED\)/);
    assert.doesNotMatch(out.stdout, /the tests ran/);
  });

  void test('usage and config errors exit 2: an unknown target, a bad shard, a bad config, a command that cannot start', async (t) => {
    const dir = project(t, { targets: { staging: { url: 'http://127.0.0.1:9' }, prod: { url: 'https://example.com' } } });
    const unknown = await runCliIn(dir, ['test', '--target', 'stagign'], { env: runEnv() });
    assert.equal(unknown.code, 2, show(unknown));
    assert.match(unknown.stderr, /tandem test: .*tandem\.config\.json has no target named "stagign" \(--target\); its targets are: staging, prod/);
    const shard = await runCliIn(dir, ['test', '--shard', '3/2'], { env: runEnv() });
    assert.equal(shard.code, 2, show(shard));
    assert.match(shard.stderr, /--shard <i\/n>.*expected i\/n with 1 ≤ i ≤ n/);
    const bad = project(t, { targets: { staging: { url: 'http://127.0.0.1:9', readOnly: 'no' } } });
    const config = await runCliIn(bad, ['test'], { env: runEnv() });
    assert.equal(config.code, 2, show(config));
    assert.match(config.stderr, /tandem test: .*tandem\.config\.json: targets\.staging\.readOnly: expected true or false, got "no"/);
    const missing = await runCliIn(dir, ['test', '--', 'tandem-no-such-command'], { env: runEnv() });
    assert.equal(missing.code, 2, show(missing));
    assert.match(missing.stderr, /tandem: cannot run tandem-no-such-command: spawn tandem-no-such-command ENOENT/);
  });

  void test('--help shows the options, examples and exit codes', async (t) => {
    const out = await runCliIn(tempDir(t), ['test', '--help'], { env: runEnv() });
    assert.equal(out.code, 0);
    for (const text of ['--target <name|url>', '--shard <i/n>', '--config <file>', '--har <file>', 'Examples:', '$ tandem test --target staging', 'Exit codes:', '  1  the tests failed']) {
      assert.ok(out.stdout.includes(text), `--help lacks ${text}:\n${out.stdout}`);
    }
  });
});
