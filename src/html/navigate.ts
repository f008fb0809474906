/** What HTML features know about the page they came from, and how they send the next request. */
import { FormError } from '../errors/form-error.js';
import type { FailureContext } from '../errors/tandem-error.js';
import { TestRequest, type SendSpec } from '../request/test-request.js';

/** Starts a request through the test app a response came from: `(method, absoluteUrl) => TestRequest`. */
export type RequestStarter = (method: string, url: string) => TestRequest;

const starters = new WeakMap<object, RequestStarter>();

/**
 * Records how to send requests onward from `response` (a link click, a form submission): through
 * `send`, the sender of the test app that produced it.
 *
 * @example
 * setRequestStarter(response, send);
 */
export function setRequestStarter(response: object, send: SendSpec): void {
  starters.set(response, (method, url) => new TestRequest(send, method, url));
}

/** How to send requests onward from `response`, if a test app produced it. */
export function requestStarterOf(response: object): RequestStarter | undefined {
  return starters.get(response);
}

/** The page a link or form belongs to. */
export interface PageContext {
  /** The URL the page was fetched from. */
  readonly url: string;
  /** The URL relative links and actions resolve against: the page URL, or its `<base href>`. */
  readonly baseUrl: string;
  /** How to send the next request; absent for a response made outside a test app. */
  readonly client: RequestStarter | undefined;
  /** The exchange that produced the page, for error messages. */
  readonly failure: FailureContext;
}

/** The `Referer` a browser sends from a page: its URL without fragment or credentials. */
export function refererOf(pageUrl: string): string {
  const url = new URL(pageUrl);
  url.hash = '';
  url.username = '';
  url.password = '';
  return url.href;
}

/**
 * Starts a request from a page, as a browser navigating from it would: with the page as `Referer`.
 *
 * @example
 * navigate(page, 'GET', 'http://localhost/next').expect(200);
 */
export function navigate(page: PageContext, method: string, url: string): TestRequest {
  if (!page.client) throw new FormError(`cannot send ${method} ${url}: this response was not produced by a test app`, page.failure);
  return page.client(method, url).set('Referer', refererOf(page.url));
}
