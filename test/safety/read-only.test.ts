/**
 * Read-only targets: unsafe methods are refused before anything is sent (asserted with a server
 * that counts what reaches it), naming the test and how to allow it; `allowWrites` allows them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { request as undiciRequest } from 'undici';
import { allowWrites, createTestApp, looksLikeProduction, ReadOnlyError, setCurrentTest } from '../../src/index.js';
import { resourceApi, serve, tempDir } from '../ledger/support.js';

const UNSAFE = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

void describe('a read-only target', () => {
  for (const mode of ['in-process', 'remote'] as const) {
    void test(`refuses POST, PUT, PATCH and DELETE before sending, through the builder, api.fetch and api.dispatcher (${mode})`, async (t) => {
      const server = resourceApi();
      const app = mode === 'in-process' ? server.listener : await serve(t, server.listener);
      const api = createTestApp(app, { readOnly: true, ledgerDir: tempDir(t) });
      t.after(() => api.close());
      setCurrentTest('tries to write');
      t.after(() => setCurrentTest(undefined));
      for (const method of UNSAFE) {
        const error = await api.request(method, '/items/1').then(
          () => assert.fail(`${method} was sent`),
          (e: unknown) => e,
        );
        assert.ok(error instanceof ReadOnlyError, String(error));
        assert.equal(error.code, 'TANDEM_READ_ONLY');
        assert.match(error.message, new RegExp(`^${method} refused: the target is read-only \\(readOnly: true\\); test "tries to write" tried to send it and nothing was sent`));
        assert.match(error.message, /allowWrites\(\.\.\.\).*readOnly: false/);
        assert.match(error.message, new RegExp(`${method} http://[^ ]+/items/1`), 'the message names the request');
        assert.equal(error.request?.method, method);
      }
      await assert.rejects(api.fetch('/items', { method: 'POST', body: '{}' }), { code: 'TANDEM_READ_ONLY' });
      await assert.rejects(undiciRequest(new URL('/items', api.origin), { method: 'PUT', dispatcher: api.dispatcher, body: '{}' }), {
        code: 'TANDEM_READ_ONLY',
      });
      assert.equal(server.seen.length, 0, 'nothing reached the app');
      await api.get('/items/1').expect(404);
      await api.head('/items/1').expect(404);
      await api.options('/items/1').expect(404);
      assert.deepEqual(
        server.seen.map((s) => s.method),
        ['GET', 'HEAD', 'OPTIONS'],
        'safe methods go through',
      );
    });
  }

  void test('allowWrites(...) lets a test write, and nothing outside it', async (t) => {
    const server = resourceApi();
    const api = createTestApp(server.listener, { readOnly: true });
    t.after(() => api.close());
    const created = await allowWrites(async () => {
      const res = await api.post('/items').expect(201);
      await api.fetch('/items', { method: 'POST' });
      return res;
    })();
    assert.equal(created.status, 201);
    await assert.rejects(api.post('/items'), { code: 'TANDEM_READ_ONLY' });
    assert.deepEqual(
      server.seen.map((s) => s.method),
      ['POST', 'POST'],
    );
  });

  void test('api.track() outside allowWrites(...) cannot make the cleanup write to a read-only target', async (t) => {
    const server = resourceApi();
    server.live.set('items', new Set(['7', '8']));
    const api = createTestApp(server.listener, { readOnly: true, cleanup: { attempts: 1 } });
    t.after(() => api.close().catch(() => undefined));
    api.track('/items/7');
    allowWrites(() => api.track('/items/8'))();
    const error = await api.cleanup().then(
      () => assert.fail('the cleanup wrote to a read-only target'),
      (e: unknown) => e,
    );
    assert.equal((error as { code?: string }).code, 'TANDEM_CLEANUP_FAILED');
    assert.match((error as Error).message, /\/items\/7'.*TANDEM_READ_ONLY: DELETE refused: the target is read-only/);
    assert.deepEqual(server.deletes(), ['/items/8'], 'only the resource tracked inside allowWrites(...) was deleted');
  });

  void test('TANDEM_READ_ONLY=1 makes any target read-only; readOnly: false overrides it', async (t) => {
    const server = resourceApi();
    const readOnly = createTestApp(server.listener, { env: { TANDEM_READ_ONLY: '1' } });
    const writable = createTestApp(server.listener, { env: { TANDEM_READ_ONLY: '1' }, readOnly: false });
    t.after(() => Promise.all([readOnly.close(), writable.close()]));
    const error = await readOnly.post('/items').then(
      () => assert.fail('sent'),
      (e: unknown) => e,
    );
    assert.match(String((error as Error).message), /read-only \(TANDEM_READ_ONLY=1\); code outside any test tandem knows of tried/);
    await writable.post('/items').expect(201);
    assert.equal(server.seen.length, 1);
  });

  void test('a remote target named like production is read-only unless readOnly: false', async (t) => {
    // The host does not resolve: a ReadOnlyError (not a connection error) shows nothing was attempted.
    const prod = createTestApp('http://api.prod.example.invalid', { env: {}, timeout: 5_000, ledgerDir: tempDir(t) });
    const overridden = createTestApp('http://api.prod.example.invalid', { env: {}, readOnly: false, timeout: 5_000, ledgerDir: tempDir(t) });
    t.after(() => Promise.all([prod.close(), overridden.close()]));
    await assert.rejects(prod.post('/notes').json({}), (e: unknown) => e instanceof ReadOnlyError && /its host api\.prod\.example\.invalid looks like production/.test(e.message));
    await assert.rejects(prod.get('/notes'), { code: 'TANDEM_CONNECTION' }, 'reads are sent');
    await assert.rejects(overridden.post('/notes').json({}), { code: 'TANDEM_CONNECTION' }, 'readOnly: false lets writes go');
  });

  void test('production-looking hosts', () => {
    for (const host of ['prod.example.com', 'api.production.example.com', 'orders-prod.internal', 'PROD-eu.example.com']) assert.ok(looksLikeProduction(host), host);
    for (const host of ['products.example.com', 'staging.example.com', 'localhost', '127.0.0.1', 'reproduce.dev']) assert.ok(!looksLikeProduction(host), host);
  });
});
