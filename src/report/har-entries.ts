/** Reading the entries of a HAR file for a report. */
import { existsSync, readFileSync } from 'node:fs';
import type { Har, HarEntry } from '../recording/har.js';

/**
 * The entries of the HAR file at `path`; none when it does not exist, or when `run` is given and
 * the file was written by another run (a file left from an earlier run is not this run's).
 * Throws when the file exists but is not a HAR file.
 *
 * @example
 * const entries = harEntries('run.har');
 */
export function harEntries(path: string, run?: string): HarEntry[] {
  if (!existsSync(path)) return [];
  const har = JSON.parse(readFileSync(path, 'utf8')) as Partial<Har>;
  if (!Array.isArray(har.log?.entries)) throw new Error(`${path} is not a HAR file: it has no log.entries`);
  if (run !== undefined && har.log._run !== run) return [];
  return har.log.entries;
}
