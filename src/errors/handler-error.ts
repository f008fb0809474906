import { TandemError } from './tandem-error.js';

/**
 * The in-process app threw (synchronously or by rejecting) while handling the request; the thrown value is `cause`.
 *
 * @example
 * await assert.rejects(api.get('/throws'), { code: 'TANDEM_HANDLER_ERROR' });
 */
export class HandlerError extends TandemError {
  readonly code = 'TANDEM_HANDLER_ERROR';
}
