import { TandemError } from './tandem-error.js';

/**
 * The request was refused before anything was sent: a bad header, a `Content-Length` that does not match the body, a body on TRACE, a URL on another host, a builder changed after it started.
 *
 * @example
 * await assert.rejects(api.get('/').set('x-a', 'b\r\nc'), { code: 'TANDEM_INVALID_REQUEST' });
 */
export class InvalidRequestError extends TandemError {
  readonly code = 'TANDEM_INVALID_REQUEST';
}
