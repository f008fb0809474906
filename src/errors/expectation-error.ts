import { TandemError } from './tandem-error.js';

/**
 * A header, JSON or text expectation did not hold. `expected` and `actual` hold the values compared.
 *
 * @example
 * await assert.rejects(api.get('/notes/1').expectJson({ title: 'x' }), { code: 'TANDEM_EXPECTATION_FAILED' });
 */
export class ExpectationError extends TandemError {
  readonly code = 'TANDEM_EXPECTATION_FAILED';
}
