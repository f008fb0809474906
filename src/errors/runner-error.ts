import { TandemError } from './tandem-error.js';

/**
 * A runner integration (`tandem/jest`, `tandem/mocha`) was loaded outside its test runner: the
 * hooks it registers with (`beforeEach`, `afterEach`, `after`/`afterAll`) are not defined.
 *
 * @example
 * // plain `node file.js`, not under Jest:
 * assert.throws(() => useTestApp(app), { code: 'TANDEM_RUNNER' });
 */
export class RunnerError extends TandemError {
  readonly code = 'TANDEM_RUNNER';
}
