/**
 * `tandem sweep` after a crash: a test process creates resources on a real server through tandem,
 * is killed with SIGKILL mid-run, and the sweep (the CLI, as its own process, and the function)
 * deletes what its run file lists. Nothing of the credentials given to the sweep is written.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { sweep } from '../../src/index.js';
import { parseRunFile } from '../../src/ledger/run-file-format.js';
import { cleanEnv, runScript } from '../support/spec-runs.js';
import { startHangingRun } from './hanging-run.js';
import { resourceApi, serve, tempDir, type ResourceApi } from './support.js';

const SECRET = 'sweep-secret-0a9b8c7d';

/** Runs `tandem sweep <args>` as a process of its own. */
function tandemSweep(args: string[], env: Record<string, string> = {}) {
  return runScript(['src/cli/main.ts', 'sweep', ...args], { env: cleanEnv(env) });
}

async function crashedRun(t: TestContext, runId: string, extra: Record<string, string> = {}): Promise<{ server: ResourceApi; origin: string; dir: string; file: string }> {
  const server = resourceApi();
  const origin = await serve(t, server.listener);
  const dir = tempDir(t);
  const run = await startHangingRun(t, { TANDEM_TARGET: origin, TANDEM_RUN_ID: runId, TANDEM_LEDGER_DIR: dir, ...extra });
  await run.kill();
  assert.equal(run.child.signalCode, 'SIGKILL');
  return { server, origin, dir, file: join(dir, `${runId}.jsonl`) };
}

