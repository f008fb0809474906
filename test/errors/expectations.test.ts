import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import express from 'express';
import { createTestApp, ExpectationError, TandemError } from '../../src/index.js';
import { rejectsWith } from '../support/rejects-with.js';

const app = express();
app.disable('x-powered-by');
app.get('/note', (_req, res) => void res.json({ id: 1, title: 'hi', meta: { owner: 'ann', version: 3 } }));
app.get('/login', (_req, res) => void res.cookie('sid', 'session-secret-7f3e9a').json({ ok: true }));
app.get('/text', (_req, res) => void res.type('text').send('not json'));

const api = createTestApp(app, { env: {} });
after(() => api.close());

void describe('.expect(fn): a check of the test’s own', () => {
  void test('passes when it returns, sync or async; its checks see the response', async () => {
    const seen: number[] = [];
    await api
      .get('/note')
      .expect(200)
      .expect((res) => {
        seen.push(res.status);
        assert.equal(res.json.title, 'hi');
      })
      .expect(async (res) => {
        await Promise.resolve();
        seen.push(res.json.id as number);
      });
    assert.deepEqual(seen, [200, 1]);
  });

  void test('a throw fails the request with an ExpectationError: its message first, the exchange around it, the error as cause', async () => {
    let thrown: unknown;
    const error = await rejectsWith<ExpectationError>(
      api.get('/note').expect((res) => {
        try {
          assert.equal(res.json.title, 'bye', 'the title is wrong');
        } catch (assertion) {
          thrown = assertion;
          throw assertion;
        }
      }),
      'TANDEM_EXPECTATION_FAILED',
    );
    assert.ok(error instanceof ExpectationError);
    assert.equal(error.cause, thrown);
    assert.match(error.message, /^\.expect\(fn\) failed: the title is wrong\n\n {2}GET http:\/\/localhost\/note {2}\[in-process: express\] {2}← 200 OK/);
    assert.match(error.message, /"title": "hi"/, 'the body excerpt is there');
    assert.equal(error.actual, 'hi');
    assert.equal(error.expected, 'bye');
    assert.match(error.stack!.split('\n').find((line) => line.startsWith('    at '))!, /\/test\/support\/rejects-with\.ts:/, "the first frame is the test's own code that awaited the request");
  });

  void test('a rejection fails it the same way; a tandem error thrown inside is kept as it is', async () => {
    const rejected = await rejectsWith(api.get('/note').expect(async () => Promise.reject(new Error('async check said no'))), 'TANDEM_EXPECTATION_FAILED');
    assert.match(rejected.message, /^\.expect\(fn\) failed: async check said no\n/);
    await rejectsWith(api.get('/text').expect((res) => res.json), 'TANDEM_NOT_JSON');
  });

  void test('the status rule still applies: a 404 fails before the check runs', async () => {
    let ran = false;
    await rejectsWith(api.get('/missing').expect(() => (ran = true)), 'TANDEM_UNEXPECTED_STATUS');
    assert.equal(ran, false);
  });
});

void describe('.expectJson(value, { exact: true })', () => {
  void test('passes only when no object holds a key the pattern does not name', async () => {
    await api.get('/note').expectJson({ id: 1, title: /^h/, meta: { owner: 'ann', version: 3 } }, { exact: true });
    await api.get('/note').expectJson({ title: 'hi' });
    const error = await rejectsWith(api.get('/note').expectJson({ id: 1, title: 'hi', meta: { owner: 'ann' } }, { exact: true }), 'TANDEM_EXPECTATION_FAILED');
    assert.match(error.message, /^expected the JSON body to equal \(an exact match: no keys but the ones named\)/);
    assert.match(error.message, /diff \(- expected, \+ actual\):\n(.*\n)*\s+\+\s+"version": 3/, 'the key not named shows in the diff');
  });

  void test('an unknown option is refused, not ignored', async () => {
    await rejectsWith(api.get('/note').expectJson({ id: 1 }, { exactly: true } as never), 'TANDEM_INVALID_REQUEST');
  });
});

void describe('.expectNoHeader(name)', () => {
  void test('passes when the header is absent; fails naming it when present, a credential redacted', async () => {
    await api.get('/note').expectNoHeader('set-cookie').expectNoHeader('x-powered-by');
    const error = await rejectsWith(api.get('/login').expectNoHeader('Set-Cookie'), 'TANDEM_EXPECTATION_FAILED');
    assert.ok(error instanceof TandemError);
    assert.match(error.message, /^expected no header Set-Cookie, got "sid=\[REDACTED\]; Path=\/"/);
    assert.doesNotMatch(error.message, /session-secret-7f3e9a/);
    assert.doesNotMatch(String(error.actual), /session-secret-7f3e9a/);
  });
});
