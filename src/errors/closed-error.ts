import { TandemError } from './tandem-error.js';

/**
 * A request was made after `api.close()`.
 *
 * @example
 * await api.close(); await assert.rejects(api.get('/'), { code: 'TANDEM_CLOSED' });
 */
export class ClosedError extends TandemError {
  readonly code = 'TANDEM_CLOSED';
}
