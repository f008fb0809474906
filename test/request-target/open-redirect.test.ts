/**
 * An open-redirect probe: `api.get('//evil.example/x')` is a path on the target, so it reaches the
 * app as written in every mode, and the redirect the app answers with is not followed off the
 * target.
 */
import assert from 'node:assert/strict';
import type http from 'node:http';
import { describe, test, type TestContext } from 'node:test';
import { createTestApp, type TestApp } from '../../src/index.js';
import { rejectsWith } from '../support/rejects-with.js';
import { closeAfter, serve } from '../support/serve.js';

/** Every request-target the app received, in order. */
type Seen = string[];

/** Redirects a path to itself with a trailing slash, as a careless "add the slash" middleware does: `//evil.example/x` becomes a redirect off the site. */
function app(seen: Seen): http.RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    seen.push(url);
    if (!url.endsWith('/')) {
      res.writeHead(301, { location: `${url}/`, 'content-type': 'text/plain' });
      return void res.end('moved');
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ url }));
  };
}

const MODES: ReadonlyArray<[string, (t: TestContext, seen: Seen) => Promise<TestApp>]> = [
  ['in-process', (t, seen) => Promise.resolve(closeAfter(t, createTestApp(app(seen))))],
  ['loopback', (t, seen) => Promise.resolve(closeAfter(t, createTestApp(app(seen), { transport: 'loopback' })))],
  ['remote (the app listening on 127.0.0.1)', async (t, seen) => closeAfter(t, createTestApp(await serve(t, app(seen)), { allowHosts: ['127.0.0.1'] }))],
];

void describe('open redirect through //host', () => {
  for (const [mode, make] of MODES) {
    void test(`${mode}: the probe reaches the app, and its redirect is not followed off the target`, async (t) => {
      const seen: Seen = [];
      const api = await make(t, seen);

      const res = await api.get('//evil.example/x').expect(301);
      assert.deepEqual(seen, ['//evil.example/x'], 'the app received the path as written');
      assert.equal(res.headers.get('location'), '//evil.example/x/');
      assert.equal(res.request.url, `${api.origin}//evil.example/x`);
      assert.equal(new URL(res.url).host, new URL(api.origin).host, 'the request went to the target');

      // Following the redirect would leave the target: refused, nothing more is sent.
      const error = await rejectsWith(api.get('//evil.example/x').followRedirects(), 'TANDEM_REDIRECT');
      assert.match(error.message, /leaves the target for http:\/\/evil\.example\/x\//);
      assert.deepEqual(seen, ['//evil.example/x', '//evil.example/x']);
      await rejectsWith(res.follow(), 'TANDEM_REDIRECT');
      assert.equal(seen.length, 2);

      // A redirect that stays on the target is followed, its path as the browser reads it.
      assert.deepEqual((await api.get('/a/../b').followRedirects()).json, { url: '/b/' });
      assert.deepEqual(seen.slice(2), ['/a/../b', '/b/']);
    });
  }
});
