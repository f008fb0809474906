/** Reading what the processes of a run appended, one JSON value a line, to files of their own in one directory. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every value in the files of `dir` whose names end with `suffix`, file by file in name order; a
 * line cut short by a process killed mid-write is skipped.
 *
 * @example
 * const outcomes = readJsonLines<TestOutcome>(dir, '.tests.jsonl');
 */
export function readJsonLines<T>(dir: string, suffix: string): T[] {
  if (!existsSync(dir)) return [];
  const values: T[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith(suffix)) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        values.push(JSON.parse(line) as T);
      } catch {
        // cut short: the rest still counts
      }
    }
  }
  return values;
}
