import { AbortedError } from '../errors/aborted-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { expectCustom, expectHeader, expectJson, expectNoHeader, expectStatus, expectText } from '../expect/expectations.js';
import type { JsonPattern } from '../expect/json-match.js';
import { describeStatus, isStatusPattern, type StatusPattern } from '../expect/status.js';
import type { TestResponse } from '../response/test-response.js';
import { appendParams } from './encode-body.js';
import { SENDING, SENT, type AbortOwner, type MultipartFields, type ParamValue, type RawBody, type RequestSpec } from './request-spec.js';
import type { RequestAbort } from '../targets/request-abort.js';
import { schemaExpectation } from '../contracts/schema-check.js';
import type { JsonSchema } from '../contracts/json-schema.js';
import type { StandardSchemaV1 } from '../contracts/standard-schema.js';
import { headerProblem } from './validate.js';

/** Sends a finished spec; supplied by the test app. */
export type SendSpec = (spec: RequestSpec) => Promise<TestResponse>;

/** Credentials for `.auth()`: a bearer token, or a user name and password for Basic. */
export type Credentials = string | { username: string; password: string };

/**
 * A request being built. It is a real `Promise` of a {@link TestResponse}: configure it with
 * chained calls, then `await` it (or hand it to `Promise.all`, `assert.rejects`, …). It is sent
 * once, right after the synchronous chain that configures it; configuring it later is an error.
 *
 * @example
 * const res = await api.post('/notes').json({ title: 'hi' }).expect(201).expectJson({ title: 'hi' });
 */
export class TestRequest<T = any> extends Promise<TestResponse<T>> implements AbortOwner {
  // `then`, `catch` and `finally` return plain promises, not new builders.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  readonly #spec: RequestSpec;
  #sent = false;
  /** Why the request was aborted (`.abort()`, `.signal()`), once it was. */
  #aborted: AbortedError | undefined;
  /** The abort switch of the exchange in flight. */
  #inFlight: RequestAbort | undefined;
  /** The signal given to `.signal()`, and its listener (removed once the request settled). */
  #signal: AbortSignal | undefined;
  #onSignal: (() => void) | undefined;

