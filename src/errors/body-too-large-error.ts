import { TandemError } from './tandem-error.js';

/**
 * The response body grew past `maxBodyBytes`; the response was abandoned at that point instead of
 * being read into memory in full.
 *
 * @example
 * const api = createTestApp(app, { maxBodyBytes: 1024 });
 * await assert.rejects(api.get('/huge'), { code: 'TANDEM_BODY_TOO_LARGE' });
 */
export class BodyTooLargeError extends TandemError {
  readonly code = 'TANDEM_BODY_TOO_LARGE';
}
