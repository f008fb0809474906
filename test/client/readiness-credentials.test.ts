/**
 * The `ready` check of a remote target sends the test app's headers, so a ready path behind
 * authentication works, and a failing check never shows the credential.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestApp, type TandemError } from '../../src/index.js';
import { closeAfter, serve } from '../support/serve.js';

const TOKEN = 'Bearer rdy-4c1d-secret';

void describe('readiness with credentials', () => {
  void test('the ready path gets the test app headers: ready with the right token, never with a wrong one (which is not shown)', async (t) => {
    const seen: Array<string | undefined> = [];
    const url = await serve(t, (req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(req.headers.authorization === TOKEN ? 200 : 401).end();
    });
    await closeAfter(t, createTestApp(url, { env: {}, config: false, headers: { authorization: TOKEN }, ready: '/health' })).ready();
    assert.deepEqual(seen, [TOKEN]);

    const wrong = closeAfter(t, createTestApp(url, { env: {}, config: false, headers: { authorization: 'Bearer wrong-9f8e-secret' }, ready: { path: '/health', timeout: 300, interval: 50 } }));
    await assert.rejects(wrong.ready(), (error: TandemError) => {
      assert.equal(error.code, 'TANDEM_NOT_READY');
      assert.match(error.message, /last status: 401/);
      assert.doesNotMatch(error.message, /wrong-9f8e-secret|rdy-4c1d-secret/);
      return true;
    });
    assert.ok(seen.length > 1 && seen.slice(1).every((value) => value === 'Bearer wrong-9f8e-secret'));
  });
});
