import { decodeText } from '../format/body-excerpt.js';
import type { RequestSummary, ResponseSummary, TargetInfo } from '../format/exchange.js';
import type { InspectOptionsStylized, inspect as Inspect } from 'node:util';
import { NotJsonError } from '../errors/not-json-error.js';
import { redactHeaders } from '../format/redact.js';
import type { TestRequest } from '../request/test-request.js';
import type { RequestSpec } from '../request/request-spec.js';
import type { FollowUp, Navigator } from './navigator.js';
import type { CheerioAPI } from 'cheerio';
import type { Form } from '../html/form.js';
import type { FormList } from '../html/form-list.js';
import { HtmlPage } from '../html/html-page.js';
import type { Link, LinkQuery } from '../html/link.js';
import type { MustContainArgument } from '../html/must-contain.js';

const lenientDecoder = new TextDecoder();

/**
 * A response with its body read in full. Text and JSON are decoded lazily, once.
 *
 * @example
 * const res = await api.get('/notes/1');
 * res.status;                       // 200
 * res.headers.get('content-type');  // 'application/json'
 * res.json.title;                   // 'hi'
 */
export class TestResponse<T = any> implements ResponseSummary {
  /** The status code, e.g. `200`. */
  readonly status: number;
  /** The reason phrase as the server sent it (empty for fetch handlers that set none). */
  readonly statusText: string;
  /** The response headers; repeated `Set-Cookie` headers stay separate (`headers.getSetCookie()`). */
  readonly headers: Headers;
  /** The body bytes exactly as received. */
  readonly body: Uint8Array;
  /** The full URL the request went to. */
  readonly url: string;
  /** The request that produced this response: method, URL and headers, secrets redacted. */
  readonly request: RequestSummary;
  /** The target that answered. */
  readonly target: TargetInfo;
  /** Time from sending to the last body byte, in milliseconds. */
  readonly durationMs: number;
  #text: string | undefined;
  #json: { value: T } | undefined;
  /** How this response sends onward; undefined for a response made outside a test app. */
  readonly #navigator: Navigator | undefined;
  /** The request that produced it, which `follow()` continues. */
  readonly #spec: RequestSpec | undefined;
  #htmlPage: HtmlPage | undefined;
  readonly #rawHeaders: ReadonlyArray<Buffer | string> | undefined;
  #rawLines: string[] | undefined;

  /**
   * @param init What was received, and the request it answers.
   * @param navigator How `follow()`, `click()` and forms send onward (the test app's pipeline gives it).
   * @param spec The request that produced the response, which `follow()` continues.
   */
  constructor(init: {
    status: number;
    statusText: string;
    headers: Headers;
    body: Uint8Array;
    /** The header lines off the wire, names in their own case (see {@link rawHeaders}). */
    rawHeaders?: ReadonlyArray<Buffer | string> | undefined;
    url: string;
    request: RequestSummary;
    target: TargetInfo;
    durationMs: number;
  }, navigator?: Navigator, spec?: RequestSpec) {
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.body = init.body;
    this.url = init.url;
    this.request = init.request;
    this.target = init.target;
    this.durationMs = init.durationMs;
    this.#rawHeaders = init.rawHeaders;
    this.#navigator = navigator;
    this.#spec = spec;
  }

  /**
   * The response's header lines as the app wrote them, as Node's `IncomingMessage.rawHeaders`
   * gives them: `[name, value, name, value…]`, names in their own case, repeated headers apart,
   * in order. A fetch handler in-process has no wire: its lines come from `headers` (lower case).
   *
   * @example
   * const res = await api.options('/').expect(204);
   * assert.deepEqual(res.rawHeaders.filter((line) => line === 'Allow'), ['Allow']);
   */
  get rawHeaders(): string[] {
    this.#rawLines ??= this.#rawHeaders === undefined ? [...this.headers].flat() : this.#rawHeaders.map((line) => (typeof line === 'string' ? line : line.toString('latin1')));
    return this.#rawLines;
  }

  /**
   * Follows this response's redirect, exactly one hop, per the fetch spec's rules (303 and
   * POST-after-301/302 become GET; 307/308 keep method and body). Fails with `RedirectError` when
   * the response is not a redirect. Chain expectations on it as on any request.
   *
   * @example
   * const done = await (await api.post('/login').form(creds).expect(303)).follow().expect(200);
   */
  follow(): TestRequest<T> {
    return this.#followUp({ maxRedirects: 1, required: true });
  }

