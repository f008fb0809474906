/**
 * A path-traversal probe reaches the app as written, in every mode: `serve-static` sees the `..`
 * and refuses it, instead of tandem resolving it away and fetching the secret the app guards.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test, type TestContext } from 'node:test';
import serveStatic from 'serve-static';
import { createTestApp, type TestApp } from '../../src/index.js';
import { closeAfter, serve } from '../support/serve.js';

const SECRET = 'the secret the static files must not give away';
const root = mkdtempSync(join(tmpdir(), 'tandem-traversal-'));
mkdirSync(join(root, 'public'));
writeFileSync(join(root, 'public', 'hello.txt'), 'hello\n');
writeFileSync(join(root, 'secret'), SECRET);
after(() => rmSync(root, { recursive: true, force: true }));

/** `/static/*` from `public/` through serve-static; `/secret` is the guarded file (as a normalised probe would reach it). */
function app(): http.RequestListener {
  const files = serveStatic(join(root, 'public'), { fallthrough: false });
  return (req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/static/')) {
      req.url = url.slice('/static'.length);
      files(req, res, (error?: { status?: number }) => {
        res.statusCode = error?.status ?? 404;
        res.end(`refused: ${res.statusCode}`);
      });
      return;
    }
    if (url === '/secret') return void res.end(SECRET);
    res.statusCode = 404;
    res.end('not found');
  };
}

const PROBES = ['/static/../secret', '/static/%2e%2e/secret', '/static/%2E%2E/secret', '/static/.%2e/secret', '/static/..%2Fsecret'];

const MODES: ReadonlyArray<[string, (t: TestContext) => Promise<TestApp>]> = [
  ['in-process', (t) => Promise.resolve(closeAfter(t, createTestApp(app())))],
  ['loopback', (t) => Promise.resolve(closeAfter(t, createTestApp(app(), { transport: 'loopback' })))],
  ['remote (the app listening on 127.0.0.1)', async (t) => closeAfter(t, createTestApp(await serve(t, app())))],
];

void describe('path traversal against serve-static', () => {
  for (const [mode, make] of MODES) {
    void test(`${mode}: the probes get the app's 403/404, not the secret`, async (t) => {
      const api = await make(t);
      // The app serves its files, and the secret at its own path: what a resolved probe would get.
      assert.equal((await api.get('/static/hello.txt')).text, 'hello\n');
      assert.equal((await api.get('/secret')).text, SECRET);
      for (const probe of PROBES) {
        const res = await api.get(probe).expect([403, 404]);
        assert.ok(!res.text.includes(SECRET), `${probe} gave the secret away`);
        assert.equal(res.request.url, `${api.origin}${probe}`);
      }
      // serve-static itself says why: the path climbs out of its root.
      assert.equal((await api.get('/static/../secret').expect(403)).status, 403);
    });
  }
});
