/** Running the shop fixture's suite through `tandem test` and reading the report it writes. */
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReportData } from '../../src/report/report-data.js';
import { runCliIn, type CliOutcome } from '../cli/support.js';
import { cleanEnv } from '../support/spec-runs.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const shopConfig = join(root, 'test/fixtures/report/tandem.config.ts');
/** A run of the shop's suite takes about 3 s on a quiet machine. */
export const RUN_BOUND_MS = 120_000;

/** A temporary directory, removed by `after` (a test's `t.after`, or node:test's `after` in a suite). */
export function tempDir(after: (fn: () => void) => void, prefix = 'tandem-report-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The environment of a run: no inherited target or run id, coverage recorded in `coverageDir`. */
export function runEnv(coverageDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv({ TANDEM_COVERAGE_DIR: coverageDir, ...extra });
  for (const name of ['TANDEM_RUN_ID', 'TANDEM_CONFIG', 'TANDEM_HAR', 'TANDEM_REPORT', 'TANDEM_REPORT_DIR', 'TANDEM_SHARD']) delete env[name];
  return env;
}

/** `tandem test --config <shop> <args>` from the repository root. */
export function runShop(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliOutcome> {
  return runCliIn(root, ['test', '--config', shopConfig, ...args], { env, boundMs: RUN_BOUND_MS });
}

export function readData(path: string): ReportData {
  return JSON.parse(readFileSync(path, 'utf8')) as ReportData;
}

export const show = (out: CliOutcome) => `exit ${String(out.code)}\n--- stderr ---\n${out.stderr.slice(-4000)}\n--- stdout (end) ---\n${out.stdout.slice(-3000)}`;
