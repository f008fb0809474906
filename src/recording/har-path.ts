/**
 * Which HAR file a test app records to, known without loading the recorder: a suite that records
 * nothing never loads it.
 */
import { resolve } from 'node:path';
import { OptionError } from '../errors/option-error.js';

/** What `record` accepts: a file path, `{ har: path }`, or `false` to ignore `TANDEM_HAR`. */
export type RecordOption = string | { har: string } | false;

/**
 * The HAR file to record to, from the `record` option, else `TANDEM_HAR`; undefined for none.
 *
 * @example
 * harPathOf('run.har', process.env); // '/abs/path/run.har'
 * harPathOf(undefined, {}); // undefined
 */
export function harPathOf(record: RecordOption | undefined, env: Record<string, string | undefined>): string | undefined {
  if (record === false) return undefined;
  if (record === undefined) {
    const fromEnv = env.TANDEM_HAR?.trim();
    return fromEnv ? resolve(fromEnv) : undefined;
  }
  const path = typeof record === 'string' ? record : typeof record === 'object' && record !== null ? record.har : undefined;
  if (typeof path !== 'string' || path.trim() === '') {
    throw new OptionError(`options.record must be a file path or { har: path } (or false), got ${describe(record)}`);
  }
  return resolve(path);
}

function describe(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}
