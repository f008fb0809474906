import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import express from 'express';
import {
  BadTargetError,
  ClosedError,
  ConnectionError,
  HandlerError,
  InvalidRequestError,
  NotJsonError,
  TandemError,
  TimeoutError,
  createTestApp,
  type FetchHandler,
  type NodeListener,
  type TestApp,
} from '../../src/index.js';

/** Each test fails (rather than hangs) if an error does not arrive well within this bound. */
const BOUND = { timeout: 60_000 };
/** The timeout of the requests whose fault is the timeout. */
const TIMEOUT_MS = 300;
/** The timeout of every other request: it only keeps a hang from stalling the test. */
const GUARD_TIMEOUT_MS = 10_000;

const cleanups: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function track(api: TestApp): TestApp {
  cleanups.push(() => api.close());
  return api;
}

/** A server on 127.0.0.1 that counts requests; closed after the file. */
async function startServer(handler: http.RequestListener): Promise<{ origin: string; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function rejection(promise: PromiseLike<unknown>): Promise<TandemError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TandemError, `expected a TandemError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

function thrown(fn: () => unknown): TandemError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof TandemError, `expected a TandemError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a throw');
}

function okApp() {
  const app = express();
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/html', (_req, res) => void res.type('html').send('<p>hello <b>html</b></p>'));
  return app;
}

void describe('choosing the target', () => {
  void test('a number is not an app', () => {
    const error = thrown(() => createTestApp(42 as never));
    assert.ok(error instanceof BadTargetError);
    assert.equal(error.code, 'TANDEM_BAD_TARGET');
    assert.match(error.message, /cannot test number 42/);
    assert.match(error.message, /Node request listener/);
  });

  void test('a plain object without fetch is not an app, and its keys are named', () => {
    const error = thrown(() => createTestApp({ port: 3000, routes: [] } as never));
    assert.ok(error instanceof BadTargetError);
    assert.match(error.message, /an object with keys \[port, routes\]/);
  });

  void test('no app and no TANDEM_TARGET', () => {
    const error = thrown(() => createTestApp(undefined, { env: {} }));
    assert.ok(error instanceof BadTargetError);
    assert.match(error.message, /TANDEM_TARGET/);
  });

  for (const value of ['not a url', 'ftp://x', 'localhost:3000', 'http://x/?q=1']) {
    void test(`a malformed TANDEM_TARGET (${JSON.stringify(value)}) is refused, naming the variable and value`, () => {
      let built = 0;
      const error = thrown(() => createTestApp(() => (built++, okApp()), { env: { TANDEM_TARGET: value } }));
      assert.ok(error instanceof BadTargetError);
      assert.equal(error.code, 'TANDEM_BAD_TARGET');
      assert.match(error.message, /TANDEM_TARGET/);
      assert.ok(error.message.includes(value.split(':')[0]!), error.message);
      assert.equal(built, 0);
    });
  }

  void test('options.target wins over TANDEM_TARGET, which wins over the app; the factory is never called for a URL', BOUND, async () => {
    let built = 0;
    const factory = () => (built++, okApp());
    const a = await startServer((_req, res) => res.end(JSON.stringify({ server: 'a' })));
    const b = await startServer((_req, res) => res.end(JSON.stringify({ server: 'b' })));

    const explicit = track(createTestApp(factory, { target: a.origin, env: { TANDEM_TARGET: b.origin } }));
    assert.equal(explicit.mode, 'remote');
    assert.equal(explicit.origin, a.origin);
    assert.deepEqual((await explicit.get('/')).json, { server: 'a' });

    const fromEnv = track(createTestApp(factory, { env: { TANDEM_TARGET: b.origin } }));
    assert.equal(fromEnv.mode, 'remote');
    assert.equal(fromEnv.origin, b.origin);
    assert.deepEqual((await fromEnv.get('/')).json, { server: 'b' });
    assert.equal(built, 0, 'the factory was not called while a URL was chosen');

    const inProcess = track(createTestApp(factory, { env: { TANDEM_TARGET: '  ' } }));
    assert.equal(inProcess.mode, 'in-process');
    await inProcess.get('/ok').expectJson({ ok: true });
    assert.equal(built, 1);
  });

  void test('an invalid options.target is refused even when TANDEM_TARGET is valid', () => {
    const error = thrown(() => createTestApp(okApp(), { target: 'nope', env: { TANDEM_TARGET: 'http://127.0.0.1:1' } }));
    assert.ok(error instanceof BadTargetError);
    assert.match(error.message, /options\.target/);
  });
});

