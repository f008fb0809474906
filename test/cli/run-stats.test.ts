import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sumRunStats } from '../../src/run/run-stats.js';
import { cleanEnv, runScript } from '../support/spec-runs.js';

const script = fileURLToPath(new URL('./fixtures/count-stats.ts', import.meta.url));

void describe('run stats', () => {
  void test('with TANDEM_STATS_DIR, each process writes its counts there at exit, and they add up', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-stats-test-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const runs = await Promise.all([runScript([script], { env: cleanEnv({ TANDEM_STATS_DIR: dir }) }), runScript([script], { env: cleanEnv({ TANDEM_STATS_DIR: dir }) })]);
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const files = readdirSync(dir);
    assert.equal(files.length, 2, `one file per process: ${files.join(', ')}`);
    const one = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as Record<string, number>;
    // /a, /old and /new (a redirect hop is an exchange), api.fetch /b, and /c through api.dispatcher.
    assert.deepEqual({ requests: one.requests, tests: one.tests, leftovers: one.leftovers }, { requests: 5, tests: 2, leftovers: 2 });
    writeFileSync(join(dir, 'cut-short.json'), '{"requests": 1');
    assert.deepEqual(sumRunStats(dir), { requests: 10, tests: 4, leftovers: 4, processes: 2 });
  });

  void test('without TANDEM_STATS_DIR nothing is written', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-stats-test-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const run = await runScript([script], { env: cleanEnv({ TMPDIR: dir }) });
    assert.equal(run.code, 0, run.stderr);
    // (tsx keeps its cache under TMPDIR: only a stats file would be a .json file at the top.)
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.json')), []);
    assert.deepEqual(sumRunStats(join(dir, 'missing')), { requests: 0, tests: 0, leftovers: 0, processes: 0 });
  });
});
