/**
 * How a response sends onward: `res.follow()`, `res.maybeFollow()`, `res.click()` and
 * `form.submit()` go through the test app (or session) that produced the response. The pipeline
 * hands each response its sender's navigator.
 */
import type { RequestSpec } from '../request/request-spec.js';
import type { TestRequest } from '../request/test-request.js';
import type { TestResponse } from './test-response.js';

/** How a follow-up continues: how many redirects it may follow, and whether one is required. */
export interface FollowUp {
  readonly maxRedirects: number;
  readonly required: boolean;
}

export interface Navigator {
  /** The request that follows `response`'s redirect; `spec` is what produced `response`. */
  follow(response: TestResponse, spec: RequestSpec, how: FollowUp): TestRequest;
  /** A new request through the same sender (`absoluteUrl` on the target's origin). */
  start(method: string, absoluteUrl: string): TestRequest;
}
