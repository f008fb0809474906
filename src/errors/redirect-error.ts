import { TandemError } from './tandem-error.js';

/**
 * A redirect could not be followed: `follow()` on a response that is not a redirect, a loop, more
 * hops than allowed, or a `Location` that leaves the target.
 *
 * @example
 * const res = await api.get('/ok');
 * await assert.rejects(res.follow(), { code: 'TANDEM_REDIRECT' });
 */
export class RedirectError extends TandemError {
  readonly code = 'TANDEM_REDIRECT';
}
