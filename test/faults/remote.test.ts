import assert from 'node:assert/strict';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import { describe, test } from 'node:test';
import { BodyTooLargeError, ConnectionError, RedirectError, TimeoutError, createTestApp, type TandemError } from '../../src/index.js';
import { TLS_OPTIONS } from '../fixtures/tls/index.js';
import { BOUND, GUARD_TIMEOUT_MS, TIMEOUT_MS, expectFault, faultCase, rawServer } from './support.js';

/** Writes 64 KiB chunks until the peer goes away, honouring backpressure: a body without end. */
function streamForever(res: http.ServerResponse, sent: { bytes: number }): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const pump = () => {
    while (!res.destroyed) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
  };
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  pump();
}

void describe('remote faults', () => {
  void test('connection refused', BOUND, () =>
    faultCase(async (scope) => {
      const { server, port } = await scope.server(net.createServer());
      await new Promise((resolve) => server.close(resolve));
      const origin = `http://127.0.0.1:${port}`;
      const api = scope.app(createTestApp(origin, { timeout: GUARD_TIMEOUT_MS }));
      await expectFault(api.get('/health'), { type: ConnectionError, code: 'TANDEM_CONNECTION', request: `GET ${origin}/health`, target: `[remote: ${origin}]`, says: /connection refused/ });
    }));

  void test('a DNS name that does not resolve (.invalid)', BOUND, () =>
    faultCase(async (scope) => {
      const api = scope.app(createTestApp('http://tandem-fault.invalid', { timeout: GUARD_TIMEOUT_MS }));
      await expectFault(api.get('/health'), {
        type: ConnectionError,
        code: 'TANDEM_CONNECTION',
        request: 'GET http://tandem-fault.invalid/health',
        target: '[remote: http://tandem-fault.invalid]',
        says: /could not be resolved/,
      });
    }));

  void describe('TLS with a self-signed certificate', () => {
    void test('is refused without a CA', BOUND, () =>
      faultCase(async (scope) => {
        const { key, cert } = TLS_OPTIONS;
        let received = 0;
        const { port } = await scope.server(https.createServer({ key, cert }, (_req, res) => void (received++, res.end('secret page'))));
        const origin = `https://127.0.0.1:${port}`;
        const api = scope.app(createTestApp(origin, { timeout: GUARD_TIMEOUT_MS }));
        await expectFault(api.get('/'), { type: ConnectionError, code: 'TANDEM_CONNECTION', request: `GET ${origin}/`, target: `[remote: ${origin}]`, says: /TLS verification failed .*DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED/, timeoutMs: GUARD_TIMEOUT_MS });
        assert.equal(received, 0, 'no request reached the server');
      }));

    void test('is accepted when its certificate is given as `ca`', BOUND, () =>
      faultCase(async (scope) => {
        const { key, cert } = TLS_OPTIONS;
        const { port } = await scope.server(https.createServer({ key, cert }, (_req, res) => void res.end('trusted')));
        const api = scope.app(createTestApp(`https://127.0.0.1:${port}`, { timeout: GUARD_TIMEOUT_MS, ca: cert }));
        assert.equal((await api.get('/').expect(200)).text, 'trusted');
      }));

    void test('its readiness is polled with the same `ca` (and without it, never ready)', BOUND, () =>
      faultCase(async (scope) => {
        const { key, cert } = TLS_OPTIONS;
        const seen: string[] = [];
        const { port } = await scope.server(https.createServer({ key, cert }, (req, res) => void (seen.push(req.url ?? ''), res.end('ok'))));
        const origin = `https://127.0.0.1:${port}`;
        await scope.app(createTestApp(origin, { ca: cert, ready: { path: '/health', timeout: GUARD_TIMEOUT_MS } })).ready();
        assert.deepEqual(seen, ['/health']);
        const untrusted = scope.app(createTestApp(origin, { ready: { path: '/health', timeout: 300, interval: 50 } }));
        await assert.rejects(untrusted.ready(), (error: TandemError) => error.code === 'TANDEM_NOT_READY' && /SELF_SIGNED|self.signed/i.test(error.message));
        assert.deepEqual(seen, ['/health'], 'the untrusted polls never completed a TLS handshake');
      }));
  });

  void test('a server that accepts and never answers: headers timeout', BOUND, () =>
    faultCase(async (scope) => {
      const origin = await rawServer(scope, () => undefined);
      const api = scope.app(createTestApp(origin, { timeout: TIMEOUT_MS }));
      await expectFault(api.get('/silent'), { type: TimeoutError, code: 'TANDEM_TIMEOUT', request: `GET ${origin}/silent`, target: `[remote: ${origin}]`, says: /no response headers arrived/, timeoutMs: TIMEOUT_MS });
    }));

  void test('headers, then a stalled body: body timeout saying the response started', BOUND, () =>
    faultCase(async (scope) => {
      const { origin } = await scope.http((_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('only the first bytes');
      });
      const api = scope.app(createTestApp(origin, { timeout: TIMEOUT_MS }));
      await expectFault(api.get('/stall'), { type: TimeoutError, code: 'TANDEM_TIMEOUT', request: `GET ${origin}/stall`, target: `[remote: ${origin}]`, says: /the response started \(200, 20 body bytes\) but did not finish/, timeoutMs: TIMEOUT_MS });
    }));

  void test('a connection reset mid-body', BOUND, () =>
    faultCase(async (scope) => {
      const { origin } = await scope.http((req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('part of it', () => req.socket.destroy());
      });
      const api = scope.app(createTestApp(origin, { timeout: GUARD_TIMEOUT_MS }));
      await expectFault(api.get('/reset'), { type: ConnectionError, code: 'TANDEM_CONNECTION', request: `GET ${origin}/reset`, target: `[remote: ${origin}]`, says: /connection to remote: .* was (closed before the response was complete|reset)/ });
    }));

  void test('a malformed HTTP response', BOUND, () =>
    faultCase(async (scope) => {
      const origin = await rawServer(scope, (socket) => {
        socket.once('data', () => socket.end('THIS IS NOT HTTP\r\n\r\n'));
      });
      const api = scope.app(createTestApp(origin, { timeout: GUARD_TIMEOUT_MS }));
      await expectFault(api.get('/garbage'), { type: ConnectionError, code: 'TANDEM_CONNECTION', request: `GET ${origin}/garbage`, target: `[remote: ${origin}]`, says: /malformed HTTP response \((HPE_|HTTPParserError)/ });
    }));

  void test('a redirect loop (followRedirects)', BOUND, () =>
    faultCase(async (scope) => {
      const { origin } = await scope.http((req, res) => {
        res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' });
        res.end();
      });
      const api = scope.app(createTestApp(origin, { timeout: GUARD_TIMEOUT_MS, followRedirects: true }));
      await expectFault(api.get('/a'), { type: RedirectError, code: 'TANDEM_REDIRECT', request: `GET ${origin}/b`, target: `[remote: ${origin}]`, says: /redirect loop: GET .*\/a was already requested/ });
    }));

  void test('a redirect to another host is refused, and nothing is sent there', BOUND, () =>
    faultCase(async (scope) => {
      let elsewhere = 0;
      const other = await scope.http((_req, res) => void (elsewhere++, res.end()));
      const { origin } = await scope.http((_req, res) => {
        res.writeHead(302, { location: `${other.origin}/steal` });
        res.end();
      });
      const api = scope.app(createTestApp(origin, { timeout: GUARD_TIMEOUT_MS, followRedirects: true, headers: { authorization: 'Bearer t0ken' } }));
      await expectFault(api.get('/go'), { type: RedirectError, code: 'TANDEM_REDIRECT', request: `GET ${origin}/go`, target: `[remote: ${origin}]`, says: /leaves the target/ });
      assert.equal(elsewhere, 0);
    }));
});

void describe('maxBodyBytes', () => {
  const LIMIT = 256 * 1024;

  void test('remote: an endless body is refused once it passes the limit, without reading it all', BOUND, () =>
    faultCase(async (scope) => {
      const sent = { bytes: 0 };
      const { origin } = await scope.http((_req, res) => streamForever(res, sent));
      const api = scope.app(createTestApp(origin, { timeout: GUARD_TIMEOUT_MS, maxBodyBytes: LIMIT }));
      const error = await expectFault(api.get('/huge'), { type: BodyTooLargeError, code: 'TANDEM_BODY_TOO_LARGE', request: `GET ${origin}/huge`, target: `[remote: ${origin}]`, says: /passed the limit of 262144 bytes \(maxBodyBytes\)/, timeoutMs: GUARD_TIMEOUT_MS });
      assert.equal(error.response, undefined);
    }));

  void test('in-process (Node listener): the same', BOUND, () =>
    faultCase(async (scope) => {
      const sent = { bytes: 0 };
      const api = scope.app(createTestApp((_req: http.IncomingMessage, res: http.ServerResponse) => streamForever(res, sent), { timeout: GUARD_TIMEOUT_MS, maxBodyBytes: LIMIT }));
      await expectFault(api.get('/huge'), { type: BodyTooLargeError, code: 'TANDEM_BODY_TOO_LARGE', request: 'GET http://localhost/huge', target: '[in-process: node-handler]', says: /maxBodyBytes/, timeoutMs: GUARD_TIMEOUT_MS });
    }));

  void test('in-process (fetch handler): an endless stream is cancelled at the limit', BOUND, () =>
    faultCase(async (scope) => {
      let cancelled = false;
      const chunk = new Uint8Array(64 * 1024);
      const handler = () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull: (controller) => controller.enqueue(chunk),
            cancel: () => void (cancelled = true),
          }),
        );
      const api = scope.app(createTestApp((request: Request) => (request.url.endsWith('/small') ? new Response('small') : handler()), { timeout: GUARD_TIMEOUT_MS, maxBodyBytes: LIMIT }));
      await expectFault(api.get('/huge'), { type: BodyTooLargeError, code: 'TANDEM_BODY_TOO_LARGE', request: 'GET http://localhost/huge', target: '[in-process: fetch-handler]', says: /maxBodyBytes/, timeoutMs: GUARD_TIMEOUT_MS });
      assert.ok(cancelled, 'the stream was cancelled');
      assert.equal((await api.get('/small')).text, 'small');
    }));

  void test('a body at the limit is read; an invalid limit is refused', BOUND, () =>
    faultCase(async (scope) => {
      const api = scope.app(createTestApp((_req: http.IncomingMessage, res: http.ServerResponse) => void res.end('x'.repeat(100)), { maxBodyBytes: 100 }));
      assert.equal((await api.get('/')).body.byteLength, 100);
      assert.throws(() => createTestApp('http://127.0.0.1:1', { maxBodyBytes: -1 }), { code: 'TANDEM_BAD_OPTION' });
    }));
});
