/** `request(app)`: supertest's entry, a verb per HTTP method, each starting a {@link Test}. */
import { Test } from './test.js';
import { VERBS } from './agent.js';
import { sendOverrides, testAppFor, type SupertestOptions } from './test-apps.js';

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
  const overrides = sendOverrides(options, false);
  const verbs: Record<string, (url: string) => Test> = {};
  for (const verb of VERBS) {
    const method = verb.toUpperCase();
    verbs[verb] = (url) => new Test(api, method, url, overrides);
  }
  verbs.del = verbs.delete!;
  return verbs as SuperTest;
}
