/**
 * Running a tiny suite under a real test runner, as a child process, in both modes: the fixture
 * suites import `tandem/<runner>`, which resolves (package self-reference) through package.json
 * "exports" to dist/, so dist/ is built first when it is missing or older than the sources.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { after, before } from 'node:test';
import type { Har } from '../../src/recording/har.js';
import { sumRunStats } from '../../src/run/run-stats.js';
import { readTestOutcomes } from '../../src/report/test-outcomes.js';
import { runBounded } from '../support/bounded-process.js';
import { cleanEnv, startServer, stopServer } from '../support/spec-runs.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const suites = join(root, 'test/fixtures/runner-suites');
/** Ample for a runner that starts in about a second; a run past it is killed and fails. */
const RUN_BOUND_MS = 60_000;
/**
 * Each runner's own per-test limit, given on its command line: their defaults (Mocha 2 s, Vitest
 * and Jest 5 s) are close to what a test that starts the app takes on a busy machine.
 */
export const TEST_BOUND_MS = 30_000;
const BUILD_BOUND_MS = 180_000;

const cache = join(root, 'node_modules/.cache/tandem-runner-tests');
const lockDir = join(cache, 'build.lock');
/** Holds the time the last successful build started: sources changed after it mean a rebuild. */
const stampFile = join(cache, 'build-stamp');
const outputs = ['index.js', ...['node-test', 'vitest', 'jest', 'mocha'].flatMap((name) => [`runners/${name}.js`, `runners/${name}.d.ts`])];

function newestSource(dir = join(root, 'src')): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  if (!outputs.every((file) => existsSync(join(root, 'dist', file)))) return false;
  let stamp: number;
  try {
    stamp = Number(readFileSync(stampFile, 'utf8'));
  } catch {
    return false;
  }
  const inputs = ['package.json', 'tsconfig.json', 'tsconfig.build.json'].map((file) => statSync(join(root, file)).mtimeMs);
  return Math.max(newestSource(), ...inputs) < stamp;
}

/**
 * Builds dist/ (`tsc -p tsconfig.build.json`, as `npm run build`) unless it is up to date. Test
 * files run in parallel share one build: a lock directory (mkdir is atomic) makes the others
 * wait, then find it fresh.
 */
export async function ensureBuilt(): Promise<void> {
  mkdirSync(cache, { recursive: true });
  const deadline = Date.now() + BUILD_BOUND_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run is older than any build takes.
      if (Date.now() - statSync(lockDir, { throwIfNoEntry: false })!.mtimeMs > BUILD_BOUND_MS) rmSync(lockDir, { recursive: true, force: true });
      assert.ok(Date.now() < deadline, `waited ${BUILD_BOUND_MS} ms for another build of dist/`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (isFresh()) return;
    const started = Date.now();
    const build = await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, boundMs: BUILD_BOUND_MS });
    // 2: type errors, but everything emitted. Type errors are the type-check's to report (`npm test`
    // runs it first); what these tests need is the emitted JavaScript.
    assert.ok(build.code === 0 || build.code === 2, `npm run build failed:\n${build.output}`);
    assert.ok(outputs.every((file) => existsSync(join(root, 'dist', file))), `npm run build did not emit ${outputs.join(', ')}:\n${build.output}`);
    writeFileSync(stampFile, String(started));
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

export interface RunOutcome {
  /** The exit code; undefined when the process was still running at the bound and was killed. */
  code: number | null | undefined;
  /** stdout and stderr, colours removed. */
  output: string;
}

/** Runs a command (in a process group of its own: runners start workers), bounded; colours removed. */
export async function run(command: string, args: readonly string[], { cwd, env = cleanEnv(), boundMs = RUN_BOUND_MS }: { cwd: string; env?: NodeJS.ProcessEnv; boundMs?: number }): Promise<RunOutcome> {
  const { code, output } = await runBounded(command, args, { cwd, env, boundMs });
  return { code, output: stripVTControlCharacters(output) };
}

/** A runner's run of its fixture suite in one mode, with what it left behind. */
export interface SuiteRun extends RunOutcome {
  /** The HAR file the run recorded (TANDEM_HAR). */
  har: Har;
  /** What the run counted (TANDEM_STATS_DIR): `tests` comes from the integration's afterEach. */
  tests: number;
  /** Each test's outcome as the integration recorded it for the run report (TANDEM_REPORT_DIR), `name: status`, sorted. */
  outcomes: string[];
}

/** Both runs of a suite, and the things app process the remote run was pointed at. */
export interface BothRuns {
  inProcess: SuiteRun;
  remote: SuiteRun;
  /** `TANDEM_TARGET` of the remote run. */
  target: string;
  /** What the app process counted once the remote run was over (`GET /stats`). */
  remoteStats: { created: number; deleted: number };
}

/**
 * Registers `before`/`after` hooks (call inside a `describe`) that build dist/, start the things
 * app as a process, run `args` (in `suites/<runner>`) in-process and against it, and stop it.
 */