void describe('reaching the target', () => {
  void test('connection refused names the target and asks whether it is up', BOUND, async () => {
    const { origin, server } = await startServer((_req, res) => res.end());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const api = track(createTestApp(origin, { timeout: GUARD_TIMEOUT_MS }));
    const error = await rejection(api.get('/health'));
    assert.ok(error instanceof ConnectionError);
    assert.equal(error.code, 'TANDEM_CONNECTION');
    assert.match(error.message, /connection refused/);
    assert.match(error.message, /is the service up/);
    assert.ok(error.message.includes(`GET ${origin}/health`), error.message);
    assert.ok(error.message.includes(`remote: ${origin}`), error.message);
    assert.equal((error.cause as { code?: string } | undefined)?.code, 'ECONNREFUSED');
  });

  void test('an unknown host is a connection error that says the name did not resolve', BOUND, async () => {
    const api = track(createTestApp('http://nonexistent.invalid', { timeout: GUARD_TIMEOUT_MS }));
    const error = await rejection(api.get('/health'));
    assert.ok(error instanceof ConnectionError, error.message);
    assert.equal(error.code, 'TANDEM_CONNECTION');
    assert.match(error.message, /could not be resolved \((ENOTFOUND|EAI_AGAIN)\)/);
    assert.ok(error.message.includes('http://nonexistent.invalid/health'), error.message);
  });

  void test('a remote server that never answers times out', BOUND, async () => {
    let received = 0;
    const { origin } = await startServer(() => void received++);
    const api = track(createTestApp(origin, { timeout: TIMEOUT_MS }));
    const error = await rejection(api.get('/slow'));
    assert.ok(error instanceof TimeoutError);
    assert.equal(error.code, 'TANDEM_TIMEOUT');
    assert.match(error.message, new RegExp(`no complete response within ${TIMEOUT_MS} ms from remote: `));
    assert.match(error.message, /no response headers arrived/);
    assert.ok(error.message.includes(`GET ${origin}/slow`), error.message);
    assert.equal(received, 1);
  });

  void test('a remote server that starts a response and never ends it times out, saying how far it got', BOUND, async () => {
    const { origin } = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    const api = track(createTestApp(origin));
    const error = await rejection(api.get('/stream').timeout(TIMEOUT_MS));
    assert.ok(error instanceof TimeoutError);
    assert.match(error.message, /the response started \(200, 7 body bytes\) but did not finish/);
  });

  for (const transport of ['in-process', 'loopback'] as const) {
    void test(`an Express handler that never ends the response times out (${transport}), and the app still works`, BOUND, async () => {
      const app = okApp();
      app.get('/never', () => undefined);
      const api = track(createTestApp(app, { timeout: GUARD_TIMEOUT_MS, transport }));
      const error = await rejection(api.get('/never').timeout(TIMEOUT_MS));
      assert.ok(error instanceof TimeoutError);
      assert.equal(error.code, 'TANDEM_TIMEOUT');
      assert.ok(error.message.includes('GET ') && error.message.includes('/never'), error.message);
      assert.match(error.message, transport === 'in-process' ? /in-process: express/ : /loopback: http:\/\/127\.0\.0\.1:\d+/);
      await api.get('/ok').expectJson({ ok: true });
    });
  }

  void test('a fetch handler that never resolves times out, and one that never ends its stream too', BOUND, async () => {
    const api = track(
      createTestApp(
        (request: Request) => {
          const path = new URL(request.url).pathname;
          if (path === '/never') return new Promise<Response>(() => undefined);
          if (path === '/stream') return new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('abc')) }));
          return Response.json({ ok: true });
        },
        { timeout: GUARD_TIMEOUT_MS },
      ),
    );
    const never = await rejection(api.get('/never').timeout(TIMEOUT_MS));
    assert.ok(never instanceof TimeoutError);
    assert.match(never.message, /in-process: fetch-handler/);
    assert.match(never.message, /no response headers arrived/);
    const stream = await rejection(api.get('/stream').timeout(TIMEOUT_MS));
    assert.ok(stream instanceof TimeoutError);
    assert.match(stream.message, /the response started \(200, 3 body bytes\)/);
    await api.get('/ok').expectJson({ ok: true });
  });
});

