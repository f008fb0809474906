/** What HTML features know about the page they came from, and how they send the next request. */
import { FormError } from '../errors/form-error.js';
import type { FailureContext } from '../errors/tandem-error.js';
import type { TestRequest } from '../request/test-request.js';
import type { Navigator } from '../response/navigator.js';

/** The page a link or form belongs to. */
export interface PageContext {
  /** The URL the page was fetched from. */
  readonly url: string;
  /** The URL relative links and actions resolve against: the page URL, or its `<base href>`. */
  readonly baseUrl: string;
  /** How to send the next request; absent for a response made outside a test app. */
  readonly client: Navigator | undefined;
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
  return page.client.start(method, url).set('Referer', refererOf(page.url));
}
