/**
 * supertest's `Test`: a superagent request built by chained calls, sent on `.end()`, `.then()`
 * or the first `.write()`, through the test app's own request path (safety policy, run header,
 * cookies for agents, recording, cleanup ledger, contracts, deadline), with supertest's defaults:
 * no status check of its own, redirects not followed unless `.redirects(n)`, HTTP lint off.
 */
import { EventEmitter } from 'node:events';
import qs from 'qs';
import type { TestApp } from '../client/test-app.js';
import type { SendOverrides } from '../pipeline/pipeline.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { TandemError } from '../errors/tandem-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { formatFailure } from '../format/failure-message.js';
import { AbortedError } from '../errors/aborted-error.js';
import { SENDING, SENT, type AbortOwner, type BodySource, type RequestSpec } from '../request/request-spec.js';
import type { RequestAbort } from '../targets/request-abort.js';
import { headerProblem } from '../request/validate.js';
import type { TestResponse } from '../response/test-response.js';
import { assertBody, assertHeader, assertStatus, assertStatusIn, assertWith, type Assertion } from './assertions.js';
import { isHost, mergeSend, mimeFor, MultipartBody, serialize, type PartOptions, type Serializer } from './request-body.js';
import { readBody, type Parser } from './read-body.js';
import { followOne } from './redirects.js';
import { headerObject, Response, type SentRequest } from './response.js';
import { WriteQueue } from './write-queue.js';
import { ClientRequestView, VIEW_END } from './client-request-view.js';
import type { ServedServer } from './served-server.js';
import { ResponseStream } from './streamed-response.js';

/** `.end()`'s callback: the first failure (or null) and the response, when one arrived. */
export type EndCallback = (error: any, res: Response) => void;

/** What `.auth()` takes as options: Basic (the default) or Bearer. */
export interface AuthOptions {
  type: 'basic' | 'bearer' | 'auto';
}

type Outcome = { error: Error; res?: undefined } | { error?: undefined; res: Response };

/** A header value as `.set()` takes it; an array sends the header once per value. */
type HeaderValue = string | number | readonly string[];

/** Calls the test's callback outside the promise chain, so an exception in it is uncaught, as with supertest. */
function callOutside(fn: EndCallback, self: Test, error: Error | null, res: Response | undefined): void {
  try {
    fn.call(self, error, res as Response);
  } catch (thrown) {
    process.nextTick(() => {
      throw thrown;
    });
  }
}

/** superagent's timeout error, with tandem's context appended to its stack. */
function timeoutError(ms: number, cause: TandemError): Error {
  const error = Object.assign(new Error(`Timeout of ${ms}ms exceeded`, { cause }), { timeout: ms, code: 'ECONNABORTED', errno: 'ETIME' });
  error.stack += `\n${formatFailure({ headline: '', request: cause.request, target: cause.target })}`;
  return error;
}

/**
 * What `test.req` offers of superagent's `ClientRequest` (see {@link Test.req}).
 *
 * @example
 * const test = request(app).get('/download');
 * test.end((err) => assert.equal(err.code, 'TANDEM_ABORTED'));
 * test.req.abort();
 */
export interface SentRequestHandle {
  abort(): void;
  destroy(): void;
  readonly method: string;
  readonly path: string;
}

/**
 * One request of a supertest suite. Made by `request(app).get(path)` and the other verbs.
 *
 * @example
 * import request from 'tandem/supertest';
 * await request(app).post('/users').send({ name: 'tobi' }).expect('Content-Type', /json/).expect(201);
 */
export class Test extends EventEmitter implements PromiseLike<Response>, AbortOwner {
  /** The method, upper-case. */
  readonly method: string;
  /** Headers set so far, as set (superagent's `header`). */
  readonly header: Record<string, HeaderValue> = {};
  readonly #api: TestApp;
  #path: string;
  /** supertest's defaults: no status rule, no lint, redirects followed here by superagent's rules; cookies only for agents. */
  readonly #overrides: SendOverrides;
  readonly #lower = new Map<string, string>();
  readonly #unset = new Set<string>();
  #data: unknown;
  #multipart: MultipartBody | undefined;
  readonly #query: string[] = [];
  #qs: Record<string, unknown> = {};
  #sort: boolean | ((a: string, b: string) => number) = false;
  readonly #asserts: Assertion[] = [];
  #maxRedirects = 0;
  #timeoutMs: number | undefined;
  /** Whether the connection is kept after the response: only with `.agent()` given a keep-alive agent. */
  #keepAlive = false;
  #buffer = true;
  #parser: Parser | undefined;
  #serializer: Serializer | undefined;
  #responseType: string | undefined;
  #writes: WriteQueue | undefined;
  #outcome: Promise<Outcome> | undefined;
  #promise: Promise<Response> | undefined;
  #view: ClientRequestView | undefined;
  /** A mistake made while configuring, reported by `.end()` as supertest reports a request error. */
  #error: Error | undefined;
  /** Why the test aborted the request (`.abort()`, `test.req.abort()`), once it did. */
  #aborted: AbortedError | undefined;
  /** The abort switch of the exchange in flight. */
  #inFlight: RequestAbort | undefined;
  #req: SentRequestHandle | undefined;
  /** The server given to `request(server)`, held (as supertest keeps it listening) until this request settles. */
  #served: ServedServer | undefined;
  #opening = 0;

