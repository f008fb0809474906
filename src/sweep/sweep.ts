/**
 * `sweep()` and `tandem sweep`: cleans up after runs that never finished (a crash, a SIGKILL, a
 * cancelled CI job) from their run files. Only `DELETE <url>` entries can be replayed; headers
 * (credentials) are given at sweep time and sent only to the target named for them.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createTestApp } from '../client/create-test-app.js';
import { BadTargetError } from '../errors/bad-target-error.js';
import { redactUrl } from '../format/redact.js';
import { optionSecrets } from '../safety/option-secrets.js';
import { removeWithRetries } from '../ledger/remove-with-retries.js';
import { appendRunLine, resolveLedgerDir } from '../ledger/run-file.js';
import { readRunFile, type RecordedEntry, type RunRecord } from '../ledger/run-file-format.js';

/**
 * What {@link sweep} cleans, and how.
 *
 * @example
 * await sweep({ olderThanMs: 60 * 60_000, target: 'https://staging.example.com', headers: { authorization: `Bearer ${token}` } });
 */
export interface SweepOptions {
  /** The ledger directory. @default TANDEM_LEDGER_DIR, else '.tandem/runs' */
  dir?: string | undefined;
  /** Sweep only this run. */
  runId?: string | undefined;
  /** Sweep only run files not written to for this long (milliseconds). @default 0 */
  olderThanMs?: number | undefined;
  /** Report what would be deleted, send nothing and change no file. */
  dryRun?: boolean | undefined;
  /** Headers for the DELETE requests, e.g. `{ authorization: 'Bearer …' }`; never read from the run file. */
  headers?: Record<string, string> | undefined;
  /**
   * Sweep only runs against this deployment (its origin and base path); required with `headers`, so
   * that credentials go nowhere else. @default TANDEM_TARGET when it is a URL
   */
  target?: string | undefined;
  /**
   * Drop the entries a sweep cannot replay (tracked with a function of the test), once reported:
   * for after they were removed by hand. @default false
   */
  forget?: boolean | undefined;
  /** Attempts per resource. @default 3 */
  attempts?: number | undefined;
  /** Where `TANDEM_LEDGER_DIR` and `TANDEM_TARGET` are read from. @default process.env */
  env?: Record<string, string | undefined> | undefined;
}

/**
 * What happened to one recorded resource.
 *
 * @example
 * const failed = report.runs.flatMap((run) => run.entries).filter((entry) => entry.outcome === 'failed');
 */
export interface SweptEntry {
  method: string;
  url: string;
  test: string | undefined;
  outcome: 'deleted' | 'already gone' | 'failed' | 'would delete' | 'cannot sweep' | 'forgotten';
  /** Why it failed, or why it cannot be swept. */
  detail?: string | undefined;
}

/**
 * What happened to one run file.
 *
 * @example
 * for (const run of report.runs) console.log(run.runId, run.status, run.entries.length);
 */
export interface SweptRun {
  runId: string;
  file: string;
  origin: string | undefined;
  /**
   * `clean`: nothing left, the file removed; `left`: some entries remain (failed or cannot be
   * swept), the file kept; `dry-run`; skipped: `in progress` (a writer is alive on this host),
   * `too recent` (`olderThanMs`), `other target`.
   */
  status: 'clean' | 'left' | 'dry-run' | 'in progress' | 'too recent' | 'other target';
  entries: SweptEntry[];
}

/**
 * What {@link sweep} did, in total and run by run.
 *
 * @example
 * const report = await sweep({ dryRun: true });
 * console.log(`${report.runs.length} runs, ${report.failed} failures`);
 */
export interface SweepReport {
  runs: SweptRun[];
  deleted: number;
  alreadyGone: number;
  failed: number;
  /** Entries with a custom delete function: reported, not replayable. */
  cannotSweep: number;
  /** Such entries dropped with `forget`. */
  forgotten: number;
}

function aliveHere(record: RunRecord): number | undefined {
  const here = hostname();
  for (const writer of record.writers) {
    if (writer.ended || writer.host !== here || writer.pid === process.pid) continue;
    try {
      process.kill(writer.pid, 0);
      return writer.pid;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPERM') return writer.pid;
    }
  }
  return undefined;
}

/** `TANDEM_TARGET` when it is a URL (it may also name a target of the config file). */
function targetFromEnv(env: Record<string, string | undefined>): string | undefined {
  const value = env.TANDEM_TARGET?.trim();
  return value && URL.canParse(value) ? value : undefined;
}

function normalizeTarget(target: string | undefined): string | undefined {
  if (target === undefined || target.trim() === '') return undefined;
  try {
    return new URL(target).href.replace(/\/$/, '');
  } catch {
    throw new BadTargetError(`sweep: the target must be a URL, got ${JSON.stringify(redactUrl(target))}`);
  }
}

function runFiles(dir: string, runId: string | undefined): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((name) => name.endsWith('.jsonl') && (runId === undefined || name === `${runId}.jsonl`)).sort();
}

