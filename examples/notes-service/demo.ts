/**
 * `npm run demo`: the notes service's one test suite, run in-process, then against the service
 * started as a process of its own, unchanged but for TANDEM_TARGET; then a side-by-side summary.
 * Uses Redis and RabbitMQ when REDIS_URL and AMQP_URL are set, in-memory stand-ins otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverageReport } from '../../src/index.js';
import { assertServicesAnswer, childEnv, countRedisKeys, outputTail, repoRoot, runPassed, runSuite, specFiles, startService, type SuiteRun } from './run-suite.js';
import { readConfig, resourceNames } from './src/config.js';

const config = readConfig();
const keyPattern = `${resourceNames(config.namespace).keyPrefix}*`;
// Every response is checked against openapi.yaml; each test process appends what it exercised here.
const coverageDir = mkdtempSync(join(tmpdir(), 'notes-coverage-'));
process.on('exit', () => rmSync(coverageDir, { recursive: true, force: true }));
const env = childEnv({ TANDEM_TARGET: undefined, TANDEM_COVERAGE_DIR: coverageDir });
const files = specFiles();

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const out = (line = '') => process.stdout.write(`${line}\n`);

function describeDependencies(): string[] {
  const store = config.redisUrl ? `Redis at ${new URL(config.redisUrl).host} (REDIS_URL)` : 'an in-memory Map (REDIS_URL not set)';
  const events = config.amqpUrl ? `RabbitMQ at ${new URL(config.amqpUrl).host} (AMQP_URL)` : 'an in-process event bus (AMQP_URL not set)';
  const lines = [`  notes and stats in  ${store}`, `  events through      ${events}`];
  if (!config.redisUrl || !config.amqpUrl) {
    const which = !config.redisUrl && !config.amqpUrl ? 'in-memory stand-ins' : 'partly in-memory stand-ins';
    lines.push(`  (${which}; for the real ones: REDIS_URL=redis://127.0.0.1:6379 AMQP_URL=amqp://guest:guest@127.0.0.1:5672 npm run demo)`);
  } else lines.push(`  namespace           ${config.namespace} (Redis keys ${keyPattern}, queue ${resourceNames(config.namespace).queue})`);
  return lines;
}

/** Prints one character per finished test as the TAP output comes in. */
function progress(): (text: string) => void {
  let pending = '';
  return (text) => {
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (/^ok \d+ .*# SKIP/.test(line)) process.stdout.write('s');
      else if (/^ok \d+ /.test(line)) process.stdout.write('.');
      else if (/^not ok \d+ /.test(line)) process.stdout.write('F');
    }
  };
}

function report(run: SuiteRun): void {
  out();
  const verdict = runPassed(run) ? '✔' : '✖';
  out(`      ${verdict} ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped of ${run.tests} in ${seconds(run.durationMs)}; ${run.requests} requests sent`);
  if (!runPassed(run)) out(`\n--- output of ${run.command} ---\n${outputTail(run.output)}\n---`);
}

type KeyCount = { matching: number; total: number } | undefined;

/** Redis keys under the namespace (and in the whole database), when the service uses Redis. */
async function keyCount(): Promise<KeyCount> {
  return config.redisUrl ? countRedisKeys(config.redisUrl, keyPattern) : undefined;
}

const keysCell = (before: KeyCount, after: KeyCount) =>
  before === undefined || after === undefined ? '—' : `${before.matching} → ${after.matching} (database: ${before.total} → ${after.total})`;
const sameKeys = (before: KeyCount, after: KeyCount) => before?.matching === after?.matching;

function table(rows: Array<[string, string, string]>): void {
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const [i, row] of rows.entries()) {
    out(`  ${row.map((cell, j) => cell.padEnd(widths[j]!)).join('   ')}`.trimEnd());
    if (i === 0) out(`  ${widths.map((w) => '─'.repeat(w)).join('   ')}`);
  }
}