void describe('handlers that throw', () => {
  const boom = new Error('boom in handler');

  const nodeListeners: Record<string, NodeListener> = {
    'a Node listener that throws synchronously': (req, res) => {
      if (req.url === '/ok') return void res.end('fine');
      throw boom;
    },
    'a Node listener that rejects asynchronously': async (req, res) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (req.url === '/ok') return void res.end('fine');
      throw boom;
    },
  };
  const fetchHandlers: Record<string, FetchHandler> = {
    'a fetch handler that throws synchronously': (request) => {
      if (request.url.endsWith('/ok')) return new Response('fine');
      throw boom;
    },
    'a fetch handler that rejects asynchronously': async (request) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (request.url.endsWith('/ok')) return new Response('fine');
      throw boom;
    },
  };

  for (const [name, app] of [...Object.entries(nodeListeners), ...Object.entries(fetchHandlers)]) {
    void test(`${name}: HandlerError with the thrown error as cause; the test app still works`, BOUND, async () => {
      const api = track(createTestApp(app, { timeout: GUARD_TIMEOUT_MS }));
      const error = await rejection(api.post('/explode').json({ a: 1 }));
      assert.ok(error instanceof HandlerError, `${error.code}: ${error.message}`);
      assert.equal(error.code, 'TANDEM_HANDLER_ERROR');
      assert.equal(error.cause, boom);
      assert.match(error.message, /the app threw while handling POST \/explode: Error: boom in handler/);
      assert.ok(error.message.includes('POST http://localhost/explode'), error.message);
      assert.match(error.message, /\[in-process: (node-handler|fetch-handler)\]/);
      assert.equal((await api.get('/ok')).text, 'fine');
      const again = await rejection(api.get('/explode'));
      assert.ok(again instanceof HandlerError);
    });
  }

  void test('a fetch handler that returns something other than a Response', BOUND, async () => {
    const api = track(createTestApp(((_request: Request) => ({ status: 200, body: 'hi' })) as never));
    const error = await rejection(api.get('/x'));
    assert.ok(error instanceof BadTargetError);
    assert.equal(error.code, 'TANDEM_BAD_TARGET');
    assert.match(error.message, /returned object instead of a Response/);
    assert.ok(error.message.includes('GET http://localhost/x'), error.message);
  });

  void test('a factory that throws fails the first request with BadTargetError, its error as cause', BOUND, async () => {
    const cause = new Error('missing DATABASE_URL');
    let calls = 0;
    const api = track(
      createTestApp(() => {
        calls++;
        throw cause;
      }),
    );
    const error = await rejection(api.get('/x'));
    assert.ok(error instanceof BadTargetError);
    assert.equal(error.code, 'TANDEM_BAD_TARGET');
    assert.equal(error.cause, cause);
    assert.match(error.message, /calling the app factory failed: missing DATABASE_URL/);
    assert.match(error.message, /target: in-process: app/);
    await assert.rejects(api.ready(), { code: 'TANDEM_BAD_TARGET' });
    assert.equal(calls, 1, 'the factory is called once');
  });
});

void describe('responses', () => {
  void test('json on a body that is not JSON: NotJsonError with an excerpt', BOUND, async () => {
    const api = track(createTestApp(okApp()));
    const res = await api.get('/html');
    let error: unknown;
    try {
      void res.json;
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof NotJsonError);
    assert.equal(error.code, 'TANDEM_NOT_JSON');
    assert.match(error.message, /the response body is not JSON \(text\/html; charset=utf-8\)/);
    assert.ok(error.message.includes('<p>hello <b>html</b></p>'), error.message);
    assert.ok(error.message.includes('GET http://localhost/html'), error.message);
    assert.ok(error.cause instanceof SyntaxError);
  });
});

