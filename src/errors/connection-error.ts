import { TandemError } from './tandem-error.js';

/**
 * The target could not be reached or dropped the connection: refused, unknown host, TLS failure, reset.
 *
 * @example
 * await assert.rejects(createTestApp('http://127.0.0.1:9').get('/'), { code: 'TANDEM_CONNECTION' });
 */
export class ConnectionError extends TandemError {
  readonly code = 'TANDEM_CONNECTION';
}
