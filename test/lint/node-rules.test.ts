/**
 * Every lint rule against a Node listener, in-process and over loopback: an app that breaks the
 * rule fails with the rule's code and names the request; the same thing done right passes.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestApp } from '../../src/index.js';
import { lintApp } from './lint-app.js';
import { rejectsWithLint } from './support.js';

for (const transport of ['in-process', 'loopback'] as const) {
  void describe(`HTTP lint on a Node listener (${transport})`, () => {
    const api = createTestApp(lintApp, { transport });
    after(() => api.close());

    void describe('body-not-allowed', () => {
      void test('a body written on a 204 fails', async () => {
        const error = await rejectsWithLint(api, api.get('/no-content-with-body').expect(204), 'body-not-allowed', 'GET', '/no-content-with-body');
        assert.match(error.message, /wrote 4 body bytes on a 204 response/);
        assert.equal(error.response?.status, 204);
      });
      void test('a body written on a 304 fails', async () => {
        await rejectsWithLint(api, api.get('/not-modified-with-body').expect(304), 'body-not-allowed', 'GET', '/not-modified-with-body');
      });
      void test('a body written in answer to HEAD fails', async () => {
        await rejectsWithLint(api, api.head('/head-with-body'), 'body-not-allowed', 'HEAD', '/head-with-body');
      });
      void test('a 204 without a body and a HEAD answered without one pass', async () => {
        await api.get('/no-content').expect(204);
        const head = await api.head('/head-aware').expect(200);
        assert.equal(head.headers.get('content-length'), '5');
        assert.equal((await api.get('/head-aware')).text, 'hello');
      });
    });

    void describe('content-length', () => {
      void test('a Content-Length larger than the body fails (instead of hanging)', async () => {
        const error = await rejectsWithLint(api, api.get('/length-too-long'), 'content-length', 'GET', '/length-too-long');
        assert.match(error.message, /Content-Length: 10 but wrote 3 body bytes/);
      });
      void test('a Content-Length smaller than the body fails', async () => {
        await rejectsWithLint(api, api.get('/length-too-short'), 'content-length', 'GET', '/length-too-short');
      });
      void test('a Content-Length on a 204 fails', async () => {
        await rejectsWithLint(api, api.get('/length-on-204').expect(204), 'content-length', 'GET', '/length-on-204');
      });
      void test('a Content-Length counting the bytes written passes, and the connection serves the next request', async () => {
        assert.equal((await api.get('/length-right')).text, 'héllo');
        await api.get('/ok');
      });
    });

    void describe('header', () => {
      void test('an invalid header name that Node refuses fails with the lint error naming the header', async () => {
        const error = await rejectsWithLint(api, api.get('/header-bad-name'), 'header', 'GET', '/header-bad-name');
        assert.match(error.message, /"x bad name"/);
        // In-process the app's throw fails the request with a HandlerError; over loopback the connection is reset.
        if (transport === 'in-process') assert.equal((error.cause as { code?: string } | undefined)?.code, 'TANDEM_HANDLER_ERROR');
        else assert.ok(error.cause);
      });
      void test('a header value with CR LF fails', async () => {
        const error = await rejectsWithLint(api, api.get('/header-crlf'), 'header', 'GET', '/header-crlf');
        assert.match(error.message, /x-injected/);
        assert.match(error.message, /control character/);
      });
      void test('a non-ASCII header value that Node would send as Latin-1 fails', async () => {
        const error = await rejectsWithLint(api, api.get('/header-latin1'), 'header', 'GET', '/header-latin1');
        assert.match(error.message, /content-disposition/);
      });
      void test('an RFC 8187 encoded value passes', async () => {
        await api.get('/header-encoded').expectHeader('content-disposition', /UTF-8''Zo%C3%AB/);
      });
    });

    void describe('json-content-type', () => {
      void test('a JSON object sent as text/plain fails', async () => {
        const error = await rejectsWithLint(api, api.get('/json-as-text'), 'json-content-type', 'GET', '/json-as-text');
        assert.match(error.message, /JSON object with Content-Type text\/plain/);
      });
      void test('a JSON array without any Content-Type fails', async () => {
        await rejectsWithLint(api, api.get('/json-untyped'), 'json-content-type', 'GET', '/json-untyped');
      });
      void test('application/json, a +json type, and a bare number as text pass', async () => {
        await api.get('/ok').expectJson({ ok: true });
        await api.get('/problem-json').expect(404).expectJson({ title: 'not found' });
        await api.get('/number-as-text').expectText('42');
      });
    });

    void describe('set-cookie', () => {
      const bad: Array<[string, RegExp]> = [
        ['a=1; Foo=bar', /unknown attribute "Foo"/],
        ['a=1; SameSite=Sometimes', /SameSite=Sometimes is not Strict, Lax or None/],
        ['a=1; SameSite=None', /SameSite=None without Secure/],
        ['a=1; Max-Age=soon', /Max-Age=soon is not a whole number/],
        ['a=1; Expires=tomorrow', /Expires=tomorrow is not a date/],
      ];
      for (const [line, why] of bad) {
        void test(`Set-Cookie: ${line} fails`, async () => {
          const error = await rejectsWithLint(api, api.get('/cookie').query({ c: line }), 'set-cookie', 'GET', `/cookie?c=${encodeURIComponent(line).replaceAll('%20', '+')}`);
          assert.match(error.message, why);
        });
      }
      void test('valid Set-Cookie lines pass and are stored', async () => {
        const s = api.session();
        await s.get('/cookie').query({ c: ['a=1; Path=/; HttpOnly; SameSite=Lax; Max-Age=60', 'b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT; secure; samesite=none', 'c=3; Partitioned; Secure'] });
        assert.equal(s.cookies.get('a'), '1');
      });
    });

    void describe('unended', () => {
      void test('a response started and never ended fails with the lint error at the timeout', async () => {
        const error = await rejectsWithLint(api, api.get('/started-never-ended').timeout(300), 'unended', 'GET', '/started-never-ended');
        assert.match(error.message, /started the response \(200, 7 body bytes written\) but never ended it/);
        assert.equal((error.cause as { code?: string } | undefined)?.code, 'TANDEM_TIMEOUT');
      });
      void test('a response never started is a plain timeout', async () => {
        await assert.rejects(api.get('/never-started').timeout(300), { code: 'TANDEM_TIMEOUT' });
      });
    });

    void describe('app-error', () => {
      void test('an error thrown after the response ended fails the request', async () => {
        const error = await rejectsWithLint(api, api.get('/throw-after-end'), 'app-error', 'GET', '/throw-after-end');
        assert.match(error.message, /threw after the response ended: Error: late failure/);
        assert.equal((error.cause as Error).message, 'late failure');
        assert.equal(error.response?.status, 200);
      });
      void test('a promise rejected after the response ended fails the request', async () => {
        await rejectsWithLint(api, api.get('/reject-after-end'), 'app-error', 'GET', '/reject-after-end');
      });
      void test("a write after end() (an 'error' event on the response with no listener) fails the request", async () => {
        const error = await rejectsWithLint(api, api.get('/write-after-end'), 'app-error', 'GET', '/write-after-end');
        assert.match(error.message, /ERR_STREAM_WRITE_AFTER_END|write after end/);
      });
      void test('the same mistake with an error listener of the app, and a throw before any response, are not lint findings', async () => {
        assert.equal((await api.get('/write-after-end-handled')).text, 'done');
        await assert.rejects(api.get('/throw-before-end'), (error: Error & { code?: string }) => error.code !== undefined && !error.code.startsWith('TANDEM_LINT'));
      });
    });

    void test('the app never sees the lint marker', async () => {
      const { raw, headers } = (await api.get('/raw-headers')).json as { raw: string[]; headers: Record<string, string> };
      assert.ok(!raw.some((h) => h.toLowerCase().startsWith('x-tandem-lint')), raw.join(', '));
      assert.ok(!Object.keys(headers).some((h) => h.startsWith('x-tandem-lint')));
    });
  });
}