void describe('requests refused before anything is sent', () => {
  let count = 0;
  let origin = '';
  let remote: TestApp;
  const counted = async () => {
    if (!origin) {
      ({ origin } = await startServer((_req, res) => {
        count++;
        res.end('{}');
      }));
      remote = track(createTestApp(origin, { timeout: GUARD_TIMEOUT_MS }));
    }
    count = 0;
    return remote;
  };

  async function refused(request: () => PromiseLike<unknown>, pattern: RegExp): Promise<void> {
    const error = await rejection(request());
    assert.ok(error instanceof InvalidRequestError, `${error.code}: ${error.message}`);
    assert.equal(error.code, 'TANDEM_INVALID_REQUEST');
    assert.match(error.message, pattern);
    assert.ok(error.message.includes(origin), `the message names the target: ${error.message}`);
    assert.equal(count, 0, 'nothing reached the server');
  }

  void test('a header with CR/LF', BOUND, async () => {
    const api = await counted();
    await refused(() => api.get('/x').set('x-note', 'a\r\nInjected: yes'), /header x-note contains CR or LF/);
    await refused(() => api.get('/x').set({ 'x-a': 'ok', 'x-b': 'b\nc' }), /header x-b contains CR or LF/);
  });

  void test('a Content-Length that does not match the body', BOUND, async () => {
    const api = await counted();
    await refused(() => api.post('/x').set('Content-Length', '10').send('abc'), /POST \/x: Content-Length: 10 does not match the body of 3 bytes/);
    await refused(() => api.put('/x').set('content-length', '2').send('abc'), /PUT \/x: Content-Length: 2 does not match the body of 3 bytes/);
    await refused(() => api.get('/x').set('Content-Length', '5'), /GET \/x: Content-Length: 5 does not match the body of 0 bytes \(the request has none\)/);
    await refused(() => api.post('/x').set('Content-Length', '-1').send('abc'), /POST \/x: Content-Length: "-1" is not a number of bytes/);
    const error = await rejection(api.post('/x').set('Content-Length', '10').send('abc'));
    assert.equal(error.request?.method, 'POST');
    assert.equal(error.request?.url, `${origin}/x`);
    assert.equal(error.target?.origin, origin);
  });

  void test('a body on TRACE (the one method HTTP forbids one on)', BOUND, async () => {
    const api = await counted();
    await refused(() => api.request('TRACE', '/x').send('abc'), /TRACE \/x: a TRACE request cannot carry a body/);
  });

  void test('an absolute URL to another host', BOUND, async () => {
    const api = await counted();
    await refused(() => api.get('http://example.com/x'), /GET http:\/\/example\.com\/x: the URL is not on the target's origin/);
    await refused(() => api.get('https://localhost/x'), /not on the target's origin/);
  });

  void test(".expect('abc')", BOUND, async () => {
    const api = await counted();
    await refused(() => api.get('/x').expect('abc' as never), /\.expect\(\) takes a status code.*got "abc"/);
  });

  void test('.json(10n): BigInt cannot be sent as JSON', BOUND, async () => {
    const api = await counted();
    await refused(() => api.post('/x').json(10n), /POST \/x: the body could not be encoded: .*BigInt/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await refused(() => api.post('/x').json(cyclic), /could not be encoded: .*circular/i);
  });

  void test('an invalid method', BOUND, async () => {
    const api = await counted();
    await refused(() => api.request('GET /x', '/'), /invalid method/);
  });
});

void describe('the builder', () => {
  void test('configuring a builder after it was sent throws', BOUND, async () => {
    const api = track(createTestApp(okApp()));
    const request = api.get('/ok');
    await request;
    const error = thrown(() => request.set('x-late', '1'));
    assert.ok(error instanceof InvalidRequestError);
    assert.match(error.message, /\.set\(\) was called after GET \/ok had been sent/);
    assert.throws(() => request.expect(200), { code: 'TANDEM_INVALID_REQUEST' });
  });

  void test('a builder awaited twice sends exactly once', BOUND, async () => {
    let count = 0;
    const app = express();
    app.get('/count', (_req, res) => void res.json({ count: ++count }));
    const api = track(createTestApp(app));
    const request = api.get('/count');
    const first = await request;
    const second = await request;
    const [third] = await Promise.all([request, request.then((r) => r)]);
    assert.equal(count, 1);
    assert.equal(first, second);
    assert.equal(first, third);
    assert.deepEqual(first.json, { count: 1 });
  });

  void test('a request after close() fails with ClosedError, and so does api.fetch', BOUND, async () => {
    const api = createTestApp(okApp());
    await api.get('/ok');
    await api.close();
    const error = await rejection(api.get('/ok'));
    assert.ok(error instanceof ClosedError);
    assert.equal(error.code, 'TANDEM_CLOSED');
    assert.match(error.message, /closed/);
    assert.match(error.message, /target: in-process/);
    await assert.rejects(api.fetch('/ok'), { code: 'TANDEM_CLOSED' });
    await api.close();
  });

  for (const transport of ['in-process', 'loopback'] as const) {
    void test(`close() during a request in flight fails that request with ClosedError, and does not hang (${transport})`, BOUND, async () => {
      const app = okApp();
      let arrived!: () => void;
      const inside = new Promise<void>((resolve) => (arrived = resolve));
      app.get('/hang', () => arrived());
      const api = createTestApp(app, { timeout: 60_000, transport });
      const pending = rejection(api.get('/hang'));
      await inside;
      await api.close();
      const error = await pending;
      assert.ok(error instanceof ClosedError, `${error.code}: ${error.message}`);
      assert.ok(error.message.includes('/hang'), error.message);
    });

    void test(`close() right after a request is made, before it reaches the app (${transport})`, BOUND, async () => {
      const api = createTestApp(okApp(), { timeout: 60_000, transport });
      await api.ready();
      const pending = rejection(api.get('/ok'));
      await api.close();
      const error = await pending;
      assert.ok(error instanceof ClosedError, `${error.code}: ${error.message}`);
    });
  }
});
