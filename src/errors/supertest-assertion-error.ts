import { TandemError } from './tandem-error.js';

/**
 * A `tandem/supertest` expectation did not hold. The message's first line is supertest's own
 * (`expected 200 "OK", got 500 "Internal Server Error"`), followed by tandem's context: the
 * request and target, the response's headers and body, a diff, and a `curl` line.
 *
 * @example
 * import request from 'tandem/supertest';
 * await assert.rejects(request(app).get('/').expect(200), { code: 'TANDEM_SUPERTEST_EXPECTATION' });
 */
export class SupertestAssertionError extends TandemError {
  readonly code = 'TANDEM_SUPERTEST_EXPECTATION';
}
