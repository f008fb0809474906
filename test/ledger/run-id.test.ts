/** Run ids: chosen or made, sent with every request, and woven into `api.unique()` names. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp } from '../../src/index.js';
import { resourceApi, serve, tempDir } from './support.js';

void test('a generated run id sorts by time and is sent as X-Tandem-Run on every request, redirect hops and api.fetch included', async (t) => {
  const server = resourceApi();
  const origin = await serve(t, server.listener);
  const api = createTestApp(origin, { env: {}, ledgerDir: tempDir(t), followRedirects: true });
  t.after(() => api.close());
  assert.match(api.runId, /^\d{8}-\d{6}-[0-9a-f]{6}$/);
  const now = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  assert.ok(api.runId.startsWith(now), `${api.runId} starts with today's date ${now}`);
  await api.get('/go').query({ to: '/items/1' }).expect(404);
  await api.fetch('/items/2');
  await api.session().get('/items/3').expect(404);
  assert.deepEqual(
    server.seen.map((s) => [s.path, s.headers['x-tandem-run']]),
    [
      ['/go', api.runId],
      ['/items/1', api.runId],
      ['/items/2', api.runId],
      ['/items/3', api.runId],
    ],
  );
});

void test('runId, then TANDEM_RUN_ID; runHeader renames the header or turns it off', async (t) => {
  const server = resourceApi();
  const app = server.listener;
  const given = createTestApp(app, { runId: 'ci-1234', env: { TANDEM_RUN_ID: 'from-env' }, runHeader: 'X-Build' });
  const fromEnv = createTestApp(app, { env: { TANDEM_RUN_ID: 'from-env' } });
  const silent = createTestApp(app, { runId: 'quiet', runHeader: false });
  t.after(() => Promise.all([given.close(), fromEnv.close(), silent.close()]));
  assert.equal(given.runId, 'ci-1234');
  assert.equal(fromEnv.runId, 'from-env');
  await given.get('/a').expect(404);
  await fromEnv.get('/b').expect(404);
  await silent.get('/c').expect(404);
  assert.deepEqual(
    server.seen.map((s) => [s.path, s.headers['x-build'], s.headers['x-tandem-run']]),
    [
      ['/a', 'ci-1234', undefined],
      ['/b', undefined, 'from-env'],
      ['/c', undefined, undefined],
    ],
  );
});

void test('a run id unsafe in a header or file name is refused', () => {
  for (const runId of ['../etc', 'has space', '', 'x'.repeat(65)]) {
    assert.throws(() => createTestApp(() => () => undefined, { runId }), { code: 'TANDEM_BAD_OPTION', key: 'runId' }, runId);
  }
  assert.throws(() => createTestApp(() => () => undefined, { env: { TANDEM_RUN_ID: 'a/b' } }), /TANDEM_RUN_ID/);
});

void test('api.unique() names are distinct, tagged with the run id, and safe as slugs and emails', (t) => {
  const api = createTestApp(resourceApi().listener, { runId: 'Build.42' });
  t.after(() => api.close());
  const names = Array.from({ length: 1000 }, () => api.unique('My Note!'));
  assert.equal(new Set(names).size, names.length);
  for (const name of names.slice(0, 5)) assert.match(name, /^my-note-build-42-[0-9a-z]+$/);
  assert.equal(api.session().unique, api.unique, 'sessions share the counter');
  const email = api.unique.email('Alice');
  assert.match(email, /^alice\+build-42-[0-9a-z]+@example\.com$/);
  assert.match(api.unique.email('bob', 'test.example.org'), /@test\.example\.org$/);
  assert.match(api.unique(), /^x-build-42-/);
});
