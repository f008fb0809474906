import { TandemError } from './tandem-error.js';

/**
 * The response status is not the one expected: outside 2xx/3xx with no `.expect(status)`, or not the status given to `.expect()`.
 *
 * @example
 * await assert.rejects(api.get('/missing'), { code: 'TANDEM_UNEXPECTED_STATUS' });
 */
export class UnexpectedStatusError extends TandemError {
  readonly code = 'TANDEM_UNEXPECTED_STATUS';
}
