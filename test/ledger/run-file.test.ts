/**
 * The run file: against a remote target every registration is on disk before the request that
 * created it resolves, each removal is marked as it succeeds, and a clean run leaves no file. It
 * never holds a secret.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CleanupError, createTestApp, setCurrentTest } from '../../src/index.js';
import { parseRunFile } from '../../src/ledger/run-file-format.js';
import { resourceApi, serve, tempDir } from './support.js';

const API_KEY = 'key-7c1d9e2f4a6b';
const TOKEN = 'tok-3e5f7a9b1c2d';
const PASSWORD = 'pw-5a4b3c2d1e0f';

function lines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

void test('each registration is written before the create request resolves, even when its check fails; removals are marked; a clean run removes the file', async (t) => {
  const server = resourceApi();
  const origin = await serve(t, server.listener);
  const dir = tempDir(t);
  const api = createTestApp(origin, { ledgerDir: dir, runId: 'durable-1' });
  const file = join(dir, 'durable-1.jsonl');
  assert.equal(existsSync(file), false, 'nothing is written before anything is created');

  setCurrentTest('writes first');
  try {
    await api.post('/items').expect(201);
    const afterFirst = lines(file);
    assert.deepEqual(
      afterFirst.map((l) => [l.type, l.method, l.url, l.test]),
      [
        ['start', undefined, undefined, undefined],
        ['add', 'DELETE', `${origin}/items/1`, 'writes first'],
      ],
    );
    assert.equal(afterFirst[0]!.origin, origin);
    assert.equal(afterFirst[0]!.pid, process.pid);
    await assert.rejects(api.post('/items').expect(400), { code: 'TANDEM_UNEXPECTED_STATUS' });
    assert.equal(lines(file).filter((l) => l.type === 'add').length, 2, 'the failed request had created item 2: it is recorded');
    api.track({ describe: 'a queue', delete: () => Promise.resolve() });
    assert.deepEqual(lines(file).at(-1)!.method, 'custom');
    assert.equal(lines(file).at(-1)!.sweepable, false);
    await api.cleanup('test');
  } finally {
    setCurrentTest(undefined);
  }
  const record = parseRunFile(readFileSync(file, 'utf8'));
  assert.deepEqual(record.entries.map((e) => e.done), [true, true, true]);
  assert.deepEqual(lines(file).filter((l) => l.type === 'done').map((l) => l.how), ['deleted', 'deleted', 'deleted']);
  await api.close();
  assert.equal(existsSync(file), false, 'the run file of a finished, clean run is removed');
});

void test('with leftovers, close() keeps the file, marked ended, listing what is left', async (t) => {
  const server = resourceApi();
  const origin = await serve(t, server.listener);
  const dir = tempDir(t);
  const api = createTestApp(origin, { ledgerDir: dir, runId: 'leftover-1', cleanup: { attempts: 1 } });
  await api.post('/items').expect(201);
  await api.post('/items').expect(201);
  server.failDeletes.set('items/1', 503);
  await assert.rejects(api.close(), CleanupError);
  const record = parseRunFile(readFileSync(join(dir, 'leftover-1.jsonl'), 'utf8'));
  assert.deepEqual(record.entries.map((e) => [new URL(e.url).pathname, e.done]), [['/items/1', false], ['/items/2', true]]);
  assert.deepEqual(record.writers.map((w) => w.ended), [true]);
});

void test('in-process, no run file is written (the data dies with the process or is cleaned in it)', async (t) => {
  const dir = tempDir(t);
  const api = createTestApp(resourceApi().listener, { ledgerDir: dir });
  await api.post('/items').expect(201);
  await api.close();
  assert.deepEqual(readdirSync(dir), []);
});

void test('two test apps of one run in one process write distinct keys and writers to one file', async (t) => {
  const server = resourceApi();
  const origin = await serve(t, server.listener);
  const dir = tempDir(t);
  const a = createTestApp(origin, { ledgerDir: dir, runId: 'shared-1' });
  const b = createTestApp(origin, { ledgerDir: dir, runId: 'shared-1' });
  await a.post('/items').expect(201);
  await b.post('/items').expect(201);
  await a.close();
  const record = parseRunFile(readFileSync(join(dir, 'shared-1.jsonl'), 'utf8'));
  assert.equal(new Set(record.entries.map((e) => e.key)).size, 2);
  assert.deepEqual(record.entries.map((e) => e.done), [true, false], "b's entry is not marked by a's cleanup");
  assert.deepEqual(record.writers.map((w) => w.ended), [true, false]);
  await b.close();
  assert.equal(existsSync(join(dir, 'shared-1.jsonl')), false);
});

void test('no secret reaches the run file or the leftovers table: option headers, credentials, secrets, credential query parameters', async (t) => {
  const server = resourceApi();
  const origin = await serve(t, (req, res) => {
    // Creates with a Location that carries a token, and echoes one into the path of another.
    if (req.method === 'POST') return void res.writeHead(201, { location: req.url === '/echo' ? `/things/${API_KEY}` : `/things/1?access_token=${TOKEN}` }).end();
    server.listener(req, res);
  });
  const dir = tempDir(t);
  const api = createTestApp(origin, { ledgerDir: dir, runId: 'secret-1', headers: { 'x-tenant-key': API_KEY }, secrets: [PASSWORD], cleanup: { attempts: 1 } });
  setCurrentTest(`logs in with ${PASSWORD}`);
  try {
    await api.post('/things').auth(TOKEN).expect(201);
    await api.post('/echo').expect(201);
  } finally {
    setCurrentTest(undefined);
  }
  server.failDeletes.set('things/1', 500);
  const error = await api.close().then(
    () => assert.fail('close() resolved'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CleanupError);
  const file = readFileSync(join(dir, 'secret-1.jsonl'), 'utf8');
  for (const [where, text] of [
    ['run file', file],
    ['CleanupError message', error.message],
    ['leftovers', JSON.stringify(error.leftovers)],
  ] as const) {
    for (const secret of [API_KEY, TOKEN, PASSWORD]) assert.ok(!text.includes(secret), `${secret} appears in the ${where}:\n${text}`);
  }
  const record = parseRunFile(file);
  assert.deepEqual(
    record.entries.map((e) => e.sweepable),
    [false, false],
    'a URL that had to be redacted cannot be replayed by a sweep',
  );
});
