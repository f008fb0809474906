/**
 * `tandem test`: runs the project's test command against a target: resolves it (a config target
 * name or a URL; in-process without one), waits for its readiness, runs the command with the
 * target in the environment, and prints a one-line summary of the run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { sumRunStats } from '../../run/run-stats.js';
import { waitUntilReady } from '../../client/wait-until-ready.js';
import { redactUrl } from '../../format/redact.js';
import { newRunId } from '../../ledger/run-id.js';
import { coverageReport, type CoverageReport } from '../../contracts/coverage/report.js';
import { CoverageError } from '../../errors/coverage-error.js';
import { OptionError } from '../../errors/option-error.js';
import { checkOption } from '../../config/check-options.js';
import { cliConfig, readyOf, resolveCliTarget, type CliTarget } from '../cli-target.js';
import { reportError } from '../cli-errors.js';
import { EXIT, exitCodesHelp } from '../exit-codes.js';
import { parsePercent, parseShard, type Shard } from '../parse-options.js';
import { progressPrinter } from '../progress.js';
import { runnerCommand, showCommand, withShard, type RunnerCommand } from '../runner-command.js';
import { runReport } from '../../report/run-report.js';
import { writeReport } from '../../report/write-report.js';
import { summarizeParity } from '../../parity/parity-results.js';
import { formatParity } from '../../parity/format-parity.js';
import { configDefaults } from '../../config/choose-target.js';
import { parityEnv, withConfiguredCompare, type ParityOptions } from '../parity-run.js';

/** How long the runner may take to exit after a forwarded SIGINT/SIGTERM before it is killed. */
const KILL_GRACE_MS = 10_000;

interface TestOptions extends ParityOptions {
  target?: string;
  shard?: Shard;
  config?: string;
  har?: string;
  ready?: string;
  coverageThreshold?: number;
  report?: string;
}

/** Prints a line of tandem's own to stderr (stdout belongs to the test runner). */
function say(line: string): void {
  process.stderr.write(`tandem: ${line}\n`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs `command` with `env` in `cwd`, forwarding SIGINT/SIGTERM; resolves to its exit code (1 if it was killed). */
function run(command: RunnerCommand, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolveRun, reject) => {
    const shell = typeof command === 'string' || process.platform === 'win32';
    const [file, ...args] = typeof command === 'string' ? [command] : command;
    const child = spawn(file!, args, { cwd, env, stdio: 'inherit', shell });
    let killTimer: NodeJS.Timeout | undefined;
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      clearTimeout(killTimer);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code) => {
      done();
      resolveRun(code ?? 1);
    });
  });
}

/** Waits for a remote target's ready path (`--ready`, else its `ready` option), when it has one; progress goes to stderr. */
async function waitForTarget(target: CliTarget, path: string | undefined): Promise<void> {
  const configured = readyOf(target.options);
  const ready = path === undefined ? configured : { ...configured, path };
  if (!ready) return;
  const progress = progressPrinter(process.stderr);
  try {
    await waitUntilReady(target.url, {
      path: ready.path,
      timeoutMs: ready.timeout,
      intervalMs: ready.interval,
      onAttempt: progress.onAttempt,
      headers: target.options.headers,
      ca: target.options.ca,
    });
  } finally {
    progress.end();
  }
}

