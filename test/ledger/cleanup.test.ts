/**
 * The cleanup ledger: what tests create is removed last-in-first-out, whatever their outcome; 404
 * and 410 count as already gone; what cannot be removed fails, in a table. Each case runs
 * in-process and against the same app on a real socket.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { CleanupError, CleanupRuleError, createTestApp, setCurrentTest, type TestAppOptions } from '../../src/index.js';
import { MODES, reach, resourceApi, tempDir, type ResourceApi, type TestMode } from './support.js';

async function appFor(t: TestContext, mode: TestMode, server: ResourceApi, options: TestAppOptions = {}) {
  const api = createTestApp(await reach(t, mode, server), { ledgerDir: tempDir(t), cleanup: { attempts: 2, ...options.cleanup }, ...options });
  t.after(() => api.close().catch(() => undefined));
  return api;
}

/**
 * Runs `body` as the test named `name` would run under a runner integration: `cleanup('test')`
 * after it, pass or fail. Resolves with the test's failure and the cleanup's, if any.
 */
async function asTest(api: { cleanup(scope: 'test'): Promise<void> }, name: string, body: () => Promise<void>): Promise<{ failure?: unknown; cleanup?: unknown }> {
  const outcome: { failure?: unknown; cleanup?: unknown } = {};
  setCurrentTest(name);
  try {
    await body();
  } catch (error) {
    outcome.failure = error;
  }
  try {
    await api.cleanup('test');
  } catch (error) {
    outcome.cleanup = error;
  } finally {
    setCurrentTest(undefined);
  }
  return outcome;
}