void test('SIGKILL mid-run, then `tandem sweep`: what the run created is deleted, newest first, and its run file removed', { timeout: 60_000 }, async (t) => {
  const { server, dir, file } = await crashedRun(t, 'killed-1');
  assert.equal(server.live.get('items')?.size, 3, 'the killed run left three items');
  assert.deepEqual(server.deletes(), [], 'it never cleaned up');
  const record = parseRunFile(readFileSync(file, 'utf8'));
  assert.deepEqual(record.entries.map((e) => [e.method, new URL(e.url).pathname, e.test, e.done]), [
    ['DELETE', '/items/1', 'creates and hangs', false],
    ['DELETE', '/items/2', 'creates and hangs', false],
    ['DELETE', '/items/3', 'creates and hangs', false],
  ]);

  const dry = await tandemSweep(['--dir', dir, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /run killed-1 \(http:\/\/127\.0\.0\.1:\d+\): dry-run/);
  assert.match(dry.stdout, /3 would be deleted/);
  assert.deepEqual(server.deletes(), [], 'a dry run sends nothing');

  const swept = await tandemSweep(['--dir', dir, '--run', 'killed-1']);
  assert.equal(swept.code, 0, swept.stdout + swept.stderr);
  assert.deepEqual(server.deletes(), ['/items/3', '/items/2', '/items/1']);
  assert.equal(server.live.get('items')?.size, 0);
  assert.ok(server.seen.filter((s) => s.method === 'DELETE').every((s) => s.headers['x-tandem-run'] === 'killed-1'), 'the sweep tags its requests with the run id');
  assert.match(swept.stdout, /run killed-1 .*: clean/);
  assert.match(swept.stdout, /'deleted'/);
  assert.match(swept.stdout, /1 run file: 3 deleted, 0 already gone, 0 failed/);
  assert.equal(existsSync(file), false);

  const again = await tandemSweep(['--dir', dir]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /nothing to sweep/);
});

void test('a run whose process is still alive is not swept; --older-than skips recent run files', { timeout: 60_000 }, async (t) => {
  const server = resourceApi();
  const origin = await serve(t, server.listener);
  const dir = tempDir(t);
  const run = await startHangingRun(t, { TANDEM_TARGET: origin, TANDEM_RUN_ID: 'alive-1', TANDEM_LEDGER_DIR: dir, CREATE_COUNT: '1' });
  const live = await sweep({ dir, env: {} });
  assert.deepEqual(live.runs.map((r) => r.status), ['in progress']);
  assert.deepEqual(server.deletes(), []);
  await run.kill();
  const recent = await sweep({ dir, olderThanMs: 60 * 60_000, env: {} });
  assert.deepEqual(recent.runs.map((r) => r.status), ['too recent']);
  const file = join(dir, 'alive-1.jsonl');
  const hourAgo = new Date(Date.now() - 2 * 60 * 60_000);
  utimesSync(file, hourAgo, hourAgo);
  const old = await sweep({ dir, olderThanMs: 60 * 60_000, env: {} });
  assert.deepEqual(old.runs.map((r) => r.status), ['clean']);
  assert.equal(old.deleted, 1);
});

void test('failures and unreplayable entries exit 1 and keep the file; 404 counts as done; the next sweep finishes', { timeout: 60_000 }, async (t) => {
  const { server, dir, file } = await crashedRun(t, 'partly-1', { CUSTOM: '1' });
  server.failDeletes.set('items/2', 500);
  server.live.get('items')!.delete('1'); // gone meanwhile: the DELETE answers 404
  const first = await tandemSweep(['--dir', dir]);
  assert.equal(first.code, 1, first.stdout + first.stderr);
  assert.match(first.stdout, /run partly-1 .*: left/);
  assert.match(first.stdout, /failed: HTTP 500/);
  assert.match(first.stdout, /cannot sweep: removed by a function of the test/);
  assert.match(first.stdout, /1 deleted, 1 already gone, 1 failed, 1 cannot be swept/);
  assert.ok(existsSync(file));
  assert.equal(parseRunFile(readFileSync(file, 'utf8')).entries.filter((e) => !e.done).length, 2);

  server.failDeletes.clear();
  const second = await sweep({ dir, env: {} });
  assert.deepEqual([second.deleted, second.failed, second.cannotSweep], [1, 0, 1]);
  // Newest first; the 500 was tried three times; item 1 answered 404; the second sweep took only item 2.
  assert.deepEqual(server.deletes(), ['/items/3', '/items/2', '/items/2', '/items/2', '/items/1', '/items/2']);
  assert.equal(existsSync(file), true, 'kept: the custom entry is still listed');
  assert.equal(server.live.get('items')?.size, 0);

  // Removed by hand: --forget drops it once listed, and the run file goes.
  const forgot = await tandemSweep(['--dir', dir, '--forget']);
  assert.equal(forgot.code, 0, forgot.stdout + forgot.stderr);
  assert.match(forgot.stdout, /forgotten: removed by a function of the test/);
  assert.match(forgot.stdout, /0 deleted, 0 already gone, 0 failed, 1 forgotten/);
  assert.equal(existsSync(file), false);
  assert.equal(server.deletes().length, 6, '--forget sends nothing');
});

void test('headers for the sweep go only to the named target, are never written, never printed', { timeout: 60_000 }, async (t) => {
  const { server, origin, dir, file } = await crashedRun(t, 'auth-1', { CREATE_COUNT: '2' });
  const before = readFileSync(file, 'utf8');
  const withoutTarget = await tandemSweep(['--dir', dir, '--header', `authorization: Bearer ${SECRET}`]);
  assert.equal(withoutTarget.code, 2, withoutTarget.stderr);
  assert.match(withoutTarget.stderr, /headers are sent only to a named target/);

  const elsewhere = await tandemSweep(['--dir', dir, '--target', 'http://127.0.0.1:1', '--header', `authorization: Bearer ${SECRET}`]);
  assert.equal(elsewhere.code, 0);
  assert.match(elsewhere.stdout, /auth-1 .*: other target/);
  assert.deepEqual(server.deletes(), []);

  server.failDeletes.set('items/2', 500);
  const swept = await tandemSweep(['--dir', dir, '--target', origin, '--header', `authorization: Bearer ${SECRET}`], { TANDEM_SWEEP_HEADERS: `x-api-key: ${SECRET}-2` });
  assert.equal(swept.code, 1);
  const deletes = server.seen.filter((s) => s.method === 'DELETE');
  assert.ok(deletes.length > 0);
  for (const d of deletes) {
    assert.equal(d.headers.authorization, `Bearer ${SECRET}`);
    assert.equal(d.headers['x-api-key'], `${SECRET}-2`);
  }
  const after = readFileSync(file, 'utf8');
  for (const text of [before, after, swept.stdout, swept.stderr, withoutTarget.stderr]) assert.ok(!text.includes(SECRET), text);
});

void test("--target naming a config target sends that target's headers (the ones the tests used), never printed", { timeout: 60_000 }, async (t) => {
  const { server, origin, dir } = await crashedRun(t, 'auth-2', { CREATE_COUNT: '2' });
  const project = tempDir(t);
  writeFileSync(join(project, 'tandem.config.json'), JSON.stringify({ targets: { staging: { url: origin, headers: { authorization: `Bearer ${SECRET}` } } } }));
  const swept = await tandemSweep(['--dir', dir, '--config', join(project, 'tandem.config.json'), '--target', 'staging']);
  assert.equal(swept.code, 0, swept.stdout + swept.stderr);
  const deletes = server.seen.filter((s) => s.method === 'DELETE');
  assert.equal(deletes.length, 2);
  for (const d of deletes) assert.equal(d.headers.authorization, `Bearer ${SECRET}`);
  assert.ok(!`${swept.stdout}${swept.stderr}`.includes(SECRET));
});

void test('bad usage exits 2', async (t) => {
  const dir = tempDir(t);
  for (const args of [['--older-than', 'soon'], ['--header', 'no colon here', '--target', 'http://x'], ['--bogus']]) {
    const run = await tandemSweep(['--dir', dir, ...args]);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
  }
  assert.deepEqual(readdirSync(dir), []);
  assert.ok(statSync(dir).isDirectory());
});

void test('`tandem sweep --dir a --dir b`: the ledger directories of two shards are swept in one go', { timeout: 60_000 }, async (t) => {
  const one = await crashedRun(t, 'shard-1', { CREATE_COUNT: '1' });
  const two = await crashedRun(t, 'shard-2', { CREATE_COUNT: '2' });
  const swept = await tandemSweep(['--dir', one.dir, '--dir', two.dir]);
  assert.equal(swept.code, 0, swept.stdout + swept.stderr);
  assert.deepEqual([one.server.deletes(), two.server.deletes()], [['/items/1'], ['/items/2', '/items/1']]);
  assert.match(swept.stdout, /run shard-1 .*: clean/);
  assert.match(swept.stdout, /run shard-2 .*: clean/);
  assert.match(swept.stdout, /^2 run files: 3 deleted, 0 already gone, 0 failed$/m);
  assert.deepEqual([existsSync(one.file), existsSync(two.file)], [false, false]);
});
