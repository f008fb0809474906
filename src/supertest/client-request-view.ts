/**
 * What `test.request()` returns: in superagent, Node's `http.ClientRequest`. tandem sends through
 * its own request path, so this is a view of the request being built: its `path` can be changed
 * (a raw query string supertest would reorder), headers set, `end()` sends it, and `'response'`
 * gives an `IncomingMessage`-like stream of the raw (still encoded) body as soon as the headers
 * are in, fed as the body arrives (see `streamed-response.ts`).
 */
import { EventEmitter } from 'node:events';
export type { IncomingView } from './streamed-response.js';

/** How the view sends its test: as `.end()`, keeping a server given to `request(server)` held. */
export const VIEW_END = Symbol('tandem.viewEnd');

/** The part of a `Test` the view drives. */
export interface ViewedTest {
  path: string;
  set(field: string, value: string | number | readonly string[]): unknown;
  unset(field: string): unknown;
  get(field: string): unknown;
  [VIEW_END](): unknown;
}

/**
 * A view of a test's request, as `test.request()` returns it.
 *
 * @example
 * const test = request(app).post('/');
 * test.request().path += '?_method=DELETE&_method=PUT';
 * test.expect('X-Got-Method', 'DELETE', done);
 *
 * request(app).get('/feed').request().on('response', (res) => res.on('data', (chunk) => chunks.push(chunk))).end();
 */
export class ClientRequestView extends EventEmitter {
  readonly #test: ViewedTest;
  readonly method: string;

  constructor(test: ViewedTest, method: string) {
    super();
    this.#test = test;
    this.method = method;
  }

  /** The request target as sent: path and query. */
  get path(): string {
    return this.#test.path;
  }

  set path(value: string) {
    this.#test.path = value;
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.#test.set(name, value);
    return this;
  }

  getHeader(name: string): unknown {
    return this.#test.get(name);
  }

  removeHeader(name: string): void {
    this.#test.unset(name);
  }

  /** Sends the request (superagent's `req.end()`). */
  end(): this {
    this.#test[VIEW_END]();
    return this;
  }
}
