/**
 * `request.agent(app)`: requests that share a cookie jar (tandem's RFC 6265 session, the same
 * rules in every mode) and defaults set on the agent (`agent.set()`, `.auth()`, …), replayed on
 * each request as superagent's agent does.
 */
import http from 'node:http';
import type { TestApp } from '../client/test-app.js';
import type { CookieSession } from '../session/cookie-session.js';
import { Test } from './test.js';
import { sendOverrides, testAppFor, type SupertestOptions } from './test-apps.js';
import { servedServer, type ServedServer } from './served-server.js';
import type { SendOverrides } from '../pipeline/pipeline.js';

/** A default set on the agent, replayed on each request: a Test method and its arguments. */
type Recorded = { fn: keyof Test; args: unknown[] };

/** The request methods `request(app)` and agents offer, lower-case (`m-search` included), plus `del`. */
export const VERBS: readonly string[] = http.METHODS.map((m) => m.toLowerCase());

/**
 * A client that keeps cookies between its requests, like a browser session.
 *
 * @example
 * const agent = request.agent(app);
 * await agent.post('/login').send({ user: 'tobi' }).expect(302);
 * await agent.get('/profile').expect(200, /tobi/);
 */
export class TestAgent {
  /** The other methods (`copy`, `lock`, `m-search`, `propfind`, `purge`, …), added below. */
  [verb: string]: unknown;
  readonly #api: TestApp;
  readonly #overrides: SendOverrides;
  readonly #served: ServedServer | undefined;
  readonly #defaults: Recorded[] = [];
  #host: string | undefined;

  constructor(app: unknown, options: SupertestOptions = {}) {
    this.#api = testAppFor(app, options).session();
    this.#overrides = sendOverrides(options, true);
    this.#served = servedServer(app, this.#api.mode);
  }

  /** This agent's cookies (tandem's `CookieSession`: `get`, `set`, `all`, `clear`). */
  get cookies(): CookieSession {
    return this.#api.cookies;
  }

  /** Sends a `Host` header with every request of this agent. */
  host(host: string): this {
    this.#host = host;
    return this;
  }

  /** A request with any method through this agent. */
  request(method: string, url: string): Test {
    const test = new Test(this.#api, method, url, this.#overrides, this.#served);
    if (this.#host !== undefined) test.set('host', this.#host);
    for (const { fn, args } of this.#defaults) (test[fn] as (...a: unknown[]) => unknown)(...args);
    return test;
  }

  static {
    for (const verb of VERBS) {
      if (!(verb in TestAgent.prototype)) {
        Object.defineProperty(TestAgent.prototype, verb, {
          value(this: TestAgent, url: string) {
            return this.request(verb.toUpperCase(), url);
          },
          writable: true,
          configurable: true,
        });
      }
    }
  }

  #record(fn: keyof Test, args: unknown[]): this {
    this.#defaults.push({ fn, args });
    return this;
  }

  // superagent's agent defaults: each is recorded and replayed on every request of the agent.
  /** Default header(s). */
  set(...args: Parameters<Test['set']>): this {
    return this.#record('set', args);
  }
  /** Default query parameters. */
  query(...args: Parameters<Test['query']>): this {
    return this.#record('query', args);
  }
  /** Default Content-Type. */
  type(...args: Parameters<Test['type']>): this {
    return this.#record('type', args);
  }
  /** Default Accept. */
  accept(...args: Parameters<Test['accept']>): this {
    return this.#record('accept', args);
  }
  /** Default Authorization. */
  auth(...args: Parameters<Test['auth']>): this {
    return this.#record('auth', args);
  }
  /** A plugin applied to every request. */
  use(...args: Parameters<Test['use']>): this {
    return this.#record('use', args);
  }
  /** An event listener added to every request. */
  on(...args: Parameters<Test['on']>): this {
    return this.#record('on', args);
  }
  /** A one-time event listener added to every request. */
  once(...args: Parameters<Test['once']>): this {
    return this.#record('once', args);
  }
  /** Sorted query strings. */
  sortQuery(...args: Parameters<Test['sortQuery']>): this {
    return this.#record('sortQuery', args);
  }
  /** See `Test.ok`. */
  ok(...args: Parameters<Test['ok']>): this {
    return this.#record('ok', args);
  }
  /** Redirects followed. */
  redirects(...args: Parameters<Test['redirects']>): this {
    return this.#record('redirects', args);
  }
  /** Timeout of every request. */
  timeout(...args: Parameters<Test['timeout']>): this {
    return this.#record('timeout', args);
  }
  /** Whether bodies are read. */
  buffer(...args: Parameters<Test['buffer']>): this {
    return this.#record('buffer', args);
  }
  /** Body serialiser. */
  serialize(...args: Parameters<Test['serialize']>): this {
    return this.#record('serialize', args);
  }
  /** Body parser. */
  parse(...args: Parameters<Test['parse']>): this {
    return this.#record('parse', args);
  }
  /** See `Test.ca`. */
  ca(...args: Parameters<Test['ca']>): this {
    return this.#record('ca', args);
  }
  /** See `Test.key`. */
  key(...args: Parameters<Test['key']>): this {
    return this.#record('key', args);
  }
  /** See `Test.pfx`. */
  pfx(...args: Parameters<Test['pfx']>): this {
    return this.#record('pfx', args);
  }
  /** See `Test.cert`. */
  cert(...args: Parameters<Test['cert']>): this {
    return this.#record('cert', args);
  }
  /** See `Test.disableTLSCerts`. */
  disableTLSCerts(): this {
    return this.#record('disableTLSCerts', []);
  }
  /** See `Test.withCredentials`. */
  withCredentials(): this {
    return this.#record('withCredentials', []);
  }

  get(url: string): Test {
    return this.request('GET', url);
  }
  post(url: string): Test {
    return this.request('POST', url);
  }
  put(url: string): Test {
    return this.request('PUT', url);
  }
  patch(url: string): Test {
    return this.request('PATCH', url);
  }
  delete(url: string): Test {
    return this.request('DELETE', url);
  }
  del(url: string): Test {
    return this.request('DELETE', url);
  }
  head(url: string): Test {
    return this.request('HEAD', url);
  }
  options(url: string): Test {
    return this.request('OPTIONS', url);
  }
}
