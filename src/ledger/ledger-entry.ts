/** What the cleanup ledger holds about one resource a test created. */

/** Which cleanup removes an entry: the one after its test (`'test'`), or the one at `close()`. */
export type LedgerScope = 'test' | 'suite';

/** A resource to register: how to remove it, and how to show it. */
export interface NewEntry {
  /** `DELETE`, or `custom` for a function given to `api.track()`. */
  readonly method: string;
  /** The absolute URL (for `DELETE`) or the description shown for a custom entry. */
  readonly url: string;
  /** Removes the resource; rejecting with a 404 or 410 response counts as already gone. */
  readonly remove: () => Promise<unknown>;
  /** Whether `tandem sweep` can delete it from the run file alone (a plain `DELETE <url>`). */
  readonly sweepable: boolean;
}

/** A registered resource. */
export interface LedgerEntry extends NewEntry {
  /** Unique across the processes of a run: `<pid>.<n>`. */
  readonly key: string;
  /** The test that created it, if a runner integration said which. */
  readonly test: string | undefined;
  readonly scope: LedgerScope;
  state: 'pending' | 'done' | 'failed';
  /** The last failed attempt, one line, secrets redacted. */
  lastError?: string;
  /** For a `DELETE` entry, the URL as sent (kept in memory only: it may hold a secret). */
  readonly deleteUrl: string | undefined;
}
