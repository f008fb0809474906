import { TandemError } from './tandem-error.js';

/**
 * A readiness check (`waitUntilReady`, `tandem wait`) gave up: the URL did not answer 2xx within
 * its timeout. The message names the URL and shows the last error or the last status seen.
 *
 * @example
 * await assert.rejects(waitUntilReady('http://127.0.0.1:9', { timeoutMs: 500 }), { code: 'TANDEM_NOT_READY' });
 */
export class NotReadyError extends TandemError {
  readonly code = 'TANDEM_NOT_READY';
  /** The URL that was polled (password redacted). */
  url = '';
  /** How many requests were made. */
  attempts = 0;
  /** The last status received, when the last attempt got a response. */
  lastStatus: number | undefined;
  /** The last error, when the last attempt got no response. */
  lastError: unknown;
}
