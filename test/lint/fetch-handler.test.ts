/**
 * HTTP lint on a fetch handler called in-process: what its Response carries is checked (JSON
 * content type, Set-Cookie, Content-Length, header values); a body on 204/304 cannot be built
 * (the Response constructor refuses it) and a body for HEAD is dropped by every fetch runtime.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTestApp } from '../../src/index.js';
import { rejectsWithLint } from './support.js';

const handler = (request: Request): Response => {
  const path = new URL(request.url).pathname;
  switch (path) {
    case '/json-as-text':
      return new Response('{"a":1}', { headers: { 'content-type': 'text/plain' } });
    case '/json':
      return Response.json({ a: 1 });
    case '/cookie-none':
      return new Response('ok', { headers: [['set-cookie', 'a=1; SameSite=None']] });
    case '/cookie-ok':
      return new Response('ok', { headers: [['set-cookie', 'a=1; SameSite=None; Secure']] });
    case '/length-wrong':
      return new Response('abc', { headers: { 'content-length': '10' } });
    case '/length-right':
      return new Response('abc', { headers: { 'content-length': '3' } });
    case '/header-latin1':
      return new Response('x', { headers: { 'x-name': 'Zoë' } });
    case '/head':
      return new Response(request.method === 'HEAD' ? null : 'body', { headers: { 'content-type': 'text/plain' } });
  }
  return new Response('not found', { status: 404 });
};

void describe('HTTP lint on a fetch handler (in-process)', () => {
  const api = createTestApp(handler);
  after(() => api.close());

  void test('json-content-type: a JSON object as text/plain fails; application/json passes', async () => {
    await rejectsWithLint(api, api.get('/json-as-text'), 'json-content-type', 'GET', '/json-as-text');
    await api.get('/json').expectJson({ a: 1 });
  });

  void test('set-cookie: SameSite=None without Secure fails; with Secure passes', async () => {
    await rejectsWithLint(api, api.get('/cookie-none'), 'set-cookie', 'GET', '/cookie-none');
    await api.get('/cookie-ok').expectText('ok');
  });

  void test('content-length: a declared length that is not the body length fails; the right one passes', async () => {
    await rejectsWithLint(api, api.get('/length-wrong'), 'content-length', 'GET', '/length-wrong');
    await api.get('/length-right').expectText('abc');
  });

  void test('header: a non-ASCII value fails', async () => {
    await rejectsWithLint(api, api.get('/header-latin1'), 'header', 'GET', '/header-latin1');
  });

  void test('HEAD passes: a fetch runtime drops the body itself', async () => {
    await api.head('/head').expect(200);
  });

  void test('lint: false turns it off for a fetch handler too', async () => {
    const quiet = createTestApp(handler, { lint: false });
    try {
      await quiet.get('/json-as-text').expectText('{"a":1}');
    } finally {
      await quiet.close();
    }
  });

  void test('a 204 with a body cannot even be built: the handler fails with TANDEM_HANDLER_ERROR', async () => {
    const app = createTestApp((_request: Request) => new Response('x', { status: 204 }));
    try {
      await assert.rejects(app.get('/'), { code: 'TANDEM_HANDLER_ERROR' });
    } finally {
      await app.close();
    }
  });
});