async function sweepRun(file: string, record: RunRecord, pending: RecordedEntry[], options: { headers: Record<string, string>; attempts: number; secrets: string[]; forget: boolean }): Promise<SweptEntry[]> {
  const origin = record.origin!;
  const api = createTestApp(origin, { target: origin, config: false, env: {}, headers: options.headers, readOnly: false, cleanup: { auto: false }, runId: record.runId, secrets: options.secrets });
  const results: SweptEntry[] = [];
  try {
    for (const entry of [...pending].reverse()) {
      const base = { method: entry.method, url: entry.url, test: entry.test };
      if (!entry.sweepable || entry.method !== 'DELETE') {
        if (options.forget) appendRunLine(file, { type: 'done', key: entry.key, how: 'forgotten' });
        results.push({ ...base, outcome: options.forget ? 'forgotten' : 'cannot sweep', detail: 'removed by a function of the test, which a sweep cannot replay' });
        continue;
      }
      if (new URL(entry.url).origin !== new URL(origin).origin) {
        results.push({ ...base, outcome: 'failed', detail: `not on the run's target ${origin}` });
        continue;
      }
      const outcome = await removeWithRetries(() => api.delete(entry.url).then(() => undefined), { attempts: options.attempts, backoffMs: 100 }, options.secrets);
      if (outcome.ok) appendRunLine(file, { type: 'done', key: entry.key, how: 'swept' });
      results.push(outcome.ok ? { ...base, outcome: outcome.alreadyGone ? 'already gone' : 'deleted' } : { ...base, outcome: 'failed', detail: outcome.error });
    }
  } finally {
    await api.close().catch(() => undefined);
  }
  return results.reverse();
}

/**
 * Finds the run files of unfinished runs in the ledger directory and deletes, newest first, what
 * they still list (a 404 or 410 counts as done). A run file left with nothing is removed; one
 * with leftovers is kept (and marked swept) for the next sweep. Runs whose writer is still alive
 * on this host are skipped.
 *
 * @example
 * import { sweep } from 'tandem';
 * const report = await sweep({ olderThanMs: 60 * 60_000, target: 'https://staging.example.com', headers: { authorization: `Bearer ${token}` } });
 * if (report.failed > 0) process.exitCode = 1;
 */
export async function sweep(options: SweepOptions = {}): Promise<SweepReport> {
  const env = options.env ?? process.env;
  const dir = resolveLedgerDir(options.dir, env);
  const headers = options.headers ?? {};
  const target = normalizeTarget(options.target ?? targetFromEnv(env));
  if (Object.keys(headers).length > 0 && target === undefined) {
    throw new BadTargetError('sweep: headers are sent only to a named target; give the target (--target <url> or TANDEM_TARGET) they are meant for');
  }
  const secrets = optionSecrets(Object.entries(headers));
  const attempts = options.attempts ?? 3;
  const report: SweepReport = { runs: [], deleted: 0, alreadyGone: 0, failed: 0, cannotSweep: 0, forgotten: 0 };
  for (const name of runFiles(dir, options.runId)) {
    const file = join(dir, name);
    const record = readRunFile(file);
    const pending = record.entries.filter((entry) => !entry.done);
    const run: SweptRun = { runId: record.runId ?? name.slice(0, -'.jsonl'.length), file, origin: record.origin, status: 'clean', entries: [] };
    report.runs.push(run);
    if (aliveHere(record) !== undefined) run.status = 'in progress';
    else if (options.olderThanMs !== undefined && Date.now() - statSync(file).mtimeMs < options.olderThanMs) run.status = 'too recent';
    else if (target !== undefined && record.origin !== target) run.status = 'other target';
    if (run.status !== 'clean') continue;
    if (options.dryRun) {
      run.status = 'dry-run';
      run.entries = pending.map((e) => ({ method: e.method, url: e.url, test: e.test, outcome: e.sweepable ? 'would delete' : 'cannot sweep' }));
      continue;
    }
    if (pending.length > 0 && record.origin === undefined) throw new BadTargetError(`sweep: ${file} names no target origin; it was not written by tandem`);
    run.entries = pending.length > 0 ? await sweepRun(file, record, pending, { headers, attempts, secrets, forget: options.forget === true }) : [];
    const left = run.entries.filter((e) => e.outcome === 'failed' || e.outcome === 'cannot sweep');
    if (left.length === 0) rmSync(file, { force: true });
    else appendRunLine(file, { type: 'swept', at: new Date().toISOString() });
    run.status = left.length === 0 ? 'clean' : 'left';
  }
  for (const entry of report.runs.flatMap((run) => run.entries)) {
    if (entry.outcome === 'deleted') report.deleted++;
    else if (entry.outcome === 'already gone') report.alreadyGone++;
    else if (entry.outcome === 'failed') report.failed++;
    else if (entry.outcome === 'cannot sweep') report.cannotSweep++;
    else if (entry.outcome === 'forgotten') report.forgotten++;
  }
  return report;
}
