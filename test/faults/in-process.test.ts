import type http from 'node:http';
import { describe, test } from 'node:test';
import { ConnectionError, HandlerError, LintError, TimeoutError, createTestApp, type TandemError } from '../../src/index.js';
import { BOUND, GUARD_TIMEOUT_MS, TIMEOUT_MS, expectFault, faultCase } from './support.js';

/** Both parameters are declared: a function without them would be taken for a factory. */
type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;
type Outcome = { type: new (...args: never[]) => TandemError; code: string; says: RegExp };

const boom = new Error('boom in handler');
const handlerError: Outcome = { type: HandlerError, code: 'TANDEM_HANDLER_ERROR', says: /the app threw while handling GET \/x: Error: boom/ };
const closed: Outcome = { type: ConnectionError, code: 'TANDEM_CONNECTION', says: /was closed before the response was complete/ };

/** Each misbehaving app and what tandem reports for it, per transport (lint on, as by default). */
const cases: Array<{ name: string; app: Listener; inProcess: Outcome; loopback: Outcome }> = [
  {
    name: 'throws synchronously',
    app: (_req, _res) => {
      throw boom;
    },
    inProcess: handlerError,
    loopback: closed,
  },
  {
    name: 'rejects asynchronously',
    app: async (_req, _res) => {
      await new Promise((resolve) => setImmediate(resolve));
      throw boom;
    },
    inProcess: handlerError,
    loopback: closed,
  },
  {
    name: 'never calls end() (nothing written)',
    app: (_req, _res) => undefined,
    inProcess: { type: TimeoutError, code: 'TANDEM_TIMEOUT', says: /no response headers arrived/ },
    loopback: { type: TimeoutError, code: 'TANDEM_TIMEOUT', says: /no response headers arrived/ },
  },
  {
    name: 'starts the response and never calls end()',
    app: (_req, res) => {
      res.writeHead(200);
      res.write('x');
    },
    inProcess: { type: LintError, code: 'TANDEM_LINT_UNENDED', says: /started the response \(200, 1 body bytes written\) but never ended it/ },
    loopback: { type: LintError, code: 'TANDEM_LINT_UNENDED', says: /started the response \(200, 1 body bytes written\) but never ended it/ },
  },
  {
    name: 'writes after end()',
    app: (_req, res) => {
      res.end('done');
      res.write('more');
    },
    inProcess: { type: LintError, code: 'TANDEM_LINT_APP_ERROR', says: /write after end/ },
    loopback: { type: LintError, code: 'TANDEM_LINT_APP_ERROR', says: /write after end/ },
  },
  {
    name: 'destroys the socket',
    app: (req, _res) => req.socket.destroy(),
    inProcess: closed,
    loopback: closed,
  },
  {
    name: 'destroys the socket mid-body',
    app: (req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('abc', () => req.socket.destroy());
    },
    inProcess: closed,
    loopback: closed,
  },
  {
    name: "makes the response emit 'error'",
    app: (_req, res) => res.emit('error', new Error('boom emitted')),
    inProcess: { type: LintError, code: 'TANDEM_LINT_APP_ERROR', says: /emit 'error' with no listener .*boom emitted/ },
    loopback: { type: LintError, code: 'TANDEM_LINT_APP_ERROR', says: /emit 'error' with no listener .*boom emitted/ },
  },
  {
    name: "makes the request emit 'error'",
    app: (req, _res) => req.emit('error', new Error('boom on request')),
    inProcess: { type: HandlerError, code: 'TANDEM_HANDLER_ERROR', says: /Error: boom on request/ },
    loopback: closed,
  },
];

void describe('in-process apps that misbehave', () => {
  for (const transport of ['in-process', 'loopback'] as const) {
    for (const { name, app, inProcess, loopback } of cases) {
      const outcome = transport === 'in-process' ? inProcess : loopback;
      // Only a response that never ends needs the timeout to fire; the other faults arrive at once.
      const timeout = outcome.type === TimeoutError || outcome.code === 'TANDEM_LINT_UNENDED' ? TIMEOUT_MS : GUARD_TIMEOUT_MS;
      void test(`${transport}: an app that ${name} → ${outcome.code}`, BOUND, () =>
        faultCase(async (scope) => {
          const api = scope.app(createTestApp(app, { timeout, transport }));
          await api.ready();
          const target = transport === 'in-process' ? '[in-process: node-handler]' : `[loopback: ${api.origin}]`;
          await expectFault(api.get('/x'), { ...outcome, request: `GET ${api.origin}/x`, target, timeoutMs: timeout });
        }));
    }
  }
});
