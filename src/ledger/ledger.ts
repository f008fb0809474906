/**
 * The cleanup ledger: every resource the tests created, removed last-in-first-out after each test
 * and at `close()`, whatever the test's outcome. What cannot be removed fails the cleanup with a
 * table of leftovers. Sessions of one test app share its ledger.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { currentTest } from '../run/test-context.js';
import { CleanupError, type Leftover } from '../errors/cleanup-error.js';
import { scrub } from '../format/redact.js';
import type { LedgerEntry, LedgerScope, NewEntry } from './ledger-entry.js';
import { formatLeftovers } from './leftovers-table.js';
import { removeWithRetries, type RetryPolicy } from './remove-with-retries.js';
import { recordableUrl, type RunFile } from './run-file.js';

export interface LedgerOptions {
  retry: RetryPolicy;
  /** Values scrubbed from everything the ledger shows or writes. */
  secrets: readonly string[];
  /** Where registrations are made durable (remote targets only). */
  runFile?: RunFile | undefined;
}

/**
 * What `api.cleanup()` cleans: what the running test registered, or everything.
 *
 * @example
 * afterEach(() => api.cleanup('test'));
 */
export type CleanupScope = 'test' | 'all';

/** Numbers entries across the ledgers of a process, so keys (`<pid>.<n>`) are unique in a run file. */
let entryCount = 0;

export class Ledger {
  readonly #entries: LedgerEntry[] = [];
  #options: LedgerOptions = { retry: { attempts: 3, backoffMs: 100 }, secrets: [] };
  /** Set while a suite-scoped fixture is being created: what it registers outlives the test. */
  readonly #scopeOverride = new AsyncLocalStorage<LedgerScope>();
  readonly #generations: Record<LedgerScope, number> = { test: 0, suite: 0 };
  #queue: Promise<unknown> = Promise.resolve();

  /** Applies the test app's options, once they are known (a config file may load first). */
  configure(options: LedgerOptions): void {
    this.#options = options;
  }

  /** Registers a resource, attributed to the running test; written to the run file before this returns. */
  add(entry: NewEntry): LedgerEntry {
    const test = currentTest();
    const scope = this.#scopeOverride.getStore() ?? (test === undefined ? 'suite' : 'test');
    const shown = entry.method === 'DELETE' ? recordableUrl(entry.url, this.#options.secrets) : { url: scrub(entry.url, this.#options.secrets), exact: false };
    const registered: LedgerEntry = {
      ...entry,
      url: shown.url,
      sweepable: entry.sweepable && shown.exact,
      deleteUrl: entry.method === 'DELETE' ? entry.url : undefined,
      key: `${process.pid}.${++entryCount}`,
      test: this.#scopeOverride.getStore() === 'suite' || test === undefined ? undefined : scrub(test, this.#options.secrets),
      scope,
      state: 'pending',
    };
    this.#options.runFile?.added(registered);
    this.#entries.push(registered);
    return registered;
  }

  /**
   * Marks the pending entries for `url` as done: the test deleted them itself (the DELETE
   * answered 2xx, 404 or 410), so the cleanup does not send it again.
   */
  deletedByTest(url: string): void {
    for (const entry of this.#entries) {
      if (entry.state === 'done' || entry.deleteUrl !== url) continue;
      entry.state = 'done';
      this.#options.runFile?.done(entry.key, 'deleted');
    }
  }

  /** Runs `fn` with what it registers attributed to `scope` instead of the running test. */
  inScope<T>(scope: LedgerScope, fn: () => T): T {
    return this.#scopeOverride.run(scope, fn);
  }

  /** Counts the cleanups of a scope, so a fixture knows when what it made has been removed. */
  generation(scope: LedgerScope): number {
    return this.#generations[scope];
  }

  /**
   * Removes, newest first, what `scope` covers: `'test'` what the running tests registered and is
   * still pending; `'all'` everything left, earlier failures included. Cleanups never overlap.
   * Rejects with `CleanupError` listing what is left.
   */
  cleanup(scope: CleanupScope): Promise<void> {
    const run = this.#queue.then(() => this.#cleanup(scope));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #cleanup(scope: CleanupScope): Promise<void> {
    const due = this.#entries.filter((entry) => (scope === 'all' ? entry.state !== 'done' : entry.state === 'pending' && entry.scope === 'test'));
    const failed: LedgerEntry[] = [];
    for (const entry of due.reverse()) {
      const outcome = await removeWithRetries(entry.remove, this.#options.retry, this.#options.secrets);
      if (outcome.ok) {
        // The DELETE itself may have settled the entry already (see deletedByTest).
        if (entry.state !== 'done') this.#options.runFile?.done(entry.key, outcome.alreadyGone ? 'gone' : 'deleted');
        entry.state = 'done';
      } else {
        entry.state = 'failed';
        entry.lastError = outcome.error;
        failed.push(entry);
      }
    }
    this.#entries.splice(0, this.#entries.length, ...this.#entries.filter((entry) => entry.state !== 'done'));
    this.#generations.test++;
    if (scope === 'all') this.#generations.suite++;
    if (failed.length > 0) throw leftoversError(failed.reverse(), this.#options.runFile?.path);
  }

  /** Records in the run file that this process ended (removing the file when the run is all clean). */
  finish(): void {
    this.#options.runFile?.end();
  }
}

function leftoversError(entries: readonly LedgerEntry[], runFile: string | undefined): CleanupError {
  const leftovers: Leftover[] = entries.map((entry) => ({
    method: entry.method,
    url: entry.url,
    createdBy: entry.test ?? '(suite)',
    lastError: entry.lastError ?? '',
  }));
  const { headline, table } = formatLeftovers(leftovers);
  return new CleanupError(headline, leftovers, {
    details: `${table}\n\n${entries.length === 1 ? 'It was' : 'Each was'} tried with bounded retries (a 404 or 410 counts as already gone). ${
      runFile && entries.some((entry) => entry.sweepable)
        ? `The run file ${runFile} still lists them: \`tandem sweep\` can try the DELETEs again later.`
        : 'Remove them by hand.'
    }`,
  });
}
