import { TandemError, type TandemErrorOptions } from './tandem-error.js';

/** One resource the cleanup ledger could not remove. */
export interface Leftover {
  /** `DELETE`, or `custom` for a resource tracked with its own delete function. */
  readonly method: string;
  /** The resource's URL (secrets redacted), or the description given to `api.track()`. */
  readonly url: string;
  /** The test that created it, or `(suite)` when no test was running. */
  readonly createdBy: string;
  /** The last attempt's failure, one line, secrets redacted. */
  readonly lastError: string;
}

/**
 * Resources a test run created could not be cleaned up: `api.cleanup()` or `api.close()` failed
 * after bounded retries. The message is a table of what is left (method, URL, which test created
 * it, the last error); `leftovers` holds the same rows.
 *
 * @example
 * await assert.rejects(api.close(), { code: 'TANDEM_CLEANUP_FAILED' });
 */
export class CleanupError extends TandemError {
  readonly code = 'TANDEM_CLEANUP_FAILED';
  readonly leftovers: readonly Leftover[];

  constructor(headline: string, leftovers: readonly Leftover[], options: TandemErrorOptions = {}) {
    super(headline, options);
    this.leftovers = leftovers;
  }
}