export function runSuiteInBothModes(runner: string, command: string, args: readonly string[]): BothRuns {
  const runs = {} as BothRuns;
  let server: ChildProcess | undefined;
  let scratch: string | undefined;
  before(async () => {
    await ensureBuilt();
    scratch = mkdtempSync(join(tmpdir(), `tandem-${runner}-`));
    let port: number;
    ({ server, port } = await startServer(join(suites, 'serve-things.mjs')));
    runs.target = `http://127.0.0.1:${port}`;
    const once = async (mode: string, target: Record<string, string>): Promise<SuiteRun> => {
      const har = join(scratch!, `${mode}.har`);
      const stats = join(scratch!, `${mode}-stats`);
      mkdirSync(stats);
      const outcomes = join(scratch!, `${mode}-outcomes`);
      const env = cleanEnv({ ...target, TANDEM_HAR: har, TANDEM_STATS_DIR: stats, TANDEM_REPORT_DIR: outcomes, TANDEM_LEDGER_DIR: join(scratch!, `${mode}-ledger`), NO_COLOR: '1', FORCE_COLOR: '0' });
      delete env.TANDEM_RUN_ID;
      const outcome = await run(command, args, { cwd: join(suites, runner), env });
      const recorded = existsSync(har) ? (JSON.parse(readFileSync(har, 'utf8')) as Har) : { log: { version: '1.2' as const, creator: { name: '', version: '' }, entries: [] } };
      const recordedOutcomes = readTestOutcomes(outcomes).map((t) => `${t.name}: ${t.status}`).sort();
      return { ...outcome, har: recorded, tests: sumRunStats(stats).tests, outcomes: recordedOutcomes };
    };
    [runs.inProcess, runs.remote] = await Promise.all([once('in-process', {}), once('remote', { TANDEM_TARGET: runs.target })]);
    runs.remoteStats = (await (await fetch(`${runs.target}/stats`)).json()) as BothRuns['remoteStats'];
  });
  after(async () => {
    await stopServer(server);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  return runs;
}

/** The skip reason of the local-only test (against `target`) or of the remote-only test (in-process), as the marks word it. */
export const skipReason = (target: string | undefined) =>
  target === undefined ? 'remote-only: needs the app as a process of its own (TANDEM_TARGET is not set: running in-process)' : `local-only: reads the app's memory (TANDEM_TARGET=${target})`;

/**
 * The checks every runner shares: the run exited by itself with 0; the cleanup ledger deleted what
 * each test created, after it and under its name (the HAR recording shows the requests with the
 * test that made them); the test app was closed; the skip reason is in the runner's output.
 */
export function assertSuiteRun(runs: BothRuns, mode: 'in-process' | 'remote', testName: (title: string) => string): void {
  const outcome = mode === 'remote' ? runs.remote : runs.inProcess;
  assert.notEqual(outcome.code, undefined, `the runner did not exit within ${RUN_BOUND_MS} ms:\n${outcome.output}`);
  assert.equal(outcome.code, 0, outcome.output);
  const exchanges = outcome.har.log.entries.map((e) => `${e._test ?? '-'}: ${e.request.method} ${new URL(e.request.url).pathname} ${e.response.status}`);
  const created = testName('creates a thing');
  const memory = testName("reads the app's memory");
  const saw = testName('the app saw every cleanup');
  const socket = testName('answers over a real socket');
  assert.deepEqual(
    exchanges,
    mode === 'remote'
      ? [`${created}: POST /things 201`, `${created}: GET /things/1 200`, `${created}: DELETE /things/1 204`, `${saw}: GET /stats 200`, `${socket}: GET /stats 200`]
      : [`${created}: POST /things 201`, `${created}: GET /things/1 200`, `${created}: DELETE /things/1 204`, `${memory}: POST /things 201`, `${memory}: DELETE /things/2 204`, `${saw}: GET /stats 200`],
  );
  assert.ok(outcome.har.log.entries.every((e) => e._mode === mode));
  if (mode === 'remote') {
    assert.deepEqual(runs.remoteStats, { created: 1, deleted: 1 }, 'the app process saw the DELETE');
    assert.ok(outcome.output.includes(skipReason(runs.target)), `the skip reason is in the runner's output:\n${outcome.output}`);
    assert.ok(!outcome.output.includes('remote-only:'), 'the remote-only test is not skipped against a deployment');
  } else {
    assert.ok(outcome.output.includes('things-app: closed by api.close()'), `the test app was closed at the end:\n${outcome.output}`);
    assert.ok(outcome.output.includes(skipReason(undefined)), `the skip reason is in the runner's output:\n${outcome.output}`);
    assert.ok(!outcome.output.includes('local-only:'), 'the local-only test is not skipped in-process');
  }
}

/** The integration counted the tests that ran, in both modes, and not the skipped ones (`countTest()`, read back through TANDEM_STATS_DIR). */
export function assertCounted(runs: BothRuns): void {
  assert.deepEqual([runs.inProcess.tests, runs.remote.tests], [3, 3]);
}


/**
 * The outcomes the integration recorded for the run report: every test that ran, under its name,
 * with `status` (`passed`, or `unknown` where the runner's hooks do not tell); with
 * `skippedFromInside`, also the mode-marked test, `skipped` (Vitest skips it from inside the test,
 * so its hooks run; the other runners never start it).
 */
export function assertOutcomes(runs: BothRuns, testName: (title: string) => string, status: 'passed' | 'unknown', skippedFromInside = false): void {
  const expected = (ran: string[], skipped: string) => [...ran.map((title) => `${testName(title)}: ${status}`), ...(skippedFromInside ? [`${testName(skipped)}: skipped`] : [])].sort();
  assert.deepEqual(runs.inProcess.outcomes, expected(['creates a thing', "reads the app's memory", 'the app saw every cleanup'], 'answers over a real socket'));
  assert.deepEqual(runs.remote.outcomes, expected(['creates a thing', 'the app saw every cleanup', 'answers over a real socket'], "reads the app's memory"));
}
