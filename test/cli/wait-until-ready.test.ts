import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NotReadyError, TandemError, waitUntilReady, type ReadinessAttempt } from '../../src/index.js';
import { readinessUrl } from '../../src/client/wait-until-ready.js';
import { closedPort, warmingServer } from './support.js';

/** A wait past its timeout by this much is a hang, not a slow machine. */
const HANG_GUARD_MS = 20_000;

void describe('waitUntilReady', () => {
  void test('resolves once the path answers 2xx, reporting every attempt', async () => {
    const server = await warmingServer(2);
    try {
      const attempts: ReadinessAttempt[] = [];
      await waitUntilReady(server.url, { intervalMs: 20, timeoutMs: 10_000, onAttempt: (a) => attempts.push(a) });
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.status, a.ready, a.outcome]),
        [
          [1, 503, false, '503 Service Unavailable'],
          [2, 503, false, '503 Service Unavailable'],
          [3, 200, true, '200 OK'],
        ],
      );
      assert.deepEqual(server.paths, ['/health', '/health', '/health']);
      assert.equal(attempts[0]?.url, `${server.url}/health`);
    } finally {
      await server.close();
    }
  });

  void test('joins the path onto a base path prefix', async () => {
    const server = await warmingServer(0);
    try {
      await waitUntilReady(`${server.url}/api/`, { path: 'ready?deep=1', timeoutMs: 5_000 });
      assert.deepEqual(server.paths, ['/api/ready?deep=1']);
    } finally {
      await server.close();
    }
    assert.equal(readinessUrl(new URL('https://host.example/api'), '/health').href, 'https://host.example/api/health');
    assert.equal(readinessUrl('https://host.example/', '').href, 'https://host.example/');
  });

  void test('throws NotReadyError naming the URL and the last error when nothing listens, within its timeout', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await waitUntilReady(`http://127.0.0.1:${port}`, { timeoutMs: 600, intervalMs: 50 }).then(
      () => assert.fail('expected a NotReadyError'),
      (e: unknown) => e,
    );
    const elapsed = Date.now() - started;
    assert.ok(error instanceof NotReadyError);
    assert.ok(error instanceof TandemError);
    assert.equal(error.code, 'TANDEM_NOT_READY');
    assert.equal(error.url, `http://127.0.0.1:${port}/health`);
    assert.ok(error.attempts >= 2, `only ${error.attempts} attempts`);
    assert.equal(error.lastStatus, undefined);
    assert.equal((error.lastError as { code?: string }).code, 'ECONNREFUSED');
    assert.match(error.message, new RegExp(`^http://127\\.0\\.0\\.1:${port}/health was not ready within 600 ms \\(\\d+ attempts, last error: .*ECONNREFUSED`));
    assert.ok(elapsed >= 550 && elapsed < HANG_GUARD_MS, `took ${elapsed} ms`);
  });

  void test('shows the last status when the server answers but never 2xx', async () => {
    const server = await warmingServer(Number.POSITIVE_INFINITY);
    try {
      await assert.rejects(waitUntilReady(server.url, { timeoutMs: 300, intervalMs: 50 }), (error: unknown) => {
        assert.ok(error instanceof NotReadyError);
        assert.equal(error.lastStatus, 503);
        assert.match(error.message, /last status: 503 Service Unavailable\)$/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  void test('a slow response is bounded by the timeout', async () => {
    const http = await import('node:http');
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    try {
      const started = Date.now();
      await assert.rejects(waitUntilReady(`http://127.0.0.1:${port}`, { timeoutMs: 400 }), { code: 'TANDEM_NOT_READY' });
      assert.ok(Date.now() - started < HANG_GUARD_MS, `took ${Date.now() - started} ms`);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  void test('redacts a password in the URL and refuses what is not an http(s) URL', async () => {
    const port = await closedPort();
    await assert.rejects(waitUntilReady(`http://user:hunter22@127.0.0.1:${port}`, { timeoutMs: 100 }), (error: unknown) => {
      assert.ok(error instanceof NotReadyError);
      assert.doesNotMatch(error.message, /hunter22/);
      assert.match(error.message, /REDACTED/);
      return true;
    });
    await assert.rejects(waitUntilReady('not a url'), { code: 'TANDEM_BAD_TARGET' });
    await assert.rejects(waitUntilReady('ftp://127.0.0.1/'), { code: 'TANDEM_BAD_TARGET' });
    await assert.rejects(waitUntilReady('http://127.0.0.1:1', { timeoutMs: -1 }), RangeError);
  });
});