  /**
   * Follows redirects while there are any (at most `max` hops, loops refused); when this
   * response is not a redirect, resolves to it. Expectations chained on it apply to the final one.
   *
   * @example
   * await (await api.get('/old-path')).maybeFollow().expect(200);
   */
  maybeFollow(max = 20): TestRequest<T> {
    return this.#followUp({ maxRedirects: max, required: false });
  }

  #followUp(how: FollowUp): TestRequest<T> {
    if (!this.#navigator || !this.#spec) throw new TypeError('this response was not produced by a test app, so it cannot be followed');
    return this.#navigator.follow(this, this.#spec, how) as TestRequest<T>;
  }

  /** The page, made on first use and kept, so a form's values survive between `res.form` reads. */
  get #page(): HtmlPage {
    this.#htmlPage ??= new HtmlPage(this, this.#navigator);
    return this.#htmlPage;
  }

  /**
   * The body as an HTML document (parsed once, as browsers parse), queried with CSS selectors.
   * Fails with `ExpectationError` when the response's Content-Type is not HTML.
   *
   * @example
   * (await api.get('/')).html('h1').text(); // 'Notes'
   */
  get html(): CheerioAPI {
    return this.#page.$;
  }

  /** The page's `<a href>` links: text, resolved `href`, and `click()`. */
  get links(): Link[] {
    return this.#page.links;
  }

  /** The page's forms, with `byId`, `byName` and `byIndex`; a form keeps its values between reads. */
  get forms(): FormList {
    return this.#page.forms;
  }

  /** The page's only form; fails with `FormError` (listing them) when it has none or several. */
  get form(): Form {
    return this.#page.forms.only();
  }

  /**
   * Follows the one link matching `query` (a string or RegExp is its text) through the same test
   * app, with this page as `Referer`; fails listing the candidates when none or several match.
   *
   * @example
   * await page.click('Next page').expect(200);
   * await page.click({ selector: 'nav a', href: /\/notes\/\d+$/ }).expect(200);
   */
  click(query: string | RegExp | LinkQuery): TestRequest {
    return this.#page.click(query);
  }

  /**
   * Expects the page text (an HTML page's visible text, other bodies as they are) to contain every
   * string or pattern, and none of `{ not: [...] }`; fails listing what is missing or present.
   *
   * @example
   * res.mustContain('Welcome, Ann', /\d+ notes/, { not: ['Sign in'] });
   */
  mustContain(...needles: MustContainArgument[]): this {
    this.#page.mustContain(needles);
    return this;
  }

  /** The body decoded as UTF-8 (invalid bytes become U+FFFD). */
  get text(): string {
    this.#text ??= lenientDecoder.decode(this.body);
    return this.#text;
  }

  /** The body parsed as JSON; throws `NotJsonError` (with an excerpt of the body) when it is not JSON. */
  get json(): T {
    if (!this.#json) {
      const text = decodeText(this.body);
      try {
        if (text === undefined) throw new Error('the body is not valid UTF-8');
        this.#json = { value: JSON.parse(text) as T };
      } catch (error) {
        const type = this.headers.get('content-type') ?? 'no content-type';
        throw new NotJsonError(`the response body is not JSON (${type}): ${(error as Error).message}`, {
          request: this.request,
          response: this,
          target: this.target,
          cause: error,
        });
      }
    }
    return this.#json.value;
  }

  /** How `console.log` and `util.inspect` show a response (and an error carrying one): credentials in headers redacted. */
  [Symbol.for('nodejs.util.inspect.custom')](depth: number, options: InspectOptionsStylized, inspect: typeof Inspect): string {
    if (depth < 0) return options.stylize(`[TestResponse ${this.status}]`, 'special');
    const { status, statusText, body, url, request, target, durationMs } = this;
    const shown = { status, statusText, headers: redactHeaders(this.headers), body, url, request, target, durationMs };
    return `TestResponse ${inspect(shown, { ...options, depth: options.depth === null ? null : (options.depth ?? 2) - 1 })}`;
  }
}
