/**
 * What `test.request()` returns: in superagent, Node's `http.ClientRequest`. tandem sends through
 * its own request path, so this is a view of the request being built: its `path` can be changed
 * (a raw query string supertest would reorder), headers set, `end()` sends it, and `'response'`
 * gives an `IncomingMessage`-like stream of the raw (still encoded) body once it has arrived in
 * full. A suite that relies on the response arriving chunk by chunk cannot be run this way.
 */
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { TestResponse } from '../response/test-response.js';

/** The `IncomingMessage` fields a `'response'` listener reads. */
export interface IncomingView extends Readable {
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string | string[]>;
}

/** The part of a `Test` the view drives. */
export interface ViewedTest {
  path: string;
  set(field: string, value: string | number | readonly string[]): unknown;
  unset(field: string): unknown;
  get(field: string): unknown;
  end(): unknown;
}

/**
 * A view of a test's request, as `test.request()` returns it.
 *
 * @example
 * const test = request(app).post('/');
 * test.request().path += '?_method=DELETE&_method=PUT';
 * test.expect('X-Got-Method', 'DELETE', done);
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
    this.#test.end();
    return this;
  }

  /** Emits `'response'` with the raw response as a stream. */
  respond(res: TestResponse, headers: Record<string, string | string[]>): void {
    const stream = Readable.from(res.body.byteLength > 0 ? [Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength)] : []) as IncomingView;
    stream.statusCode = res.status;
    stream.statusMessage = res.statusText;
    stream.headers = headers;
    this.emit('response', stream);
  }
}
