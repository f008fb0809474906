/** The checks a request runs on its final response. */
import { expectDefaultStatus } from '../expect/expectations.js';
import type { TestResponse } from '../response/test-response.js';
import type { RequestSpec } from './request-spec.js';

/**
 * Runs a request's checks on a response: its status expectation (or, with `defaultStatus`, the
 * default rule: fail outside 2xx/3xx), then the rest, in order. A check may be asynchronous (a
 * Standard Schema may validate asynchronously): it is awaited before the next one runs.
 *
 * @example
 * await checkResponse(response, spec, true);
 */
export async function checkResponse(response: TestResponse, spec: RequestSpec, defaultStatus: boolean): Promise<void> {
  if (spec.statusChecks.length === 0) {
    if (defaultStatus) expectDefaultStatus(response);
  } else for (const check of spec.statusChecks) check(response);
  for (const check of spec.checks) {
    const pending = check(response);
    if (pending) await pending;
  }
}
