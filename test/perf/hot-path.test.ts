/**
 * The per-request path, checked by structure rather than by the clock: what can be shared is
 * shared, and nothing accumulates per request.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import http from 'node:http';
import { after, describe, test } from 'node:test';
import { createTestApp } from '../../src/index.js';
import { REDACTED, secretsOf, summarizeRequest } from '../../src/format/redact.js';
import { followSignal, pendingDeadlines, unfollowSignal } from '../../src/request/deadlines.js';
import { RequestAbort } from '../../src/targets/request-abort.js';

void describe('the request hot path', () => {
  void test('a request with nothing to redact is summarized without copying its headers', () => {
    const headers = [['accept', 'application/json']] as const;
    const summary = summarizeRequest('GET', new URL('http://localhost/notes/1'), headers, undefined);
    assert.equal(summary.headers, headers);
    assert.equal(summary.url, 'http://localhost/notes/1');
    assert.deepEqual(secretsOf(summary), []);
  });

  void test('a request with credentials still has them redacted and remembered', () => {
    const headers = [['authorization', 'Bearer tok-123456']] as const;
    const summary = summarizeRequest('GET', new URL('http://localhost/x?token=qp-999999'), headers, undefined);
    assert.deepEqual(summary.headers, [['authorization', `Bearer ${REDACTED}`]]);
    assert.ok(!summary.url.includes('qp-999999'), summary.url);
    assert.ok(secretsOf(summary).includes('tok-123456'));
    assert.ok(secretsOf(summary).includes('qp-999999'));
  });

  void test('any number of requests following one close signal add one listener to it', () => {
    const closing = new AbortController();
    const followers = Array.from({ length: 1000 }, () => new RequestAbort());
    for (const follower of followers) followSignal(closing.signal, follower);
    assert.equal(getEventListeners(closing.signal, 'abort').length, 1);
    const last = new RequestAbort();
    followSignal(closing.signal, last);
    for (const follower of followers) unfollowSignal(closing.signal, follower);
    closing.abort(new Error('closed'));
    assert.equal(last.aborted, true);
    assert.equal((last.reason as Error).message, 'closed');
  });

  void test('no deadline is left pending after 1,000 requests', async () => {
    const api = createTestApp(http.createServer((_req, res) => res.end('ok')));
    after(() => api.close());
    for (let i = 0; i < 1000; i++) await api.get('/');
    await Promise.all(Array.from({ length: 16 }, () => api.get('/')));
    assert.equal(pendingDeadlines(), 0);
  });
});
