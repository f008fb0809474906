import { TandemError } from './tandem-error.js';

/**
 * No complete response within the request's timeout (`.timeout(ms)`, `options.timeout`, 30 s by default).
 *
 * @example
 * await assert.rejects(api.get('/slow').timeout(100), { code: 'TANDEM_TIMEOUT' });
 */
export class TimeoutError extends TandemError {
  readonly code = 'TANDEM_TIMEOUT';
}