for (const mode of MODES) {
  void describe(`cleanup ledger (${mode})`, () => {
    void test('after a failed assertion, the three resources created are deleted newest first', async (t) => {
      const server = resourceApi();
      const api = await appFor(t, mode, server);
      const outcome = await asTest(api, 'creates three', async () => {
        for (let i = 0; i < 3; i++) await api.post('/items').expect(201);
        await api.get('/items/1').expectJson({ id: 'not this' });
      });
      assert.equal((outcome.failure as { code?: string }).code, 'TANDEM_EXPECTATION_FAILED');
      assert.equal(outcome.cleanup, undefined);
      assert.deepEqual(server.deletes(), ['/items/3', '/items/2', '/items/1']);
      assert.equal(server.live.get('items')?.size, 0);
      await api.close();
    });

    void test('a 404 or 410 on delete counts as already gone; what the test deleted itself is not deleted again', async (t) => {
      const server = resourceApi();
      const api = await appFor(t, mode, server);
      const outcome = await asTest(api, 'deletes its own', async () => {
        for (let i = 0; i < 3; i++) await api.post('/items').expect(201);
        await api.delete('/items/1').expect(204); // by the test, through tandem
        server.live.get('items')!.delete('2'); // behind tandem's back: the cleanup's DELETE finds nothing
        server.failDeletes.set('items/3', 410);
      });
      assert.deepEqual(outcome, {});
      assert.deepEqual(
        server.seen.filter((s) => s.method === 'DELETE').map((s) => `${s.path} ${s.status}`),
        ['/items/1 204', '/items/3 410', '/items/2 404'],
      );
      await api.close();
    });

    void test('what cannot be deleted fails the cleanup with a table, after bounded retries; close() rejects too', async (t) => {
      const server = resourceApi();
      const api = await appFor(t, mode, server, { cleanup: { attempts: 3 } });
      await api.post('/items').expect(201); // no test running: the suite's
      const outcome = await asTest(api, 'leaves one behind', async () => {
        await api.post('/items').expect(201);
        await api.post('/items').expect(201);
        server.failDeletes.set('items/3', 500);
      });
      assert.equal(outcome.failure, undefined, 'the test itself passed');
      assert.ok(outcome.cleanup instanceof CleanupError, `the test's cleanup fails: ${String(outcome.cleanup)}`);
      assert.deepEqual(outcome.cleanup.leftovers.map((l) => [new URL(l.url).pathname, l.createdBy]), [['/items/3', 'leaves one behind']]);
      await api.cleanup('test'); // a failed entry is not retried after every later test, only at close()

      const closing = await api.close().then(
        () => assert.fail('close() resolved with a leftover'),
        (error: unknown) => error,
      );
      assert.ok(closing instanceof CleanupError, String(closing));
      assert.equal(closing.code, 'TANDEM_CLEANUP_FAILED');
      assert.equal(closing.leftovers.length, 1);
      assert.deepEqual(
        { ...closing.leftovers[0], url: new URL(closing.leftovers[0]!.url).pathname },
        { method: 'DELETE', url: '/items/3', createdBy: 'leaves one behind', lastError: closing.leftovers[0]!.lastError },
      );
      assert.match(closing.leftovers[0]!.lastError, /500/);
      assert.match(closing.message, /^1 resource could not be cleaned up:/);
      for (const column of ['Method', 'URL', 'Created by', 'Last error', 'leaves one behind', '/items/3', 'DELETE']) assert.ok(closing.message.includes(column), `${column} in\n${closing.message}`);
      // 3 attempts in the test's cleanup, 3 more at close(); the other two were deleted, newest first.
      assert.deepEqual(server.deletes(), ['/items/3', '/items/3', '/items/3', '/items/2', '/items/3', '/items/3', '/items/3', '/items/1']);
      await assert.rejects(api.get('/items/1'), { code: 'TANDEM_CLOSED' }, 'the app is closed all the same');
    });

    void test('a 4xx other than 404/410 is not retried', async (t) => {
      const server = resourceApi();
      const api = await appFor(t, mode, server, { cleanup: { attempts: 3 } });
      await api.post('/items').expect(201);
      server.failDeletes.set('items/1', 403);
      await assert.rejects(api.cleanup(), (error: unknown) => error instanceof CleanupError && /403/.test(error.leftovers[0]!.lastError));
      assert.deepEqual(server.deletes(), ['/items/1']);
    });

    void test("cleanup('test') leaves the suite's data until close()", async (t) => {
      const server = resourceApi();
      const api = await appFor(t, mode, server);
      await api.post('/items').expect(201);
      await asTest(api, 'one', async () => void (await api.post('/items').expect(201)));
      assert.deepEqual(server.deletes(), ['/items/2']);
      await asTest(api, 'two', async () => void (await api.post('/items').expect(201)));
      assert.deepEqual(server.deletes(), ['/items/2', '/items/3']);
      await api.close();
      assert.deepEqual(server.deletes(), ['/items/2', '/items/3', '/items/1']);
    });

    void test('rules: Location by default, a JSON id template, path segments, a RegExp and functions', async (t) => {
      const server = resourceApi();
      const removed: string[] = [];
      const api = await appFor(t, mode, server, {
        cleanup: {
          rules: [
            { method: 'POST', path: '/orders', delete: '/orders/{json.id}' },
            { path: '/users/{user}/keys', delete: '/users/{user}/keys/{json.key.id}' },
            (res) => (res.request.method === 'PUT' && new URL(res.url).pathname === '/buckets' ? { describe: `bucket ${res.json.name}`, delete: () => Promise.resolve(removed.push(res.json.name)) } : undefined),
            (res) => (new URL(res.url).pathname === '/buckets' ? `/buckets/${res.json.name}` : undefined),
          ],
        },
      });
      await api.post('/items').expect(201); // Location
      await api.post('/orders').expect(201); // {json.id}
      await api.post('/users/ada/keys').expect(200); // {user} and {json.key.id}
      await api.post('/buckets').expect(200); // function → path
      await api.put('/buckets').expect(200); // function → { delete }
      await api.get('/items/1').expect(200); // reads register nothing
      await api.close();
      assert.deepEqual(server.deletes(), ['/buckets/bucket-4', '/users/ada/keys/3', '/orders/2', '/items/1']);
      assert.deepEqual(removed, ['bucket-5']);
    });

    void test('a RegExp rule, and auto: false turns the Location rule off', async (t) => {
      const server = resourceApi();
      const api = await appFor(t, mode, server, { cleanup: { auto: false, rules: [{ method: 'POST', path: /^\/(?<kind>orders)$/, delete: '/{kind}/{json.id}' }] } });
      await api.post('/items').expect(201);
      await api.post('/orders').expect(201);
      await api.close();
      assert.deepEqual(server.deletes(), ['/orders/2']);
    });

    void test('a rule that cannot say what to delete fails the request, naming the rule', async (t) => {
      const server = resourceApi();
      const api = await appFor(t, mode, server, { cleanup: { rules: [{ method: 'POST', path: '/orders', delete: '/orders/{json.number}' }] } });
      const error = await api.post('/orders').then(
        () => assert.fail('resolved'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof CleanupRuleError, String(error));
      assert.match(error.message, /cleanup rule POST \/orders → DELETE \/orders\/\{json\.number\}: .*no string or number at number/);
      assert.match(error.message, /POST http:\/\/[^ ]+\/orders/);
    });

    void test('api.track(): a path, and a function of your own, in the same LIFO order', async (t) => {
      const server = resourceApi();
      const api = await appFor(t, mode, server, { cleanup: { auto: false } });
      const order: string[] = [];
      const created = await api.post('/items').expect(201);
      api.track(created.headers.get('location')!);
      api.track({ describe: 'external thing', delete: () => Promise.resolve(void order.push(`custom after ${server.deletes().length} deletes`)) });
      await api.post('/items').expect(201);
      api.track('/items/2');
      await api.close();
      assert.deepEqual(server.deletes(), ['/items/2', '/items/1']);
      assert.deepEqual(order, ['custom after 1 deletes']);
    });

    void test('sessions share the ledger; what a session created is deleted through it', async (t) => {
      const server = resourceApi();
      const api = await appFor(t, mode, server);
      const alice = api.session();
      alice.cookies.set('who=alice; Path=/');
      await alice.post('/items').expect(201);
      await api.post('/items').expect(201);
      await api.close();
      const deletes = server.seen.filter((s) => s.method === 'DELETE');
      assert.deepEqual(deletes.map((s) => [s.path, s.headers.cookie]), [['/items/2', undefined], ['/items/1', 'who=alice']]);
    });
  });
}

void test('a cleanup DELETE on a read-only target is allowed: the test was allowed to create it', async (t) => {
  const server = resourceApi();
  const api = createTestApp(server.listener, { readOnly: true });
  const { allowWrites } = await import('../../src/index.js');
  await allowWrites(() => api.post('/items').expect(201))();
  await assert.rejects(api.post('/items'), { code: 'TANDEM_READ_ONLY' });
  await api.close();
  assert.deepEqual(server.deletes(), ['/items/1']);
  t.diagnostic(`requests: ${server.seen.length}`);
});