out('tandem demo: one test suite for a Redis + RabbitMQ microservice, run in-process and against the running service');
out();
out(`the suite: ${files.length} files in examples/notes-service/test/ (${files.map((f) => f.split('/').pop()).join(', ')})`);
out('the service:');
for (const line of describeDependencies()) out(line);
out();
try {
  await assertServicesAnswer(config);
} catch (error) {
  out(`✖ ${(error as Error).message}`);
  process.exit(1);
}

out('[1/2] in-process: createTestApp(() => createService()) calls the Hono app directly, no port');
const localKeysBefore = await keyCount();
process.stdout.write('      ');
const local = await runSuite({ env, onOutput: progress() });
const localKeysAfter = await keyCount();
report(local);
out();

out('[2/2] deployed: node --import tsx examples/notes-service/src/main.ts, a process of its own on 127.0.0.1');
let remote: SuiteRun | undefined;
let url = '';
let keysBefore: KeyCount;
let keysAfter: KeyCount;
let stopNote = '';
try {
  const service = await startService({ env });
  url = service.url;
  try {
    out(`      listening on ${url}; /health answered 200 after ${seconds(service.startupMs)}`);
    out(`      same files, with TANDEM_TARGET=${url}`);
    keysBefore = await keyCount();
    process.stdout.write('      ');
    remote = await runSuite({ env: { ...env, TANDEM_TARGET: url }, onOutput: progress() });
    keysAfter = await keyCount();
    report(remote);
  } finally {
    const ended = await service.stop();
    stopNote = ended.forced ? 'did not stop on SIGTERM; killed' : `stopped on SIGTERM (exit ${ended.code ?? ended.signal})`;
    out(`      service ${stopNote}`);
  }
} catch (error) {
  out(`      ✖ ${(error as Error).message}`);
}
out();

const passedCell = (run: SuiteRun | undefined) => (run ? `${run.passed} of ${run.tests}${run.failed ? `, ${run.failed} FAILED` : ''}${run.skipped ? ` (${run.skipped} local-only skipped)` : ''}` : 'did not run');
const rows: Array<[string, string, string]> = [
  ['', 'in-process', 'deployed process'],
  ['target', 'Hono app, called directly', url || '—'],
  ['store / events', `${config.redisUrl ? 'Redis' : 'memory'} / ${config.amqpUrl ? 'RabbitMQ' : 'memory'}`, `${config.redisUrl ? 'Redis' : 'memory'} / ${config.amqpUrl ? 'RabbitMQ' : 'memory'}`],
  ['tests passed', passedCell(local), passedCell(remote)],
  ['time (wall)', seconds(local.durationMs), remote ? seconds(remote.durationMs) : '—'],
  ['requests sent', String(local.requests), remote ? String(remote.requests) : '—'],
];
if (config.redisUrl) rows.push([`Redis keys ${keyPattern}`, keysCell(localKeysBefore, localKeysAfter), keysCell(keysBefore, keysAfter)]);
table(rows);
out();

// The API coverage of both runs together: which operations and statuses of openapi.yaml the suite exercised.
const coverage = coverageReport({ openapi: new URL('./openapi.yaml', import.meta.url), dir: coverageDir, json: join(repoRoot, '.tandem', 'coverage', 'notes-service.json') });
out(coverage.table.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n'));
out(`  (written as JSON to ${join('.tandem', 'coverage', 'notes-service.json')})`);
out();

const ok = runPassed(local) && remote !== undefined && runPassed(remote) && !stopNote.includes('killed') && sameKeys(keysBefore, keysAfter) && sameKeys(localKeysBefore, localKeysAfter);
if (ok) {
  out(`✔ The same ${files.length} files passed in both modes; only TANDEM_TARGET changed.`);
  out('  In-process they are fast functional tests; against the process they are integration tests over real HTTP');
  out(`  ${config.redisUrl && config.amqpUrl ? 'with the service on the real Redis and RabbitMQ' : 'with the service on its in-memory stand-ins'}. Tests that patch the app are marked local-only and skipped there, with their reason.`);
  if (config.redisUrl) out('  Every test deleted what it created: Redis holds as many keys as before, and the worker queue is drained.');
} else {
  out('✖ The demo did not pass; see the output above.');
  process.exitCode = 1;
}
