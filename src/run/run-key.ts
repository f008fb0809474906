/**
 * Which run a process belongs to, so that the processes of one run (node --test runs each file in
 * a process of its own; Jest, Vitest and Mocha --parallel use worker processes) add to one HAR
 * file while a later run replaces it.
 */
import { readFileSync } from 'node:fs';

/**
 * The run's key: `TANDEM_RUN_ID` when set (`tandem test` sets it for everything it starts);
 * otherwise the test runner's main process — this process's parent when it is a worker of a test
 * runner (started by `node --test`, or forked with an IPC channel as Jest, Vitest and Mocha do),
 * or else this process itself (worker threads share it). The process's start time is part of the
 * key where the system tells it (Linux), so a recycled process id starts a new run.
 */
export function runKey(env: Record<string, string | undefined>): string {
  const id = env.TANDEM_RUN_ID?.trim();
  if (id) return `id:${id}`;
  const worker = env.NODE_TEST_CONTEXT !== undefined || typeof process.send === 'function';
  const pid = worker ? process.ppid : process.pid;
  const started = startTime(pid);
  return started === undefined ? `pid:${pid}` : `pid:${pid}@${started}`;
}

/** A process's start time in clock ticks since boot, from /proc (undefined elsewhere). */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, inside parentheses); starttime is field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
