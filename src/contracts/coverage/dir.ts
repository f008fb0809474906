/** Where a test app records API coverage: the `coverage` option, `TANDEM_COVERAGE_DIR`, or none. */
import { join } from 'node:path';

/**
 * The id of the run this process belongs to: `TANDEM_RUN_ID`, else, under a test runner that runs
 * files or workers as child processes (node --test, jest, vitest), the runner's process id, which
 * they all share; else this process's id.
 */
export function runId(env: Record<string, string | undefined>): string {
  if (env.TANDEM_RUN_ID?.trim()) return env.TANDEM_RUN_ID.trim();
  const underRunner = Boolean(env.NODE_TEST_CONTEXT || env.JEST_WORKER_ID || env.VITEST_WORKER_ID || env.VITEST_POOL_ID);
  return `run-${underRunner ? process.ppid : process.pid}`;
}

/**
 * The directory coverage is appended to: a string `coverage` option as given; otherwise
 * `TANDEM_COVERAGE_DIR`; otherwise, with `coverage: true`, `.tandem/coverage/<run id>`. Undefined
 * (nothing written) with `coverage: false` or when neither is set.
 */
export function coverageDir(setting: boolean | string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (setting === false) return undefined;
  if (typeof setting === 'string') return setting;
  const fromEnv = env.TANDEM_COVERAGE_DIR?.trim();
  if (fromEnv) return fromEnv;
  return setting === true ? join('.tandem', 'coverage', runId(env)) : undefined;
}