  constructor(send: SendSpec, method: string, path: string) {
    let resolve!: (value: TestResponse<T>) => void;
    let reject!: (reason: unknown) => void;
    super((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#spec = { method, path, query: [], headers: [], body: undefined, timeoutMs: undefined, statusChecks: [], checks: [], error: undefined, owner: this };
    queueMicrotask(() => {
      this.#sent = true;
      const sent = send(this.#spec);
      if (this.#onSignal) {
        const unfollow = () => this.#signal!.removeEventListener('abort', this.#onSignal!);
        sent.then(unfollow, unfollow);
      }
      sent.then(resolve as (value: TestResponse) => void, reject);
    });
  }

  /** @internal An exchange of this request is being sent with `abort`. */
  [SENDING](abort: RequestAbort): void {
    if (this.#aborted) abort.abort(this.#aborted);
    else this.#inFlight = abort;
  }

  /** @internal That exchange is done. */
  [SENT](abort: RequestAbort): void {
    if (this.#inFlight === abort) this.#inFlight = undefined;
  }

  /**
   * Aborts the request. Not sent yet, it is not sent; in flight, its connection is closed
   * mid-request or mid-response (the app sees `'aborted'` and `'close'`, as when a client goes
   * away). Either way it rejects with `AbortedError` (`TANDEM_ABORTED`), with `reason` as its
   * `cause`. Once the response arrived, it does nothing.
   *
   * @example
   * const download = api.get('/large');
   * setTimeout(() => download.abort(), 10);
   * await assert.rejects(download, { code: 'TANDEM_ABORTED' });
   */
  abort(reason?: unknown): void {
    this.#abortWith(new AbortedError(`${this.#spec.method.toUpperCase()} ${this.#spec.path} was aborted by the test (.abort())`, reason === undefined ? {} : { cause: reason }));
  }

  #abortWith(error: AbortedError): void {
    if (this.#aborted) return;
    this.#aborted = error;
    this.#inFlight?.abort(error);
  }

  /**
   * Aborts the request (as {@link abort}) when `signal` aborts, e.g. an `AbortController` the test
   * holds, or `AbortSignal.timeout(ms)`; the signal's reason is the error's `cause`. A signal that
   * has aborted already keeps the request from being sent.
   *
   * @example
   * const controller = new AbortController();
   * const download = api.get('/large').signal(controller.signal);
   * controller.abort();
   * await assert.rejects(download, { code: 'TANDEM_ABORTED' });
   */
  signal(signal: AbortSignal): this {
    return this.#configure('.signal()', () => {
      if (!(signal instanceof AbortSignal)) throw new InvalidRequestError(`.signal() takes an AbortSignal, got ${signal === null ? 'null' : typeof signal}`);
      if (this.#signal) throw new InvalidRequestError('.signal(): the request already has a signal; combine several with AbortSignal.any()');
      const onSignal = () => {
        const reason: unknown = signal.reason;
        const why = reason instanceof Error ? `: ${reason.name}: ${reason.message}` : '';
        this.#abortWith(new AbortedError(`${this.#spec.method.toUpperCase()} ${this.#spec.path} was aborted by its signal (.signal())${why}`, { cause: reason }));
      };
      this.#signal = signal;
      if (signal.aborted) return onSignal();
      this.#onSignal = onSignal;
      signal.addEventListener('abort', onSignal, { once: true });
    });
  }

  #configure(what: string, apply: (spec: RequestSpec) => void): this {
    if (this.#sent) {
      const error = new InvalidRequestError(`${what} was called after ${this.#spec.method} ${this.#spec.path} had been sent; configure a request in the same chain that creates it`);
      throw error;
    }
    if (!this.#spec.error) {
      try {
        apply(this.#spec);
      } catch (error) {
        this.#spec.error = error instanceof InvalidRequestError ? error : new InvalidRequestError(`${what}: ${(error as Error).message}`, { cause: error });
      }
    }
    return this;
  }

  #setBody(what: string, body: RequestSpec['body']): this {
    return this.#configure(what, (spec) => {
      if (spec.body) throw new InvalidRequestError(`${what}: the request already has a body; give one body per request`);
      spec.body = body;
    });
  }

  /** Adds query parameters; arrays repeat the key, `undefined` and `null` are left out. */
  query(params: Record<string, ParamValue>): this {
    return this.#configure('.query()', (spec) => appendParams(spec.query, params));
  }

  /** Sets a header (replacing one of the same name), or several from an object. */
  set(name: string, value: string | number): this;
  set(headers: Record<string, string | number>): this;
  set(nameOrHeaders: string | Record<string, string | number>, value?: string | number): this {
    return this.#configure('.set()', (spec) => {
      const entries = typeof nameOrHeaders === 'string' ? [[nameOrHeaders, value] as const] : Object.entries(nameOrHeaders);
      for (const [name, raw] of entries) {
        if (raw === undefined) throw new InvalidRequestError(`.set(): no value given for header ${name}`);
        const text = String(raw);
        const problem = headerProblem(name, text);
        if (problem) throw new InvalidRequestError(problem);
        const lower = name.toLowerCase();
        spec.headers = spec.headers.filter(([n]) => n.toLowerCase() !== lower);
        spec.headers.push([name, text]);
      }
    });
  }

  /** Sends `value` as JSON with `Content-Type: application/json`. */
  json(value: unknown): this {
    return this.#setBody('.json()', { kind: 'json', value });
  }

  /** Sends fields URL-encoded (`application/x-www-form-urlencoded`), as an HTML form does. */
  form(fields: Record<string, ParamValue>): this {
    return this.#setBody('.form()', { kind: 'form', value: fields });
  }

  /** Sends `multipart/form-data`; files are `{ data, filename, contentType }` or Blobs. */
  multipart(fields: MultipartFields): this {
    return this.#setBody('.multipart()', { kind: 'multipart', fields });
  }

  /**
   * Sends a body as given: text, bytes, a Blob, URLSearchParams, FormData, a stream (sent
   * chunked), or an object/array (sent as JSON). `contentType` overrides the implied type.
   */
  send(body: RawBody, contentType?: string): this {
    return this.#setBody('.send()', { kind: 'raw', value: body, contentType });
  }

  /** Sets `Authorization`: a string is a bearer token, `{ username, password }` is Basic. */
  auth(credentials: Credentials): this {
    const value =
      typeof credentials === 'string'
        ? `Bearer ${credentials}`
        : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
    return this.set('Authorization', value);
  }

  /** Fails the request with `TimeoutError` when no complete response arrives within `ms`. */
  timeout(ms: number): this {
    return this.#configure('.timeout()', (spec) => {
      if (!Number.isFinite(ms) || ms <= 0) throw new InvalidRequestError(`.timeout() takes a positive number of milliseconds, got ${String(ms)}`);
      spec.timeoutMs = ms;
    });
  }

  /**
   * Follows redirects (up to `max` hops) before the checks run, so `.expect()` applies to the
   * final response. By default redirects are not followed and the test sees the 3xx.
   */
  followRedirects(max = 20): this {
    return this.#configure('.followRedirects()', (spec) => {
      if (!Number.isInteger(max) || max < 0) throw new InvalidRequestError(`.followRedirects() takes a whole number of hops, got ${String(max)}`);
      spec.maxRedirects = max;
    });
  }

  /**
   * Expects the status: a code (`201`), a list (`[200, 204]`) or a class (`'4xx'`). With it, the
   * default rule (fail outside 2xx/3xx) no longer applies, so `.expect(404)` makes 404 the success.
   */
  expect(status: StatusPattern): this;
  /**
   * A check of your own, run after the status check and the ones chained before it: throw (an
   * `assert` failing) or reject to fail the request. The failure is an `ExpectationError` naming the
   * request, the target and the response, with your error's message first and your error as its
   * `cause`. What it returns is ignored; a promise it returns is awaited.
   *
   * @example
   * await api.get('/notes').expect(200).expect((res) => {
   *   assert.ok(res.json.items.length > 0, 'no notes listed');
   * });
   */
  expect(check: (res: TestResponse<T>) => unknown): this;
  expect(status: StatusPattern | ((res: TestResponse<T>) => unknown)): this {
    if (typeof status === 'function') {
      return this.#configure('.expect(fn)', (spec) => spec.checks.push(expectCustom(status as (res: TestResponse) => unknown)));
    }
    return this.#configure('.expect()', (spec) => {
      if (!isStatusPattern(status)) {
        throw new InvalidRequestError(`.expect() takes a status code, a list of codes or a class like '2xx'; got ${JSON.stringify(status)}`);
      }
      if (spec.statusChecks.length > 0) throw new InvalidRequestError(`.expect(${describeStatus(status)}): a status is already expected; pass a list to admit several`);
      spec.statusChecks.push(expectStatus(status));
    });
  }

  /** Expects a header to equal a string or match a RegExp. */
  expectHeader(name: string, value: string | RegExp): this {
    return this.#configure('.expectHeader()', (spec) => spec.checks.push(expectHeader(name, value)));
  }

  /**
   * Expects the response to have no header `name` (e.g. no `Set-Cookie`, no `X-Powered-By`).
   *
   * @example
   * await api.get('/health').expectNoHeader('set-cookie');
   */
  expectNoHeader(name: string): this {
    return this.#configure('.expectNoHeader()', (spec) => spec.checks.push(expectNoHeader(name)));
  }

  /**
   * Expects the JSON body to match partially: named keys must match (recursively), others are
   * ignored; arrays match element by element; RegExps match strings; `undefined` means absent.
   * With `{ exact: true }`, an object of the body may hold no key its pattern does not name, at
   * any depth (RegExps still match strings).
   *
   * @example
   * await api.get('/notes/1').expectJson({ title: 'hi' });
   * await api.get('/health').expectJson({ status: 'ok' }, { exact: true });
   */
  expectJson(expected: JsonPattern, options?: { exact?: boolean }): this {
    return this.#configure('.expectJson()', (spec) => {
      const unknown = Object.keys(options ?? {}).filter((key) => key !== 'exact');
      if (unknown.length > 0 || (options?.exact !== undefined && typeof options.exact !== 'boolean')) {
        throw new InvalidRequestError(`.expectJson(value, options): options are { exact?: true | false }, got ${JSON.stringify(options)}`);
      }
      spec.checks.push(expectJson(expected, options?.exact ?? false));
    });
  }

  /** Expects the body text to equal a string or match a RegExp. */
  expectText(expected: string | RegExp): this {
    return this.#configure('.expectText()', (spec) => spec.checks.push(expectText(expected)));
  }

  /**
   * Expects the JSON body to match a schema: a JSON Schema (draft 2020-12 by default; 2019-09,
   * draft-07 and draft-06 by `$schema`; formats checked) or any Standard Schema (zod, valibot,
   * arktype, …). A mismatch fails with `ContractError` listing every violation with its JSON path
   * and value. With a Standard Schema, `res.json` is typed as the schema's output.
   *
   * @example
   * const res = await api.get('/notes/1').expectSchema(NoteSchema); // a zod schema
   * res.json.title; // string
   * await api.get('/notes').expectSchema({ type: 'object', required: ['items'] });
   */
  expectSchema<S extends StandardSchemaV1>(schema: S): TestRequest<StandardSchemaV1.InferOutput<S>>;
  expectSchema(schema: JsonSchema): this;
  expectSchema(schema: StandardSchemaV1 | JsonSchema): TestRequest<any> {
    return this.#configure('.expectSchema()', (spec) => spec.checks.push(schemaExpectation(schema)));
  }

  /**
   * Turns the OpenAPI checks (the `openapi` option) off for this request: `false` for both sides,
   * or `{ request: false }` to send a body the document does not allow (a test of the app's own
   * validation) while still checking the response. Coverage is recorded either way.
   *
   * @example
   * await api.get('/debug/vars').contract(false).expect(200);
   * await api.post('/notes').json({ title: 42 }).contract({ request: false }).expect(400);
   */
  contract(enabled: boolean | { request?: boolean; response?: boolean }): this {
    return this.#configure('.contract()', (spec) => {
      if (typeof enabled === 'boolean') spec.contract = { request: enabled, response: enabled };
      else if (typeof enabled === 'object' && enabled !== null) {
        spec.contract = { request: enabled.request ?? spec.contract?.request ?? true, response: enabled.response ?? spec.contract?.response ?? true };
      } else throw new InvalidRequestError(`.contract() takes true, false or { request?, response? }, got ${JSON.stringify(enabled)}`);
    });
  }
}
