/**
 * `tandem/supertest`: supertest's API (supertest 7 / superagent 10) on tandem's request path.
 * Change the import and an existing suite runs unchanged — in-process without a port, or against
 * a deployment with `TANDEM_TARGET` — with tandem's safety policy, run header, cleanup ledger,
 * recording and contract checks, and failures that show the whole exchange.
 *
 * @example
 * import request from 'tandem/supertest';
 * // CommonJS: const request = require('tandem/supertest');
 * it('responds with json', () => request(app).get('/user').expect('Content-Type', /json/).expect(200));
 */
import { TestAgent } from './agent.js';
import { request as supertest, type SuperTest } from './request.js';
import { Response } from './response.js';
import { Test } from './test.js';
import { closeAll, type SupertestOptions } from './test-apps.js';

/** `request(app)`, with `request.agent`, `request.Test` and `request.Response` as supertest has them. */
export interface RequestFunction {
  (app: unknown, options?: SupertestOptions): SuperTest;
  /** A client that keeps cookies between requests: `request.agent(app)`. */
  agent: (app: unknown, options?: SupertestOptions) => TestAgent;
  Test: typeof Test;
  Response: typeof Response;
  /**
   * Closes every test app the suite made: the cleanup ledger runs, the HAR file is written, a
   * loopback port is released. Done by itself when the process has nothing else to do; call it
   * in an `after` hook with `transport: 'loopback'`.
   */
  close: () => Promise<void>;
}

/**
 * supertest's default export.
 *
 * @example
 * const agent = request.agent(app);
 * await agent.post('/login').send({ user: 'tobi', pass: 'ferret' }).expect(302);
 * await agent.get('/').expect(200, /tobi/);
 */
const request: RequestFunction = Object.assign((app: unknown, options?: SupertestOptions) => supertest(app, options), {
  agent: (app: unknown, options?: SupertestOptions) => new TestAgent(app, options),
  Test,
  Response,
  close: closeAll,
});

/**
 * `request.agent(app)` as a named export.
 *
 * @example
 * import { agent } from 'tandem/supertest';
 * const user = agent(app);
 */
export const agent = request.agent;

export default request;
export { Test, Response, TestAgent };
export type { SuperTest, SupertestOptions };
export type { EndCallback, AuthOptions } from './test.js';
export type { HttpError, SentRequest } from './response.js';
export type { Parser, ParserStream } from './read-body.js';
export type { IncomingView } from './streamed-response.js';
export type { PartOptions, Serializer } from './request-body.js';
