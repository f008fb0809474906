import { decodeText } from '../format/body-excerpt.js';
import type { RequestSummary, ResponseSummary, TargetInfo } from '../format/exchange.js';
import type { InspectOptionsStylized, inspect as Inspect } from 'node:util';
import { NotJsonError } from '../errors/not-json-error.js';
import { redactHeaders } from '../format/redact.js';
import type { TestRequest } from '../request/test-request.js';

const lenientDecoder = new TextDecoder();

/** Continues from a response: follows its redirect (see `follow()`), provided by the test app that sent it. */
type FollowUp<T> = (how: { maxRedirects: number; required: boolean }) => TestRequest<T>;
const followUps = new WeakMap<TestResponse, FollowUp<any>>();

/** Lets `follow()` and `maybeFollow()` send through the test app that produced `response`. */
export function setFollowUp(response: TestResponse, followUp: FollowUp<any>): void {
  followUps.set(response, followUp);
}

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

  constructor(init: {
    status: number;
    statusText: string;
    headers: Headers;
    body: Uint8Array;
    url: string;
    request: RequestSummary;
    target: TargetInfo;
    durationMs: number;
  }) {
    this.status = init.status;
    this.statusText = init.statusText;
    this.headers = init.headers;
    this.body = init.body;
    this.url = init.url;
    this.request = init.request;
    this.target = init.target;
    this.durationMs = init.durationMs;
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

  #followUp(how: { maxRedirects: number; required: boolean }): TestRequest<T> {
    const followUp = followUps.get(this);
    if (!followUp) throw new TypeError('this response was not produced by a test app, so it cannot be followed');
    return followUp(how) as TestRequest<T>;
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
