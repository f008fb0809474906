/** `api.sendSpec()`: the pipeline's entry for layers with checks of their own, and its overrides. */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, describe, test } from 'node:test';
import { createTestApp } from '../../src/index.js';
import type { RequestSpec } from '../../src/request/request-spec.js';

const spec = (method: string, path: string): RequestSpec => ({ method, path, query: [], headers: [], body: undefined, timeoutMs: undefined, statusChecks: [], checks: [], error: undefined });

void describe('api.sendSpec()', () => {
  const seen: string[] = [];
  const api = createTestApp(
    http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === '/fails') res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
      else if (req.url === '/moved') res.writeHead(302, { location: '/here' }).end();
      else if (req.url === '/mislabelled') res.writeHead(200, { 'content-type': 'text/plain' }).end('{"json":true}');
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    }),
    { followRedirects: true, env: {}, config: false },
  );
  after(() => api.close());

  void test('sends like the builder by default: the status rule, lint and the redirect option apply', async () => {
    await assert.rejects(api.sendSpec(spec('GET', '/fails')), { code: 'TANDEM_UNEXPECTED_STATUS' });
    await assert.rejects(api.sendSpec(spec('GET', '/mislabelled')), (error: unknown) => (error as { code?: string }).code?.startsWith('TANDEM_LINT') === true);
    seen.length = 0;
    assert.equal((await api.sendSpec(spec('GET', '/moved'))).status, 200);
    assert.deepEqual(seen, ['GET /moved', 'GET /here']);
  });

  void test('overrides turn off the default status rule, HTTP lint and automatic redirects for one request', async () => {
    assert.equal((await api.sendSpec(spec('GET', '/fails'), { defaultStatus: false })).status, 500);
    assert.equal((await api.sendSpec(spec('GET', '/mislabelled'), { lint: false })).text, '{"json":true}');
    seen.length = 0;
    assert.equal((await api.sendSpec(spec('GET', '/moved'), { maxRedirects: 0 })).status, 302);
    assert.deepEqual(seen, ['GET /moved']);
  });
});
