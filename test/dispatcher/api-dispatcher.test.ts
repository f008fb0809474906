/** `api.dispatcher` beyond the contract cases: the send hooks it runs, and what it refuses. */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { fetch as undiciFetch, request } from 'undici';
import { allowWrites, createTestApp } from '../../src/index.js';
import { closeAfter as track, serve } from '../support/serve.js';

const BOUND = { timeout: 30_000 };

async function server(t: TestContext): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const url = await serve(t, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ method: req.method, path: req.url }));
  });
  return { url, seen };
}

void describe('api.dispatcher', () => {
  void test('runs the safety policy: a write to a read-only target is refused before it is sent, unless allowed', BOUND, async (t) => {
    const deployment = await server(t);
    const api = track(t, createTestApp(deployment.url, { readOnly: true }));
    await assert.rejects(request(`${deployment.url}/notes`, { method: 'POST', body: '{}', dispatcher: api.dispatcher }), { code: 'TANDEM_READ_ONLY' });
    await assert.rejects(undiciFetch(`${deployment.url}/notes`, { method: 'DELETE', dispatcher: api.dispatcher }), (error: unknown) => (error as { cause?: { code?: string } }).cause?.code === 'TANDEM_READ_ONLY');
    assert.deepEqual(deployment.seen, [], 'a refused request reached the deployment');

    const read = await request(`${deployment.url}/notes?page=2`, { dispatcher: api.dispatcher });
    assert.deepEqual(await read.body.json(), { method: 'GET', path: '/notes?page=2' });
    await allowWrites(async () => {
      const written = await request(`${deployment.url}/notes`, { method: 'POST', body: '{}', dispatcher: api.dispatcher });
      assert.equal(written.statusCode, 200);
      await written.body.dump();
    })();
    assert.deepEqual(deployment.seen, ['GET /notes?page=2', 'POST /notes']);
  });

  void test("the dispatcher's own request() needs no origin: it goes to the target", BOUND, async (t) => {
    const deployment = await server(t);
    const api = track(t, createTestApp(deployment.url));
    const res = await api.dispatcher.request({ method: 'GET', path: '/plain' });
    assert.deepEqual(await res.body.json(), { method: 'GET', path: '/plain' });
  });

  void test('an informational response (103 Early Hints) is passed over: the caller gets the final response', BOUND, async (t) => {
    const url = await serve(t, (_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload' });
      res.end('final');
    });
    for (const api of [track(t, createTestApp(url)), track(t, createTestApp((_req, res) => (res.writeEarlyHints({ link: '</style.css>; rel=preload' }), res.end('final'))))]) {
      const res = await request(new URL('/', api.origin), { dispatcher: api.dispatcher });
      assert.equal(res.statusCode, 200);
      assert.equal(await res.body.text(), 'final');
    }
  });

  void test('a target that cannot be built fails the request with the reason', BOUND, async (t) => {
    const api = track(
      t,
      createTestApp(() => {
        throw new Error('no database');
      }),
    );
    await assert.rejects(request('http://localhost/x', { dispatcher: api.dispatcher }), (error: unknown) => (error as { code?: string }).code === 'TANDEM_BAD_TARGET' && /no database/.test((error as Error).message));
  });

  void test('another origin is refused, naming the request and the target, before anything is sent', BOUND, async (t) => {
    const deployment = await server(t);
    const api = track(t, createTestApp(deployment.url));
    await assert.rejects(request('http://127.0.0.1:1/secret', { dispatcher: api.dispatcher }), (error: unknown) => {
      const message = (error as Error).message;
      return (error as { code?: string }).code === 'TANDEM_INVALID_REQUEST' && message.includes('GET http://127.0.0.1:1/secret') && message.includes(`only the target's origin (${deployment.url})`);
    });
    assert.deepEqual(deployment.seen, []);
  });
});
