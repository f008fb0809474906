import { TandemError } from './tandem-error.js';

/**
 * `response.json` was read on a body that is not JSON.
 *
 * @example
 * const res = await api.get('/page');
 * assert.throws(() => res.json, { code: 'TANDEM_NOT_JSON' });
 */
export class NotJsonError extends TandemError {
  readonly code = 'TANDEM_NOT_JSON';
}
