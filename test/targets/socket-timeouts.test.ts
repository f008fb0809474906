/**
 * Socket, request and server timeouts fire on the in-memory socket as they do on a TCP socket:
 * every case runs in-process and over loopback with the same assertions.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { createTestApp } from '../../src/index.js';
import { startConnectionChecks } from '../../src/targets/connection-checks.js';
import { socketPair } from '../../src/targets/memory-socket.js';
import { rejectsWith } from '../support/rejects-with.js';

const TRANSPORTS = ['in-process', 'loopback'] as const;
/** tandem's own timeout in these tests: far above the app's, so the app's answer is what arrives. */
const TANDEM_TIMEOUT_MS = 20_000;
const SERVICE_UNAVAILABLE = 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\ntimed out';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A raw connection to `server`: a memory socket pair in-process, TCP over loopback. */
async function rawConnection(server: http.Server, transport: (typeof TRANSPORTS)[number]): Promise<{ socket: net.Socket | ReturnType<typeof socketPair>[0]; stop: () => Promise<void> }> {
  if (transport === 'in-process') {
    const stopChecks = startConnectionChecks(server);
    const [client, serverEnd] = socketPair(80);
    server.emit('connection', serverEnd);
    return { socket: client, stop: () => Promise.resolve(stopChecks()) };
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(socket, 'connect');
  return {
    socket,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Everything the server sends on `socket` until it closes the connection (bounded: 10 s). */
async function readUntilClosed(socket: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (text += chunk));
  // A ref'd timer as the bound: a memory socket has no handle that would keep the process waiting for it.
  const bound = new AbortController();
  const timer = setTimeout(() => bound.abort(), 10_000);
  try {
    await once(socket, 'end', { signal: bound.signal });
  } catch (error) {
    throw new Error(`the server did not close the connection within 10 s; it sent: ${JSON.stringify(text)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  return text;
}

for (const transport of TRANSPORTS) {
  void describe(`socket timeouts (${transport})`, () => {
    void test('server.setTimeout(100, callback) answers 503 from the callback within 1 s, not at tandem’s timeout', async () => {
      const server = http.createServer((_req, _res) => undefined); // never answers
      server.setTimeout(100, (socket) => socket.end(SERVICE_UNAVAILABLE));
      const api = createTestApp(server, { transport, timeout: TANDEM_TIMEOUT_MS });
      try {
        await api.ready(); // the target's code loads with the first one built: not part of what is timed
        const started = performance.now();
        const res = await api.get('/slow').expect(503);
        assert.equal(res.text, 'timed out');
        assert.ok(performance.now() - started < 1000, `the 503 took ${Math.round(performance.now() - started)} ms`);
      } finally {
        await api.close();
      }
    });

    void test('server.timeout without a listener closes the connection: a connection error, as over TCP', async () => {
      const server = http.createServer((_req, _res) => undefined);
      server.timeout = 100;
      const api = createTestApp(server, { transport, timeout: TANDEM_TIMEOUT_MS });
      try {
        const error = await rejectsWith(api.get('/slow'), 'TANDEM_CONNECTION');
        assert.match(error.message, /closed before the response was complete \(other side closed, UND_ERR_SOCKET\)/);
      } finally {
        await api.close();
      }
    });

    void test('req.setTimeout calls back on an idle upload, res.setTimeout on an idle response', async () => {
      const api = createTestApp(
        (req: http.IncomingMessage, res: http.ServerResponse) => {
          // As on TCP, a request's 'timeout' is emitted only while its body is still coming.
          if (req.url === '/req') req.setTimeout(100, () => res.writeHead(503).end('request idle'));
          else res.setTimeout(100, () => res.writeHead(504).end('response idle'));
        },
        { transport, timeout: TANDEM_TIMEOUT_MS },
      );
      async function* stalledUpload() {
        yield Buffer.from('start');
        await new Promise(() => undefined); // never resumes
      }
      try {
        assert.equal((await api.post('/req').send(stalledUpload()).expect(503)).text, 'request idle');
        assert.equal((await api.get('/res').expect(504)).text, 'response idle');
      } finally {
        await api.close();
      }
    });

    void test('setTimeout(0, callback) turns the timeout off and removes the callback', async () => {
      let timedOut = false;
      const onTimeout = () => (timedOut = true);
      const api = createTestApp(
        (req: http.IncomingMessage, res: http.ServerResponse) => {
          req.socket.setTimeout(50, onTimeout);
          req.socket.setTimeout(0, onTimeout);
          assert.equal(req.socket.timeout, 0);
          setTimeout(() => res.end('done'), 300);
        },
        { transport, timeout: TANDEM_TIMEOUT_MS },
      );
      try {
        assert.equal((await api.get('/').expect(200)).text, 'done');
        assert.equal(timedOut, false);
      } finally {
        await api.close();
      }
    });

    void test('reads and writes reset the idle timer: a slow upload and a slow download finish', async () => {
      const CHUNKS = 12;
      const GAP_MS = 100; // the idle timeout below is 10 times this; the whole exchange takes longer than it
      const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
        let received = 0;
        for await (const chunk of req) received += (chunk as Buffer).length;
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < CHUNKS; i++) {
          res.write('x');
          await pause(GAP_MS);
        }
        res.end(`:${received}`);
      };
      const server = http.createServer((req, res) => void answer(req, res));
      server.setTimeout(10 * GAP_MS, (socket) => socket.destroy());
      async function* slowUpload() {
        for (let i = 0; i < CHUNKS; i++) {
          await pause(GAP_MS);
          yield Buffer.from('y');
        }
      }
      const api = createTestApp(server, { transport, timeout: TANDEM_TIMEOUT_MS });
      try {
        const res = await api.post('/upload').send(slowUpload()).expect(200);
        assert.equal(res.text, `${'x'.repeat(CHUNKS)}:${CHUNKS}`);
      } finally {
        await api.close();
      }
    });

    void test('requestTimeout answers 408 to a request whose body never ends', async () => {
      const server = http.createServer({ requestTimeout: 200, connectionsCheckingInterval: 50 }, (req, res) => {
        req.resume();
        req.on('end', () => res.end('complete'));
      });
      async function* neverEnding() {
        yield Buffer.from('start');
        await new Promise(() => undefined); // never resumes
      }
      const api = createTestApp(server, { transport, timeout: TANDEM_TIMEOUT_MS });
      try {
        const res = await api.post('/upload').send(neverEnding()).expect(408);
        assert.equal(res.headers.get('connection'), 'close');
      } finally {
        await api.close();
      }
    });

    void test('headersTimeout answers 408 to headers that never end (raw client)', async () => {
      const server = http.createServer({ headersTimeout: 200, requestTimeout: 0, connectionsCheckingInterval: 50 }, (_req, res) => res.end('ok'));
      const { socket, stop } = await rawConnection(server, transport);
      try {
        socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nX-Partial: ');
        const text = await readUntilClosed(socket);
        assert.match(text, /^HTTP\/1\.1 408 Request Timeout\r\nConnection: close\r\n/);
      } finally {
        socket.destroy();
        await stop();
      }
    });

    void test('keepAliveTimeout closes an idle kept-alive connection (raw client)', async () => {
      const server = http.createServer((_req, res) => res.end('ok'));
      server.keepAliveTimeout = 200;
      const { socket, stop } = await rawConnection(server, transport);
      try {
        socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
        const text = await readUntilClosed(socket);
        assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
        assert.match(text, /\r\nConnection: keep-alive\r\nKeep-Alive: timeout=0\r\n/);
        assert.ok(text.endsWith('\r\n\r\nok'));
      } finally {
        socket.destroy();
        await stop();
      }
    });
  });
}
