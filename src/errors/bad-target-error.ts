import { TandemError } from './tandem-error.js';

/**
 * The app or URL given to `createTestApp` (or `TANDEM_TARGET`) is not something tandem can test.
 *
 * @example
 * assert.throws(() => createTestApp(42 as never), { code: 'TANDEM_BAD_TARGET' });
 */
export class BadTargetError extends TandemError {
  readonly code = 'TANDEM_BAD_TARGET';
}