async function runTest(given: readonly string[], options: TestOptions): Promise<number> {
  let statsDir: string | undefined;
  let reportDir: string | undefined;
  let parityDir: string | undefined;
  try {
    if (options.ready !== undefined) checkOption('ready', options.ready, '--ready', "a path starting with '/'");
    const startedAt = Date.now();
    const config = await cliConfig(options.config);
    // `local` is the app in-process (unless the config names a target so).
    const local = options.target === 'local' && config?.config.targets?.local === undefined;
    const chosen = local ? undefined : (options.target ?? (process.env.TANDEM_TARGET?.trim() || undefined));
    const source = options.target !== undefined ? '--target' : 'TANDEM_TARGET';
    const target = chosen === undefined ? undefined : resolveCliTarget(chosen, config, source);
    if (options.ready !== undefined && !target) {
      throw new OptionError('--ready polls a deployment before the tests start, and none is chosen: give --target <name|url> or set TANDEM_TARGET (in-process, the app is ready once it is built)', { key: 'ready' });
    }
    const root = config ? dirname(config.file) : process.cwd();
    let command = runnerCommand(given, config?.config.command, root);
    let shardPassed = false;
    if (options.shard) ({ command, passed: shardPassed } = withShard(command, options.shard));

    // A base URL without a path reads better without its trailing slash (and is how people write it).
    const targetUrl = target && (target.url.pathname === '/' ? target.url.href.replace(/\/$/, '') : target.url.href);
    const shown = target ? `${target.name ? `${target.name} ` : ''}${redactUrl(targetUrl!)}` : 'app';
    const mode = target ? 'remote' : 'in-process';
    if (target) await waitForTarget(target, options.ready);

    statsDir = mkdtempSync(join(tmpdir(), 'tandem-stats-'));
    const env: NodeJS.ProcessEnv = { ...process.env, TANDEM_RUN_ID: process.env.TANDEM_RUN_ID?.trim() || newRunId(), TANDEM_STATS_DIR: statsDir };
    if (config) env.TANDEM_CONFIG = config.file;
    if (targetUrl) env.TANDEM_TARGET = targetUrl;
    else delete env.TANDEM_TARGET;
    if (target?.name) env.TANDEM_TARGET_NAME = target.name;
    else delete env.TANDEM_TARGET_NAME;
    if (options.shard) env.TANDEM_SHARD = `${options.shard.index}/${options.shard.count}`;
    // The report is built from the run's HAR entries (in a file of its own without --har) and the tests' outcomes.
    const reportFile = options.report ?? (process.env.TANDEM_REPORT?.trim() || undefined);
    const report = reportFile === undefined ? undefined : resolve(reportFile);
    if (report) env.TANDEM_REPORT_DIR = reportDir = mkdtempSync(join(tmpdir(), 'tandem-report-'));
    const har = options.har === undefined ? (reportDir === undefined ? undefined : join(reportDir, 'run.har')) : resolve(options.har);
    if (har) env.TANDEM_HAR = har;
    // With an OpenAPI document in the config, every process records what it exercised here.
    const openapi = config?.config.openapi;
    const coverageDir = openapi === undefined ? undefined : resolve(root, env.TANDEM_COVERAGE_DIR?.trim() || join('.tandem', 'coverage', env.TANDEM_RUN_ID!));
    if (coverageDir) env.TANDEM_COVERAGE_DIR = coverageDir;
    // A config file's `compare` is the default for --compare.
    const compare = withConfiguredCompare(options, (target ? target.options : config && configDefaults(config.config))?.compare);
    const parity = parityEnv(compare, config, env, !target);
    parityDir = parity?.dir;

    say(`${shown} (${mode}): ${showCommand(command)}${options.shard && !shardPassed ? ` (shard ${env.TANDEM_SHARD} in TANDEM_SHARD)` : ''}`);
    let code: number;
    try {
      code = await run(command, env, root);
    } catch (error) {
      say(`cannot run ${showCommand(command)}: ${(error as Error).message}`);
      return EXIT.usage;
    }
    const stats = sumRunStats(statsDir);
    const counted = stats.processes === 0 ? ' (no test app reported counts)' : '';
    const outcome = code === 0 ? 'passed' : 'failed';
    say(`${shown} (${mode}) — ${plural(stats.tests, 'test')}, ${plural(stats.requests, 'request')}, ${plural(stats.leftovers, 'leftover')}${counted} — ${outcome}`);
    if (har && options.har !== undefined) say(`exchanges recorded to ${har}`);
    let coverage: CoverageReport | undefined;
    let belowThreshold = false;
    if (openapi !== undefined && coverageDir) {
      try {
        coverage = coverageReport({ openapi, dir: coverageDir, threshold: options.coverageThreshold });
        process.stderr.write(`${coverage.table}\n`);
        if (coverage.jsonPath) say(`coverage written to ${coverage.jsonPath}`);
      } catch (error) {
        if (!(error instanceof CoverageError)) throw error;
        process.stderr.write(`${error.message}\n`);
        coverage = error.report as CoverageReport;
        belowThreshold = true;
      }
    }
    const paritySummary = parity && summarizeParity(parity.dir, { primary: shown, candidate: parity.candidate, ...(parity.noise ? { noise: parity.noise } : {}) });
    if (paritySummary) process.stderr.write(formatParity(paritySummary));
    const differs = paritySummary !== undefined && paritySummary.differences > 0 && !compare.compareReportOnly;
    const exitCode = code === 0 && !belowThreshold && !differs ? EXIT.ok : EXIT.failed;
    if (report && reportDir && har) {
      const run = {
        runId: env.TANDEM_RUN_ID!,
        target: shown,
        mode,
        command: showCommand(command),
        startedAt: new Date(startedAt).toISOString(),
        durationMs: Date.now() - startedAt,
        exitCode,
        ...(options.shard ? { shard: env.TANDEM_SHARD! } : {}),
        ...(parity ? { compare: parity.candidate } : {}),
      };
      const data = runReport({ run, har, harRun: `id:${env.TANDEM_RUN_ID!}`, outcomesDir: reportDir, counts: stats, coverage, parity: paritySummary });
      writeReport(data, report);
      say(`report written to ${report}`);
    }
    return exitCode;
  } catch (error) {
    return reportError('test', error);
  } finally {
    for (const dir of [statsDir, reportDir, parityDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** The `test` command. */
export function testCommand(): Command {
  return new Command('test')
    .description("run the project's tests against a target: in-process by default, or a config target or URL")
    .argument('[command...]', 'the test command, after -- (default: the config\'s command, else "npm test" if package.json has a test script, else "node --test")')
    .option('--target <name|url>', 'a target named in the config file, or a deployment URL (default: TANDEM_TARGET, else in-process)')
    .option('--shard <i/n>', 'run the i-th of n shards: node --test gets --test-shard=i/n, other runners read TANDEM_SHARD', parseShard)
    .option('--config <file>', 'the config file (default: TANDEM_CONFIG, else tandem.config.* found upward)')
    .option('--ready <path>', "before the tests start, poll the target's <path> until it answers 2xx (default: the target's ready option); not ready in time: exit 1, no test runs")
    .option('--har <file>', 'record every exchange of the run to this HAR 1.2 file (secrets redacted)')
    .option('--coverage-threshold <percent>', "with the config's openapi document: fail when fewer documented responses were exercised", parsePercent)
    .option('--report <file>', 'write the run report to this HTML file, and its data beside it as .json (default: TANDEM_REPORT)')
    .option('--compare <name|url>', 'parity: also send every request to this candidate (a config target, a URL, or local / loopback: the app itself) and report what differs')
    .option('--noise <name|url>', 'parity: a second instance of the primary, whose differences from it are noise (default: safe requests are sent to the primary twice)')
    .option('--compare-writes', 'parity: send unsafe methods (POST, PUT, PATCH, DELETE) to the candidate too; each target cleans up its own')
    .option('--compare-report-only', 'parity: report the differences without failing the run')
    .option('--ignore-header <name>', 'parity: leave this response header out of the comparison too; repeatable', (value: string, previous: string[]) => [...previous, value], [])
    .addHelpText(
      'after',
      `
Before the command starts, a remote target with a "ready" path (or --ready) is polled until it
answers 2xx; if it does not in time, tandem says so once and the command does not run.
The command runs in the config file's directory (else the current one) with:
  TANDEM_TARGET       the target URL (unset in-process)   TANDEM_TARGET_NAME  its name in the config
  TANDEM_CONFIG       the config file                     TANDEM_RUN_ID       one id for the whole run
  TANDEM_SHARD        i/n, with --shard                   TANDEM_HAR          the file, with --har (or --report)
  TANDEM_REPORT_DIR   with --report: where each test's outcome is recorded
  TANDEM_STATS_DIR    where test apps leave their counts for the summary
  TANDEM_COVERAGE_DIR with "openapi" in the config: where API coverage is recorded
                      (default .tandem/coverage/<run id>); the table is printed after the run
and tandem prints a summary on stderr:
  tandem: staging https://staging.example.com (remote) — 42 tests, 310 requests, 0 leftovers — passed

Examples:
  $ tandem test                                  # in-process
  $ tandem test --target staging                 # the config's target "staging"
  $ tandem test --target https://staging.example.com --har run.har
  $ tandem test --target http://127.0.0.1:3000 --ready /health
  $ tandem test --shard 2/4 -- node --import tsx --test test/*.test.ts
  $ tandem test --target staging --report out/report.html   # then open out/report.html
  $ tandem test --target staging --compare candidate          # parity: what differs between the two
  $ tandem test --target local --compare staging              # the code in-process vs its deployment
  $ tandem test --target staging -- npx vitest run
${exitCodesHelp({ ok: 'the tests passed', failed: 'the tests failed, the target was not ready in time, or --compare found differences', usage: 'bad usage, a bad config file, an unknown target name, or a command that cannot start' })}`,
    )
    .action(async (command: string[], options: TestOptions) => {
      process.exitCode = await runTest(command, options);
    });
}
