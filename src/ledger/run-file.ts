/** Appends a test app's ledger to its run file, so a crashed run can be swept later. */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { redactUrl, scrub } from '../format/redact.js';
import type { LedgerEntry } from './ledger-entry.js';
import { allDone, readRunFile, type RunLine } from './run-file-format.js';

/** Where run files go: `options.ledgerDir`, else `TANDEM_LEDGER_DIR`, else `.tandem/runs` under the working directory. */
export function resolveLedgerDir(given: string | undefined, env: Record<string, string | undefined>): string {
  const fromEnv = env.TANDEM_LEDGER_DIR?.trim();
  return resolve(given ?? (fromEnv || join('.tandem', 'runs')));
}

/** The run file of `runId` in `dir`. */
export function runFilePath(dir: string, runId: string): string {
  return join(dir, `${runId}.jsonl`);
}

/** A URL as written to the run file, and whether it is still the URL to delete (nothing was redacted). */
export function recordableUrl(url: string, secrets: readonly string[]): { url: string; exact: boolean } {
  const shown = scrub(redactUrl(url), secrets);
  return { url: shown, exact: shown === url };
}

/** Appends one line to a run file (O_APPEND: lines of several processes never interleave). */
export function appendRunLine(path: string, line: RunLine): void {
  appendFileSync(path, `${JSON.stringify(line)}\n`, { flag: 'a', mode: 0o600 });
}

/**
 * One process's writer of a run file. Nothing is written until the first resource is
 * registered; every line is appended synchronously, before the request that created the
 * resource resolves.
 */
export class RunFile {
  readonly path: string;
  readonly #runId: string;
  readonly #origin: string;
  readonly #secrets: readonly string[];
  /** Tells this writer's lines from those of the run's other processes and test apps. */
  readonly #writer = `${process.pid}.${randomBytes(4).toString('hex')}`;
  #started = false;

  constructor(dir: string, runId: string, origin: string, secrets: readonly string[]) {
    this.path = runFilePath(dir, runId);
    this.#runId = runId;
    this.#origin = origin;
    this.#secrets = secrets;
  }

  #append(line: RunLine): void {
    appendRunLine(this.path, line);
  }

  /** Records a new resource (and, the first time, which process of which run writes). */
  added(entry: LedgerEntry): void {
    if (!this.#started) {
      mkdirSync(resolve(this.path, '..'), { recursive: true });
      this.#append({ type: 'start', run: this.#runId, origin: redactUrl(this.#origin), writer: this.#writer, pid: process.pid, host: hostname(), at: new Date().toISOString() });
      this.#started = true;
    }
    const test = entry.test === undefined ? null : scrub(entry.test, this.#secrets);
    this.#append({ type: 'add', key: entry.key, method: entry.method, url: scrub(entry.url, this.#secrets), test, sweepable: entry.sweepable, at: new Date().toISOString() });
  }

  /** Records that a resource is gone. */
  done(key: string, how: 'deleted' | 'gone'): void {
    if (this.#started) this.#append({ type: 'done', key, how });
  }

  /**
   * Records that this writer ended normally. When every writer of the run has, and nothing is
   * left to clean, the file is removed. (A process of the same run starting in the instant between
   * the check and the removal would lose its first lines; the processes of a run start together.)
   */
  end(): void {
    if (!this.#started) return;
    this.#append({ type: 'end', writer: this.#writer, at: new Date().toISOString() });
    this.#started = false;
    const record = readRunFile(this.path);
    if (allDone(record) && record.writers.every((writer) => writer.ended)) rmSync(this.path, { force: true });
  }
}
