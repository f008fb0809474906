/** Where a test app records API coverage: the `coverage` option, `TANDEM_COVERAGE_DIR`, or none. */
import { join } from 'node:path';
import { runKey } from '../../run/run-key.js';

/**
 * The id of the run this process belongs to: `TANDEM_RUN_ID`, else the run HAR recording uses too
 * (the test runner's main process, with its start time, when this is one of its workers; else this
 * process), made safe as a directory name.
 */
function runId(env: Record<string, string | undefined>): string {
  const given = env.TANDEM_RUN_ID?.trim();
  return given ? given : `run-${runKey(env).replace(/^pid:/, '').replace(/[^\w.-]+/g, '-')}`;
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
