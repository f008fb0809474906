import { TandemError } from './tandem-error.js';

/**
 * The test aborted the request: `.abort()` on its builder, or the `AbortSignal` given to
 * `.signal()` aborted. The connection was closed mid-request or mid-response (the app sees
 * `'aborted'` and `'close'`, as when a client goes away); `cause` is the signal's reason or the
 * reason given to `.abort()`, if any.
 *
 * @example
 * const download = api.get('/large');
 * setTimeout(() => download.abort(), 10);
 * await assert.rejects(download, { code: 'TANDEM_ABORTED' });
 */
export class AbortedError extends TandemError {
  readonly code = 'TANDEM_ABORTED';
}
