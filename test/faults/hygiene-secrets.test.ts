import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { ConnectionError, TandemError, createTestApp } from '../../src/index.js';
import { TIMEOUT_MS, faultCase, rawServer } from './support.js';

void describe('a flapping server', () => {
  void test('1,000 requests, alternating resets and successes: every failure is TANDEM_CONNECTION and memory stays flat', { timeout: 120_000 }, () =>
    faultCase(async (scope) => {
      let n = 0;
      const { origin } = await scope.http((req, res) => {
        if (n++ % 2 === 0) return void req.socket.destroy();
        res.end('ok');
      });
      const api = scope.app(createTestApp(origin, { timeout: TIMEOUT_MS * 4 }));
      const gc = (globalThis as { gc?: () => void }).gc;
      const run = async (count: number) => {
        let failures = 0;
        for (let i = 0; i < count; i++) {
          try {
            await api.get('/flap');
          } catch (error) {
            failures++;
            assert.ok(error instanceof ConnectionError, String(error));
            assert.equal(error.code, 'TANDEM_CONNECTION');
          }
        }
        return failures;
      };
      await run(100);
      gc?.();
      const before = process.memoryUsage().heapUsed;
      const failures = await run(1_000);
      gc?.();
      const grown = process.memoryUsage().heapUsed - before;
      assert.equal(failures, 500);
      assert.ok(grown < (gc ? 5 : 30) * 1024 * 1024, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MiB`);
    }));
});

const TOKEN = 'tok-9f8e7d6c5b4a';
const COOKIE = 'sess-1a2b3c4d5e';
const API_KEY = 'key-0123456789ab';

void describe('secrets sweep: no failure prints a credential', () => {
  const faults: Record<string, (socket: import('node:net').Socket) => void> = {
    'connection reset': (socket) => socket.once('data', () => socket.destroy()),
    'malformed response': (socket) => socket.once('data', () => socket.end('NOT HTTP\r\n\r\n')),
    'headers timeout': () => undefined,
    'stalled body': (socket) => socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial')),
    'error status echoing the secrets': (socket) =>
      socket.once('data', () => socket.end(`HTTP/1.1 500 Oops\r\nset-cookie: sid=${COOKIE}\r\ncontent-length: ${TOKEN.length + API_KEY.length + 1}\r\n\r\n${TOKEN} ${API_KEY}`)),
    'redirect off the target': (socket) => socket.once('data', () => socket.end('HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:9/\r\ncontent-length: 0\r\n\r\n')),
    'body too large': (socket) => socket.once('data', () => socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n${'x'.repeat(5000)}`)),
  };

  for (const [name, onConnection] of Object.entries(faults)) {
    void test(name, { timeout: 15_000 }, () =>
      faultCase(async (scope) => {
        const origin = await rawServer(scope, onConnection);
        const api = scope.app(createTestApp(origin, { timeout: TIMEOUT_MS, headers: { 'x-api-key': API_KEY }, followRedirects: true, maxBodyBytes: 1000 }));
        api.cookies.set(`sid=${COOKIE}; Path=/`);
        let error: unknown;
        try {
          await api.post('/secret').auth(TOKEN).set('cookie', `sid=${COOKIE}`).json({ a: 1 });
        } catch (caught) {
          error = caught;
        }
        assert.ok(error instanceof TandemError, String(error));
        const channels = { message: error.message, stack: error.stack ?? '', inspect: inspect(error, { depth: 10 }), request: JSON.stringify(error.request) };
        for (const [channel, text] of Object.entries(channels)) {
          for (const secret of [TOKEN, COOKIE, API_KEY]) assert.ok(!text.includes(secret), `${secret} appears in ${channel} (${error.code}):\n${text}`);
        }
      }));
  }
});
