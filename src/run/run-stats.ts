/**
 * Counts of a `tandem test` run, kept per process: the CLI sets `TANDEM_STATS_DIR`, each process
 * of the run counts its requests, tests and cleanup leftovers in memory and rewrites one JSON file
 * of its own there after each test, at each close and at exit (Jest's sandboxed `process` never
 * emits 'exit', and Vitest ends its workers with SIGTERM, so exit alone would lose the counts);
 * the CLI adds the files up for its summary line. Without `TANDEM_STATS_DIR` nothing is counted
 * or written.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

/** What one process (or worker thread) of a run counted. */
export interface RunStats {
  /** Requests sent: every exchange, redirect hops and `api.dispatcher` requests included. */
  requests: number;
  /** Tests that ran (reported by the runner integrations). */
  tests: number;
  /** Records the cleanup ledger could not clean up. */
  leftovers: number;
}

let stats: RunStats | undefined;
let file: string | undefined;
/** Whether `TANDEM_STATS_DIR` was looked at: it is read once, on the first count (the hot path stays cheap). */
let decided = false;

function counters(): RunStats | undefined {
  if (decided) return stats;
  decided = true;
  const dir = process.env.TANDEM_STATS_DIR;
  if (dir === undefined || dir === '') return undefined;
  stats = { requests: 0, tests: 0, leftovers: 0 };
  file = join(dir, `${process.pid}-${threadId}-${randomUUID()}.json`);
  process.on('exit', flushRunStats);
  return stats;
}

/**
 * Writes this process's counts so far (synchronously: it also runs in an 'exit' listener). The
 * counters call it after each test and leftover; TestApp calls it when it closes.
 *
 * @example
 * flushRunStats();
 */
export function flushRunStats(): void {
  if (!stats || !file) return;
  try {
    // Written aside and renamed, so the CLI never reads a half-written file.
    writeFileSync(`${file}.tmp`, JSON.stringify({ pid: process.pid, ...stats }));
    renameSync(`${file}.tmp`, file);
  } catch {
    // The run's directory is gone (the CLI was interrupted): there is no one to tell.
  }
}

/**
 * Counts one request sent (TestApp calls it for every exchange).
 *
 * @example
 * countRequest();
 */
export function countRequest(): void {
  const counted = counters();
  if (counted) counted.requests++;
}

/**
 * Counts one test that ran; runner integrations call it from their `afterEach` hook.
 *
 * @example
 * afterEach(() => countTest());
 */
export function countTest(): void {
  const counted = counters();
  if (!counted) return;
  counted.tests++;
  flushRunStats();
}

/**
 * Counts `n` records the cleanup ledger left behind.
 *
 * @example
 * countLeftovers(leftovers.length);
 */
export function countLeftovers(n: number): void {
  const counted = counters();
  if (!counted || !Number.isFinite(n) || n <= 0) return;
  counted.leftovers += n;
  flushRunStats();
}

/**
 * Adds up the files the processes of a run wrote to `dir`; unreadable files are skipped.
 *
 * @example
 * const { tests, requests, leftovers } = sumRunStats(statsDir);
 */
export function sumRunStats(dir: string): RunStats & { processes: number } {
  const total = { requests: 0, tests: 0, leftovers: 0, processes: 0 };
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return total;
  }
  for (const name of names) {
    try {
      const counted = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Partial<RunStats>;
      total.requests += Number(counted.requests) || 0;
      total.tests += Number(counted.tests) || 0;
      total.leftovers += Number(counted.leftovers) || 0;
      total.processes++;
    } catch {
      // A file cut short by a process killed while writing it: its counts are lost.
    }
  }
  return total;
}