  /**
   * `overrides`: supertest's defaults for the pipeline (no status rule, no lint unless opted in,
   * no automatic redirects), and `cookies: false` except for `request.agent()`. `served`: the
   * `http.Server` given to `request(server)`, when tandem does not listen on it.
   */
  constructor(api: TestApp, method: string, path: string, overrides: SendOverrides, served?: ServedServer) {
    super();
    this.#api = api;
    this.method = method.toUpperCase();
    this.#path = path;
    this.#overrides = overrides;
    if (served) {
      this.#served = served;
      this.#opening = served.take();
    }
  }

  /**
   * superagent's `.abort()`: a request in flight has its connection closed (the app sees
   * `'aborted'` and `'close'`, as when a client goes away), one not sent yet is not sent; `.end()`
   * then gets an `AbortedError` (`TANDEM_ABORTED`). Emits `'abort'`.
   *
   * @example
   * const test = request(app).get('/download');
   * test.end((err) => assert.equal(err.code, 'TANDEM_ABORTED'));
   * test.abort();
   */
  abort(): this {
    if (this.#aborted) return this;
    this.#aborted = new AbortedError(`${this.method} ${this.path} was aborted by the test (.abort())`);
    this.#inFlight?.abort(this.#aborted);
    this.emit('abort');
    return this;
  }

  /**
   * What superagent's `test.req` (Node's `ClientRequest`) is used for in tests, once the request
   * has started (`.end()`, `await`): `abort()` and `destroy()` close the connection as
   * {@link abort} does; `method` and `path`. Undefined before.
   */
  get req(): SentRequestHandle | undefined {
    if (this.#outcome === undefined) return undefined;
    const { method, path } = this;
    this.#req ??= { abort: () => void this.abort(), destroy: () => void this.abort(), method, path };
    return this.#req;
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
   * What supertest suites read from supertest's private `_server` (the server it listened on):
   * `address()`. In-process and over loopback the app is reached at 127.0.0.1 (the in-memory
   * connection reports a loopback address as TCP would); against a deployment, its host and port.
   *
   * @example
   * const test = request(app).get('/');
   * test.expect(200, test._server.address().address === '::' ? '::ffff:127.0.0.1' : '127.0.0.1', done);
   */
  get _server(): { address(): { address: string; family: string; port: number } } {
    const api = this.#api;
    return {
      address() {
        const url = new URL(api.origin);
        const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
        return api.mode === 'remote' ? { address: url.hostname, family: url.hostname.includes(':') ? 'IPv6' : 'IPv4', port } : { address: '127.0.0.1', family: 'IPv4', port };
      },
    };
  }

  /** The URL the request goes to. */
  get url(): string {
    try {
      return /^[a-z][a-z0-9+.-]*:/i.test(this.#path) ? this.#path : `${this.#api.origin}${this.#path}`;
    } catch {
      return this.#path;
    }
  }

  /** The path and query as they will be sent; settable through `request().path`. */
  get path(): string {
    return this.#pathWithQuery();
  }

  set path(value: string) {
    this.#path = value;
    this.#qs = {};
    this.#query.length = 0;
  }

  /**
   * superagent's `req.request()`: a view of the request (see {@link ClientRequestView}), whose
   * `path` and headers can be changed before it is sent, and which emits `'response'`.
   */
  request(): ClientRequestView {
    this.#view ??= new ClientRequestView(this, this.method);
    return this.#view;
  }

  #guard(what: string, apply: () => void): this {
    if (this.#outcome && what !== '.expect()') {
      this.#error ??= new InvalidRequestError(`${what} was called after ${this.method} ${this.#path} had been sent`);
      return this;
    }
    try {
      apply();
    } catch (error) {
      this.#error ??= error instanceof Error ? error : new Error(String(error));
    }
    return this;
  }

  /** Sets a header, or several from an object; an array value sends the header once per value. */
  set(field: string | Record<string, HeaderValue>, value?: HeaderValue): this {
    if (typeof field === 'object' && field !== null) {
      for (const [name, v] of Object.entries(field)) this.set(name, v);
      return this;
    }
    return this.#guard('.set()', () => {
      const name = field.toLowerCase();
      const previous = this.#lower.get(name);
      if (previous !== undefined) delete this.header[previous];
      this.#lower.set(name, field);
      this.header[field] = value as HeaderValue;
      this.#unset.delete(name);
    });
  }

  /** Removes a header set before (and, for `Accept-Encoding`, superagent's default one). */
  unset(field: string): this {
    return this.#guard('.unset()', () => {
      const name = field.toLowerCase();
      const previous = this.#lower.get(name);
      if (previous !== undefined) delete this.header[previous];
      this.#lower.delete(name);
      this.#unset.add(name);
    });
  }

  /** A header set on this request. */
  get(field: string): HeaderValue | undefined {
    const name = this.#lower.get(field.toLowerCase());
    return name === undefined ? undefined : this.header[name];
  }

  /** Sets `Content-Type`: a mime type, or a short name (`'json'`, `'form'`, `'html'`, `'png'`). */
  type(type: string): this {
    return this.set('Content-Type', mimeFor(type));
  }

  /** Sets `Accept`: a mime type, or a short name (`'json'`, `'html'`). */
  accept(type: string): this {
    return this.set('Accept', mimeFor(type));
  }

  /** Adds query parameters: an object (nested objects in brackets, arrays repeated) or a raw string. */
  query(value: string | Record<string, unknown>): this {
    return this.#guard('.query()', () => {
      if (typeof value === 'string') this.#query.push(value);
      else Object.assign(this.#qs, value);
    });
  }

  /** Sorts the query string's parameters (optionally with a compare function). */
  sortQuery(sort: boolean | ((a: string, b: string) => number) = true): this {
    this.#sort = sort;
    return this;
  }

  /**
   * Adds to the body: objects are merged and sent as JSON (or as a form with `.type('form')`),
   * strings are concatenated (as a form unless a type is set), Buffers and streams sent as they are.
   */
  send(data?: unknown): this {
    return this.#guard('.send()', () => {
      if (this.#multipart) throw new Error(".send() can't be used if .attach() or .field() is used. Please use only .send() or only .field() & .attach()");
      const type = this.get('content-type');
      const isObject = typeof data === 'object' && data !== null;
      if (typeof data === 'string' && type === undefined) this.type('form');
      this.#data = mergeSend(this.#data, data, this.get('content-type') as string | undefined);
      if (isObject && !isHost(data) && type === undefined) this.type('json');
    });
  }

  /** Uses `fn` to serialise an object body instead of the content type's serialiser. */
  serialize(fn: Serializer): this {
    this.#serializer = fn;
    return this;
  }

  /**
   * Streams a chunk of the body: the request is sent at the first `.write()`, chunked, and its
   * body ends at `.end()`. Returns true, as the body is queued in memory.
   */
  write(data: string | Uint8Array, encoding?: BufferEncoding): boolean {
    if (this.#writes === undefined) {
      if (this.#outcome) return false;
      this.#writes = new WriteQueue();
      void this.#start();
    }
    this.#writes.push(typeof data === 'string' ? Buffer.from(data, encoding) : data);
    return true;
  }

  /** A multipart text field (or several from an object; an array repeats the field). */
  field(name: string | Record<string, unknown>, value?: unknown, options?: PartOptions): this {
    if (typeof name === 'object' && name !== null) {
      for (const [key, v] of Object.entries(name)) this.field(key, v);
      return this;
    }
    if (Array.isArray(value)) {
      for (const item of value) this.field(name, item);
      return this;
    }
    return this.#guard('.field()', () => {
      if (name === null || name === undefined) throw new Error('.field(name, val) name can not be empty');
      if (this.#data !== undefined) throw new Error(".field() can't be used if .send() is used. Please use only .send() or only .field() & .attach()");
      (this.#multipart ??= new MultipartBody()).field(name, value, options);
    });
  }

  /** A multipart file: a path (read when sent), a Buffer or a stream; `options` a filename or `{ filename, contentType }`. */
  attach(field: string, file: unknown, options?: PartOptions): this {
    if (!file) return this;
    return this.#guard('.attach()', () => {
      if (this.#data !== undefined) throw new Error("superagent can't mix .send() and .attach()");
      (this.#multipart ??= new MultipartBody()).attach(field, file as string, options);
    });
  }

  /** `Authorization`: Basic from a user and password (the default), or `{ type: 'bearer' }` with a token. */
  auth(user: string, pass?: string | AuthOptions, options?: AuthOptions): this {
    let password = typeof pass === 'string' ? pass : '';
    const how = (typeof pass === 'object' && pass !== null ? pass : options) ?? { type: 'basic' };
    if (pass === undefined) password = '';
    if (how.type === 'bearer') return this.set('Authorization', `Bearer ${user}`);
    return this.set('Authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
  }

  /** `Authorization: Bearer <token>`. */
  bearer(token: string): this {
    return this.set('Authorization', `Bearer ${token}`);
  }

  /** Follows up to `n` redirects (supertest's default is none: the test sees the 3xx). */
  redirects(n: number): this {
    return this.#guard('.redirects()', () => {
      if (!Number.isInteger(n) || n < 0) throw new InvalidRequestError(`.redirects() takes a whole number of hops, got ${String(n)}`);
      this.#maxRedirects = n;
    });
  }

  /** Fails the request when no complete response arrives in time: ms, or `{ deadline, response }` (the shorter applies). */
  timeout(ms: number | { deadline?: number; response?: number; upload?: number }): this {
    return this.#guard('.timeout()', () => {
      const value = typeof ms === 'number' ? ms : Math.min(...[ms.deadline, ms.response].filter((v): v is number => typeof v === 'number' && v > 0));
      if (!Number.isFinite(value) || value <= 0) {
        if (typeof ms === 'number' && ms === 0) return void (this.#timeoutMs = undefined); // superagent: 0 means no timeout
        throw new InvalidRequestError(`.timeout() takes a positive number of milliseconds or { deadline, response }, got ${JSON.stringify(ms)}`);
      }
      this.#timeoutMs = value;
    });
  }

  /** Whether the body is read into `res.text` / `res.body` (supertest reads it: `true`). */
  buffer(value?: boolean): this {
    this.#buffer = value !== false;
    return this;
  }

  /** Reads the body with `fn(res, callback)` instead of the content type's parser. */
  parse(fn: Parser): this {
    this.#parser = fn;
    return this;
  }

  /** `'blob'` or `'arraybuffer'`: `res.body` is the body's bytes as a Buffer, whatever its type. */
  responseType(value: string): this {
    this.#responseType = value;
    return this;
  }

  /**
   * superagent's success rule. Under supertest it never fails a test (a response is judged only
   * by `.expect()`), so it is checked to be a function and kept for compatibility.
   */
  ok(callback: (res: Response) => boolean): this {
    if (typeof callback !== 'function') throw new Error('Callback required');
    return this;
  }

  /**
   * TLS options. In-process there is no TLS between the test and the app, so they have no
   * effect; against a deployment the target's CA comes from the config file (`ca`), and a
   * per-request CA, client certificate or `trustLocalhost` is refused rather than ignored.
   */
  ca(cert: unknown): this {
    return this.#tls('.ca()', cert);
  }

  /** A client key: see {@link ca}. */
  key(cert: unknown): this {
    return this.#tls('.key()', cert);
  }

  /** A client certificate: see {@link ca}. */
  cert(cert: unknown): this {
    return this.#tls('.cert()', cert);
  }

  /** A PKCS#12 client certificate: see {@link ca}. */
  pfx(cert: unknown): this {
    return this.#tls('.pfx()', cert);
  }

  /** Turns certificate checks off: see {@link ca} (refused against a deployment). */
  disableTLSCerts(): this {
    return this.#tls('.disableTLSCerts()', true);
  }

  /**
   * superagent's `.agent(httpAgent)`, mostly given to trust a certificate: tandem keeps its own
   * connections, so it has no effect in-process and over loopback (where an `https.Server` is
   * trusted with its own certificate) beyond the agent's `keepAlive` (the request then asks to
   * keep the connection instead of sending `Connection: close`); against a deployment it is
   * refused, as {@link ca} is.
   */
  agent(agent?: unknown): this {
    this.#keepAlive = typeof agent === 'object' && agent !== null && (agent as { keepAlive?: unknown }).keepAlive === true;
    return this.#tls('.agent()', agent);
  }

  /** Browser-only in superagent (cross-origin cookies); a request from Node has nothing to change. */
  withCredentials(): this {
    return this;
  }

  /** Accepts a self-signed certificate on localhost: see {@link ca}. */
  trustLocalhost(toggle = true): this {
    return this.#tls('.trustLocalhost()', toggle || undefined);
  }

  #tls(what: string, value: unknown): this {
    return this.#guard(what, () => {
      if (value === undefined || value === false || this.#api.mode !== 'remote') return;
      throw new InvalidRequestError(`${what}: against a deployment, tandem verifies TLS with the target's own settings; set the CA with the config file's ca option (a client certificate is not supported), never per request`);
    });
  }

  /** Calls `fn(this)`: superagent plugins. */
  use(fn: (test: this) => void): this {
    fn(this);
    return this;
  }

  /**
   * Expects, in call order: a status (`200`, `[200, 204]`), a status and body, a header
   * (`'Content-Type', /json/`), a body (string, RegExp or object), or `fn(res)` throwing or
   * returning an error. A function as the last argument ends the test: `.expect(200, done)`.
   */
  expect(checker: (res: Response) => unknown): this;
  expect(status: number | readonly number[], callback?: EndCallback): this;
  expect(status: number, body: unknown, callback?: EndCallback): this;
  expect(field: string, value: string | number | RegExp, callback?: EndCallback): this;
  expect(body: string | RegExp | object, callback?: EndCallback): this;
  expect(a: unknown, b?: unknown, c?: unknown): this {
    if (typeof a === 'function') {
      this.#asserts.push(assertWith(a as (res: Response) => unknown));
      return this;
    }
    if (typeof b === 'function') this.end(b as EndCallback);
    if (typeof c === 'function') this.end(c as EndCallback);
    if (typeof a === 'number') {
      this.#asserts.push(assertStatus(a));
      if (typeof b !== 'function' && arguments.length > 1) this.#asserts.push(assertBody(b));
      return this;
    }
    if (Array.isArray(a) && a.length > 0 && a.every((v) => typeof v === 'number')) {
      this.#asserts.push(assertStatusIn(a));
      return this;
    }
    if (typeof b === 'string' || typeof b === 'number' || b instanceof RegExp) {
      this.#asserts.push(assertHeader(String(a), b));
      return this;
    }
    this.#asserts.push(assertBody(a));
    return this;
  }

  /** Sends the request (if not yet sent), runs the expectations in order, then calls `fn(err, res)`. */
  end(fn?: EndCallback): this {
    const outcome = this.#start();
    this.#writes?.close();
    void outcome.then((result) => {
      this.#release();
      const error = result.error ?? this.#check(result.res);
      if (fn) callOutside(fn, this, error ?? null, result.res);
    });
    return this;
  }

  /** Sends and checks the request; resolves with the response, rejects with the first failure. */
  then<A = Response, B = never>(onFulfilled?: ((res: Response) => A | PromiseLike<A>) | null, onRejected?: ((error: any) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.#promise ??= new Promise<Response>((resolve, reject) => {
      this.end((error: Error | null, res) => (error ? reject(error) : resolve(res)));
    });
    return this.#promise.then(onFulfilled, onRejected);
  }

  /** `then(undefined, onRejected)`. */
  catch<B = never>(onRejected?: ((error: any) => B | PromiseLike<B>) | null): Promise<Response | B> {
    return this.then(undefined, onRejected);
  }

  /** Runs `onFinally` once the request is settled. */
  finally(onFinally?: (() => void) | null): Promise<Response> {
    return this.then().finally(onFinally);
  }

  /** Writes the response body to `stream` once it has arrived, then ends it. */
  pipe<S extends NodeJS.WritableStream>(stream: S): S {
    void this.#start().then((result) => {
      this.#release();
      if (result.error) return void stream.emit('error', result.error);
      stream.end(Buffer.from(result.res.tandem.body));
      this.emit('end');
    });
    return stream;
  }

  /** What `JSON.stringify(test)` shows. */
  toJSON(): { method: string; url: string; data: unknown; headers: Record<string, HeaderValue> } {
    return { method: this.method, url: this.url, data: this.#data, headers: this.header };
  }

  /** supertest's order: a request error first, then each expectation; the first failure wins. */
  #check(res: Response): Error | undefined {
    for (const assertion of this.#asserts) {
      const error = assertion(res);
      if (error) return error;
    }
    return undefined;
  }

  /**
   * @internal `test.request().end()`: sends as `.end()` does, but, as Node's request that
   * supertest 6 hands out, keeps holding a server given to `request(server)`: the test closes it.
   */
  [VIEW_END](): void {
    void this.#start();
    this.#writes?.close();
  }

  #start(): Promise<Outcome> {
    if (this.#outcome) return this.#outcome;
    this.#served?.sending();
    this.#outcome = this.#send().then(
      (res): Outcome => {
        this.#served?.sent();
        this.emit('response', res);
        return { res };
      },
      (error: unknown): Outcome => {
        this.#served?.sent();
        return { error: error instanceof Error ? error : new Error(String(error)) };
      },
    );
    return this.#outcome;
  }

  /** supertest closes the server it listened on once the request settled: the hold ends (once). */
  #release(): void {
    this.#served?.release(this.#opening);
    this.#served = undefined;
  }

  #headers(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const [name, value] of Object.entries(this.header)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const text = String(item);
        const problem = headerProblem(name, text);
        if (problem) throw new InvalidRequestError(problem);
        out.push([name, text]);
      }
    }
    if (this.method !== 'HEAD' && !this.#lower.has('accept-encoding') && !this.#unset.has('accept-encoding')) out.push(['Accept-Encoding', 'gzip, deflate']);
    // superagent sends each request on a connection of its own (Node's client without an agent): the app closes it after the response.
    if (!this.#keepAlive && !this.#lower.has('connection') && !this.#unset.has('connection')) out.push(['Connection', 'close']);
    return out;
  }

  #pathWithQuery(): string {
    const parts = [...this.#query];
    const fromObject = qs.stringify(this.#qs, { indices: false, strictNullHandling: true });
    if (fromObject) parts.unshift(fromObject);
    let path = this.#path;
    const hash = path.indexOf('#');
    const fragment = hash === -1 ? '' : path.slice(hash);
    if (fragment) path = path.slice(0, hash);
    const query = parts.join('&');
    if (query) path += (path.includes('?') ? '&' : '?') + query;
    if (this.#sort) {
      const at = path.indexOf('?');
      if (at >= 0) {
        const pairs = path.slice(at + 1).split('&');
        if (typeof this.#sort === 'function') pairs.sort(this.#sort);
        else pairs.sort();
        path = `${path.slice(0, at)}?${pairs.join('&')}`;
      }
    }
    return path + fragment;
  }

  async #body(headers: Array<[string, string]>): Promise<BodySource | undefined> {
    if (this.#writes) return { kind: 'raw', value: this.#writes, contentType: undefined };
    if (this.#multipart) {
      const form = await this.#multipart.build();
      return { kind: 'raw', value: form, contentType: undefined };
    }
    if (this.#data === undefined || this.#data === null || this.#data === '' || this.method === 'HEAD') return undefined;
    const type = headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
    return { kind: 'raw', value: serialize(this.#data, type, this.#serializer), contentType: undefined };
  }

  async #send(): Promise<Response> {
    if (this.#error) throw this.#error;
    const headers = this.#headers();
    const spec: RequestSpec = {
      method: this.method,
      path: this.#pathWithQuery(),
      query: [],
      headers,
      body: await this.#body(headers),
      timeoutMs: this.#timeoutMs,
      maxRedirects: 0,
      statusChecks: [],
      checks: [],
      error: undefined,
      owner: this,
    };
    const redirects: string[] = [];
    // A `'response'` listener on `test.request()` reads the response as it streams: that one response, redirects unfollowed, as with Node's request.
    const view = this.#view;
    const overrides = view && view.listenerCount('response') > 0 ? { ...this.#overrides, stream: new ResponseStream(view) } : this.#overrides;
    let current = spec;
    let res: TestResponse;
    for (;;) {
      try {
        res = await this.#api.sendSpec(current, overrides);
      } catch (error) {
        if (error instanceof TimeoutError && this.#timeoutMs !== undefined) throw timeoutError(this.#timeoutMs, error);
        throw error;
      }
      const next = redirects.length < this.#maxRedirects && overrides.stream === undefined ? followOne(current, res) : undefined;
      if (!next) break;
      redirects.push(next.path);
      this.emit('redirect', res);
      current = next;
    }
    const headerFields = headerObject(res.headers);
    const url = new URL(res.url);
    const sent: SentRequest = { method: current.method, url: res.url, path: url.pathname + url.search, headers: Object.fromEntries(current.headers) };
    const read = await readBody(res, headerFields, { method: current.method, buffer: this.#buffer, parser: this.#parser, responseType: this.#responseType });
    return new Response(res, headerFields, read, sent, this.#buffer, redirects);
  }
}
