/** Turning HTTP lint off, whole or by rule; apps given as servers; remote targets, which are never linted. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import { createTestApp, LINT_CODES, LintError } from '../../src/index.js';
import { lintApp } from './lint-app.js';

void describe('HTTP lint switches', () => {
  void test('lint: false turns every rule off', async () => {
    const api = createTestApp(lintApp, { lint: false });
    try {
      const res = await api.get('/no-content-with-body').expect(204);
      assert.equal(res.body.byteLength, 0); // Node dropped the body, as it silently does
      await api.get('/json-as-text').expectText('{"a":1}');
      await assert.rejects(api.get('/started-never-ended').timeout(200), { code: 'TANDEM_TIMEOUT' });
    } finally {
      await api.close();
    }
  });

  void test('lint: { rule: false } turns that rule off and keeps the others', async () => {
    const api = createTestApp(lintApp, { lint: { 'json-content-type': false } });
    try {
      await api.get('/json-as-text').expectText('{"a":1}');
      await assert.rejects(api.get('/no-content-with-body').expect(204), { code: LINT_CODES['body-not-allowed'] });
    } finally {
      await api.close();
    }
  });

  void test('an unknown rule is refused with the list of rules', () => {
    assert.throws(() => createTestApp(lintApp, { lint: { 'json-type': false } as never }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'TANDEM_BAD_OPTION');
      assert.match(error.message, /options\.lint: expected true, false or an object turning rules on or off \(body-not-allowed, content-length, header, json-content-type, set-cookie, unended, app-error\), got \{"json-type":false\}/);
      return true;
    });
  });

  void test('every rule has its own stable code', () => {
    assert.equal(new Set(Object.values(LINT_CODES)).size, Object.keys(LINT_CODES).length);
    const error = new LintError('set-cookie', 'x');
    assert.equal(error.code, 'TANDEM_LINT_SET_COOKIE');
    assert.equal(error.name, 'LintError');
  });

  void test('an http.Server given as the app is linted too, and keeps its own listeners', async () => {
    const server = http.createServer(lintApp);
    const api = createTestApp(server);
    try {
      await assert.rejects(api.get('/json-untyped'), { code: 'TANDEM_LINT_JSON_CONTENT_TYPE' });
      await api.get('/ok').expectJson({ ok: true });
    } finally {
      await api.close();
    }
    assert.equal(server.listenerCount('request'), 1, 'the lint removed its listener on close');
  });

  void test('an Express app is linted, and its correct answers pass', async () => {
    const app = express();
    app.get('/ok', (_req, res) => void res.json({ ok: true }));
    app.get('/sent-as-html', (_req, res) => void res.type('html').send(JSON.stringify({ a: 1 })));
    app.get('/empty', (_req, res) => void res.status(204).send('ignored by express'));
    const api = createTestApp(app);
    try {
      await api.get('/ok').expectJson({ ok: true });
      await api.head('/ok').expect(200);
      await api.get('/empty').expect(204);
      await assert.rejects(api.get('/sent-as-html'), { code: 'TANDEM_LINT_JSON_CONTENT_TYPE' });
    } finally {
      await api.close();
    }
  });
});

void describe('a remote target is never linted', () => {
  let server: http.Server;
  let url: string;
  before(async () => {
    server = http.createServer(lintApp);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  void test('the same mistakes pass against a URL', async () => {
    const api = createTestApp(url);
    try {
      await api.get('/json-as-text').expectText('{"a":1}');
      await api.get('/cookie').query({ c: 'a=1; SameSite=None' });
      await api.get('/no-content-with-body').expect(204);
      const raw = ((await api.get('/raw-headers')).json as { raw: string[] }).raw;
      assert.ok(!raw.some((h) => h.toLowerCase().startsWith('x-tandem-lint')), 'no lint marker is sent to a deployment');
    } finally {
      await api.close();
    }
  });
});
