/**
 * The in-process client (`src/targets/memory-client.ts`): Node's HTTP parser is there for it, the
 * in-process target sends through it rather than undici, and its connections are kept and
 * dropped as a keep-alive client keeps and drops them.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createTestApp } from '../../src/index.js';
import { memoryParser } from '../../src/targets/node-http-parser.js';
import type { DispatcherTarget } from '../../src/targets/dispatcher-target.js';
import { createNodeHandlerTarget } from '../../src/targets/node-handler-target.js';
import { RequestAbort } from '../../src/targets/request-abort.js';
import type { OutgoingRequest } from '../../src/targets/target.js';

function get(target: string, headers: Array<[string, string]> = []): OutgoingRequest {
  return { method: 'GET', url: new URL(target, 'http://localhost'), target, headers, body: undefined, abort: new RequestAbort(), progress: { bytes: 0 } };
}

/** A server that answers with the connection's number and counts the connections it was given. */
function countingServer(): { server: http.Server; connections: () => number } {
  let connections = 0;
  const server = http.createServer((req, res) => {
    if (req.url === '/close-delimited') {
      // No length and no chunking: the body ends when the connection closes.
      res.socket!.write('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nup to the end');
      res.socket!.end();
      return;
    }
    res.setHeader('content-type', 'text/plain');
    res.end(String((req.socket as unknown as { number: number }).number));
  });
  server.on('connection', (socket: { number?: number }) => (socket.number = ++connections));
  return { server, connections: () => connections };
}

/** Runs `use` with the in-process target of `server`, closed afterwards. */
async function withTarget(server: http.Server, use: (target: DispatcherTarget) => Promise<void>): Promise<void> {
  const target = createNodeHandlerTarget(server, 'node-handler', 'http://localhost');
  try {
    await use(target);
  } finally {
    await target.close();
  }
}

void describe('the in-process client', () => {
  void test("Node's HTTP parser is there, with the members the client uses (a Node that changes it fails here: in-process would fall back to undici)", () => {
    const Parser = memoryParser();
    assert.ok(Parser, "require('_http_common').HTTPParser is missing or changed");
    assert.equal(typeof new Parser().execute, 'function');
  });

  void test('the in-process target sends through it, not through undici, and keeps one connection for sequential requests', async () => {
    const { server, connections } = countingServer();
    await withTarget(server, async (target) => {
      const pool = target.dispatcher();
      let dispatched = 0;
      const dispatch = pool.dispatch.bind(pool);
      pool.dispatch = (options, handler) => {
        dispatched++;
        return dispatch(options, handler);
      };
      const bodies: string[] = [];
      for (let i = 0; i < 10; i++) bodies.push(Buffer.from((await target.send(get('/'))).body).toString());
      assert.deepEqual(bodies, Array(10).fill('1'));
      assert.equal(connections(), 1);
      assert.equal(dispatched, 0, 'no request went through undici');
    });
  });

  void test('requests in flight together get a connection each, and those connections are used again', async () => {
    const { server, connections } = countingServer();
    await withTarget(server, async (target) => {
      const send16 = () => Promise.all(Array.from({ length: 16 }, () => target.send(get('/'))));
      const first = await send16();
      const second = await send16();
      assert.equal(connections(), 16);
      assert.equal(new Set(first.map((r) => Buffer.from(r.body).toString())).size, 16);
      const reused = new Set(first.map((r) => Buffer.from(r.body).toString()));
      for (const r of second) assert.ok(reused.has(Buffer.from(r.body).toString()), 'a second-round request went over a connection of the first round');
    });
  });

  void test('Connection: close from the test, and a body framed by the connection closing, each end their connection', async () => {
    const { server, connections } = countingServer();
    await withTarget(server, async (target) => {
      const closed = await target.send(get('/', [['Connection', 'close']]));
      assert.equal(closed.headers.get('connection'), 'close');
      const delimited = await target.send(get('/close-delimited'));
      assert.equal(Buffer.from(delimited.body).toString(), 'up to the end');
      assert.equal(Buffer.from((await target.send(get('/'))).body).toString(), '3');
      assert.equal(connections(), 3);
    });
  });

  void test('closing after a Connection: close response leaves the server no write to fail: its socket sees no error', async () => {
    const errors: string[] = [];
    const server = http.createServer((_req, res) => res.end('ok'));
    server.on('connection', (socket: import('node:net').Socket) => socket.on('error', (error) => errors.push(error.message)));
    server.on('clientError', (error: Error) => errors.push(`clientError: ${error.message}`));
    await withTarget(server, async (target) => {
      for (let i = 0; i < 3; i++) assert.equal(Buffer.from((await target.send(get('/', [['Connection', 'close']]))).body).toString(), 'ok');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(errors, []);
    });
  });

  void test('a closed connection is collected: neither its parser nor its callbacks keep it alive', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let collected = 0;
    const registry = new FinalizationRegistry(() => collected++);
    const server = http.createServer((_req, res) => res.end('ok'));
    server.on('connection', (socket: object) => registry.register(socket, undefined));
    await withTarget(server, async (target) => {
      for (let i = 0; i < 200; i++) await target.send(get('/', [['Connection', 'close']]));
      // Collection and the registry's callbacks come on later turns: wait for them, boundedly.
      for (let round = 0; round < 100 && collected < 190; round++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        gc();
      }
      assert.ok(collected >= 190, `only ${collected} of 200 closed connections were collected`);
    });
  });

  void test('trailers of a chunked response are not taken for its headers', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-checksum' });
      res.write('chunked ');
      res.addTrailers({ 'x-checksum': 'abc' });
      res.end('body');
    });
    await withTarget(server, async (target) => {
      const res = await target.send(get('/'));
      assert.equal(Buffer.from(res.body).toString(), 'chunked body');
      assert.equal(res.headers.get('trailer'), 'x-checksum');
      assert.equal(res.headers.get('x-checksum'), null);
    });
  });

  for (const transport of ['in-process', 'loopback'] as const) {
    void test(`an app error after the response ended fails neither that request nor the next (${transport}, lint off)`, async () => {
      const api = createTestApp(
        async (_req: http.IncomingMessage, res: http.ServerResponse) => {
          res.end('answered');
          await Promise.resolve();
          throw new Error('late failure');
        },
        { transport, lint: false },
      );
      try {
        for (let i = 0; i < 3; i++) assert.equal((await api.get('/late')).text, 'answered');
      } finally {
        await api.close();
      }
    });
  }

  void test('the app sees the same request line and headers as from undici over loopback', async () => {
    const seen: unknown[] = [];
    const app = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // Host names the port over loopback and the run id differs per test app: everything else must match, in order.
        const headers = req.rawHeaders.filter((_, i, all) => !/^(host|x-tandem-run)$/i.test(all[i - (i % 2)]!));
        seen.push({ url: req.url, headers, body: Buffer.concat(chunks).toString() });
        res.end();
      });
    };
    for (const transport of ['in-process', 'loopback'] as const) {
      const api = createTestApp(app, { transport });
      try {
        await api.post('/a/../b?q=1').set('X-One', 'a').set('x-two', 'b').send('hello', 'text/plain');
        await api.post('/empty');
        await api.get('/with-body').set('Content-Type', 'text/plain').send('x');
      } finally {
        await api.close();
      }
    }
    assert.equal(seen.length, 6);
    assert.deepEqual(seen.slice(0, 3), seen.slice(3));
  });
});
