/** The navigator of a test app or session: its responses follow, click and submit through it. */
import type { FollowUp, Navigator } from '../response/navigator.js';
import type { RequestSpec } from '../request/request-spec.js';
import { TestRequest } from '../request/test-request.js';
import type { TestResponse } from '../response/test-response.js';

/** What the navigator needs of its test app. */
export interface NavigatorFront {
  request(method: string, url: string): TestRequest;
  follow(response: TestResponse, spec: RequestSpec, own: RequestSpec, how: FollowUp): Promise<TestResponse>;
}

/**
 * Sends onward from a response, through `front`.
 *
 * @example
 * const navigator = new FrontNavigator(api);
 */
export class FrontNavigator implements Navigator {
  readonly #front: NavigatorFront;

  constructor(front: NavigatorFront) {
    this.#front = front;
  }

  follow(response: TestResponse, spec: RequestSpec, how: FollowUp): TestRequest {
    const front = this.#front;
    // The returned builder takes expectations and `.timeout()`; they apply to the final response.
    return new TestRequest((own) => front.follow(response, spec, own, how), spec.method, response.url);
  }

  start(method: string, absoluteUrl: string): TestRequest {
    return this.#front.request(method, absoluteUrl);
  }
}
