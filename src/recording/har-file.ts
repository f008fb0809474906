/**
 * Writing a HAR file that several processes of one run add to.
 *
 * Synchronous on purpose: the same code runs from `api.close()` and from the process's `exit`
 * event, where nothing asynchronous can run any more. The lock is a file created with `wx`
 * (exclusive create), written by hand because no maintained lock library is synchronous
 * (proper-lockfile is callback/promise based); a lock older than {@link STALE_LOCK_MS} was left by
 * a process that died while holding it and is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Har, HarEntry } from './har.js';

const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 60_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Who wrote the file. */
export interface HarCreator {
  name: string;
  version: string;
}

/**
 * Adds `entries` to the HAR file at `path`, keeping the entries already there when they were
 * written by the same run (`run`), and replacing the file otherwise. The result is sorted by start
 * time and written atomically (a temporary file renamed over it), under a lock.
 */
export function addToHarFile(path: string, entries: readonly HarEntry[], run: string, creator: HarCreator): void {
  mkdirSync(dirname(path), { recursive: true });
  withLock(`${path}.lock`, () => {
    const kept = entriesOfRun(path, run);
    const all = [...kept, ...entries].sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
    const har: Har = { log: { version: '1.2', creator, entries: all, _run: run } };
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(har, null, 2)}\n`);
    renameSync(temporary, path);
  });
}

/** The entries of the file at `path` if the same run wrote it; none if it is missing, unreadable or older. */
function entriesOfRun(path: string, run: string): HarEntry[] {
  let har: Partial<Har>;
  try {
    har = JSON.parse(readFileSync(path, 'utf8')) as Partial<Har>;
  } catch {
    return [];
  }
  return har.log?._run === run && Array.isArray(har.log.entries) ? har.log.entries : [];
}

function withLock(lock: string, fn: () => void): void {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockIsStale(lock)) {
        try {
          unlinkSync(lock);
        } catch {
          // another process took it over first
        }
        continue;
      }
      if (Date.now() > deadline) throw new Error(`the lock ${lock} was held for more than ${LOCK_WAIT_MS} ms`, { cause: error });
      Atomics.wait(sleeper, 0, 0, Math.min(5 * 2 ** attempt, 50));
    }
  }
  try {
    fn();
  } finally {
    unlinkSync(lock);
  }
}

function lockIsStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false; // released meanwhile: just try again
  }
}
