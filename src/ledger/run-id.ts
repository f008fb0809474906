/** Run ids: one per test run, sent with every request and written into names the tests make. */
import { randomBytes } from 'node:crypto';
import { OptionError } from '../errors/option-error.js';

/** Letters, digits, `.`, `_` and `-`: safe in a header, a file name, a slug and an email's local part. */
const RUN_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * A new run id that sorts by time: `yyyymmdd-hhmmss-` (UTC) and six random hex digits, e.g.
 * `20250314-153012-4f9a2c`.
 *
 * @example
 * newRunId(new Date('2025-03-14T15:30:12Z')); // '20250314-153012-…'
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * The run id: `given` (the `runId` option), else `TANDEM_RUN_ID`, else a new one. Throws
 * `OptionError` for one that is not safe in a header and a file name.
 */
export function resolveRunId(given: string | undefined, env: Record<string, string | undefined>): string {
  const fromEnv = env.TANDEM_RUN_ID?.trim();
  const [id, source, key] = given !== undefined ? [given, 'options.runId', 'runId'] : fromEnv ? [fromEnv, 'TANDEM_RUN_ID', 'TANDEM_RUN_ID'] : [newRunId(), '', ''];
  if (!RUN_ID.test(id)) throw new OptionError(`${source}: expected letters, digits, '.', '_' and '-' (at most 64), got ${JSON.stringify(id)}`, { key });
  return id;
}
