import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextRequest } from '../../src/request/redirect.js';
import type { RequestSpec } from '../../src/request/request-spec.js';

const spec = (method: string, headers: Array<[string, string]>): RequestSpec => ({
  method,
  path: '/from',
  query: [['q', '1']],
  headers,
  body: { kind: 'json', value: { a: 1 } },
  timeoutMs: undefined,
  statusChecks: [],
  checks: [],
  error: undefined,
});
const from = new URL('http://localhost/from');
const creds: Array<[string, string]> = [['Authorization', 'Bearer t'], ['Cookie', 'a=1'], ['Proxy-Authorization', 'Basic x'], ['X-Other', 'kept']];

void test('not a redirect, or no Location: nothing to follow', () => {
  assert.equal(nextRequest(spec('GET', []), 200, '/x', from), undefined);
  assert.equal(nextRequest(spec('GET', []), 302, null, from), undefined);
  assert.equal(nextRequest(spec('GET', []), 300, '/x', from), undefined);
});

void test('Location resolves against the URL that redirected, and the query is not carried over', () => {
  const next = nextRequest(spec('GET', []), 302, 'next?b=2', new URL('http://localhost/dir/page'));
  assert.equal(next?.path, 'http://localhost/dir/next?b=2');
  assert.deepEqual(next?.query, []);
});

void test('credentials are dropped when the redirect leaves the origin, kept otherwise', () => {
  const away = nextRequest(spec('GET', creds), 307, 'https://other.example/x', from);
  assert.deepEqual(away?.headers, [['X-Other', 'kept']]);
  const same = nextRequest(spec('GET', creds), 307, '/x', from);
  assert.deepEqual(same?.headers, creds);
  const otherPort = nextRequest(spec('GET', creds), 307, 'http://localhost:8080/x', from);
  assert.deepEqual(otherPort?.headers, [['X-Other', 'kept']]);
});

void test('the body goes with 307/308 and is dropped when the method becomes GET', () => {
  assert.deepEqual(nextRequest(spec('POST', []), 308, '/x', from)?.body, { kind: 'json', value: { a: 1 } });
  const get = nextRequest(spec('POST', [['Content-Type', 'application/json']]), 303, '/x', from);
  assert.equal(get?.method, 'GET');
  assert.equal(get?.body, undefined);
  assert.deepEqual(get?.headers, []);
});
