/** `request(app)`: supertest's entry, a verb per HTTP method, each starting a {@link Test}. */
import type { TestApp } from '../client/test-app.js';
import type { SendOverrides } from '../pipeline/pipeline.js';
import { Test } from './test.js';
import { VERBS } from './agent.js';
import { sendOverrides, testAppFor, type SupertestOptions } from './test-apps.js';
import { servedServer, type ServedServer } from './served-server.js';

/** What `request(app)` returns: a method per HTTP verb (`get`, `post`, …, `del`), each making a `Test`. */
export interface SuperTest {
  get(url: string): Test;
  post(url: string): Test;
  put(url: string): Test;
  patch(url: string): Test;
  delete(url: string): Test;
  del(url: string): Test;
  head(url: string): Test;
  options(url: string): Test;
  /** The other methods (`copy`, `lock`, `m-search`, `propfind`, `purge`, `trace`, …). */
  [verb: string]: (url: string) => Test;
}

/** The verbs live on one prototype: `request(app)` in every test makes a small object, not a closure per verb. */
class Verbs {
  readonly api: TestApp;
  readonly overrides: SendOverrides;
  readonly served: ServedServer | undefined;

  constructor(api: TestApp, overrides: SendOverrides, served: ServedServer | undefined) {
    this.api = api;
    this.overrides = overrides;
    this.served = served;
  }

  static {
    for (const verb of [...VERBS, 'del']) {
      const method = verb === 'del' ? 'DELETE' : verb.toUpperCase();
      Object.defineProperty(Verbs.prototype, verb, {
        value(this: Verbs, url: string) {
          return new Test(this.api, method, url, this.overrides, this.served);
        },
      });
    }
  }
}

const PLAIN = sendOverrides(undefined, false);

/**
 * Starts requests to `app`: an Express, Connect or Koa app (or `koa.callback()`), a Node request
 * listener, an `http.Server`, a Fastify instance, a fetch handler or an object with `fetch`
 * (Hono), or a URL. The app is served in-process, without a port, by one test app per app object
 * for the whole suite; with `TANDEM_TARGET` set (or a config target chosen), requests go to that
 * deployment instead and the app is never started.
 *
 * @example
 * import request from 'tandem/supertest';
 * await request(app).get('/user').expect('Content-Type', /json/).expect(200);
 */
export function request(app: unknown, options?: SupertestOptions): SuperTest {
  const api = testAppFor(app, options);
  return new Verbs(api, options === undefined ? PLAIN : sendOverrides(options, false), servedServer(app, api.mode)) as unknown as SuperTest;
}
