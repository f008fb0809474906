/** `res.follow()` and `res.maybeFollow()`: requests that continue from a response. */
import { RedirectError } from '../errors/redirect-error.js';
import type { TestResponse } from '../response/test-response.js';
import { nextRequest } from './redirect.js';
import type { RequestSpec } from './request-spec.js';
import { TestRequest, type SendSpec } from './test-request.js';

/** How a follow-up continues: how many redirects it may follow, and whether one is required. */
export interface FollowUp {
  maxRedirects: number;
  required: boolean;
}

/**
 * Builds the follow-ups of `response`, which `spec` produced. The returned builder takes
 * expectations (`.expect()`, `.expectJson()`, …) and `.timeout()`; they apply to the final response.
 */
export function followUpOf(send: SendSpec, spec: RequestSpec, response: TestResponse, check: (response: TestResponse, spec: RequestSpec) => Promise<void>) {
  return ({ maxRedirects, required }: FollowUp): TestRequest => {
    const run: SendSpec = async (own) => {
      const next = nextRequest(spec, response.status, response.headers.get('location'), new URL(response.url));
      if (!next) {
        if (required) {
          const why = response.headers.has('location') || response.status < 300 || response.status >= 400 ? `status ${response.status} is not a redirect` : `the ${response.status} has no Location`;
          throw new RedirectError(`follow() needs a redirect response: ${why}; use maybeFollow() to accept either`, {
            request: response.request,
            response,
            target: response.target,
          });
        }
        await check(response, own);
        return response;
      }
      return send({ ...next, timeoutMs: own.timeoutMs ?? spec.timeoutMs, statusChecks: own.statusChecks, checks: own.checks, contract: own.contract ?? spec.contract, maxRedirects: maxRedirects - 1, error: own.error });
    };
    return new TestRequest(run, spec.method, response.url);
  };
}
