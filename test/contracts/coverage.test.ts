/**
 * API coverage: three spec files, each run by `node --test` in a process of its own, append what
 * they exercised to one coverage directory; `coverageReport()` merges it into a table known exactly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { coverageReport, createTestApp, type CoverageError, type CoverageReport } from '../../src/index.js';
import { coverageDir } from '../../src/contracts/coverage/dir.js';
import { OPENAPI } from '../fixtures/contract-apis/coverage/app.js';
import { petsApp } from '../fixtures/contract-apis/pets-app.js';
import { cleanEnv, count, runScript } from '../support/spec-runs.js';

const SPECS = ['a', 'b', 'c'].map((name) => fileURLToPath(new URL(`../fixtures/contract-apis/coverage/${name}.spec.ts`, import.meta.url)));

const TABLE = `API coverage of test/fixtures/contract-apis/coverage/api.yaml: 7 of 11 documented responses exercised (63.6%)

  GET     /health      200 ✓  503 ✗
  GET     /items       200 ✓
  POST    /items       201 ✓  400 ✓
  GET     /items/{id}  200 ✓  404 ✓
  PATCH   /items/{id}  200 ✓  404 ✗  409 ✗
  DELETE  /items/{id}  204 ✗  default ✓ (500)

requests the document does not describe:
  GET /secret → 404

✓ exercised  ✗ never exercised  · default, not counted`;

void describe('API coverage across processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-coverage-'));
  let output = '';
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    const run = await runScript(['--test', '--test-reporter=tap', ...SPECS], { env: cleanEnv({ TANDEM_COVERAGE_DIR: dir }), boundMs: 60_000 });
    output = run.stdout + run.stderr;
    assert.equal(run.code, 0, `the spec files failed:\n${output}`);
  });

  void it('each process wrote a file of its own', () => {
    assert.equal(count(output, 'pass'), 3);
    const files = readdirSync(dir).filter((name) => name.endsWith('.hits.jsonl'));
    assert.equal(files.length, 3, `one file per process: ${files.join(', ')}`);
    assert.equal(new Set(files.map((name) => name.split('-')[0])).size, 3, 'three process ids');
  });

  void it('merges them into the table, exactly', () => {
    const report = coverageReport({ openapi: OPENAPI, dir });
    assert.equal(report.table, TABLE);
    assert.equal(report.covered, 7);
    assert.equal(report.total, 11);
    assert.equal(report.percent, 63.6);
    const patch = report.operations.find((o) => o.method === 'PATCH')!;
    assert.deepEqual(patch.responses, [
      { status: '200', covered: true, counted: true, seen: [200] },
      { status: '404', covered: false, counted: true, seen: [] },
      { status: '409', covered: false, counted: true, seen: [] },
    ]);
    assert.deepEqual(report.undocumented, [{ method: 'GET', path: '/secret', status: 404 }]);
  });

  void it('writes the report as JSON', () => {
    const report = coverageReport({ openapi: OPENAPI, dir });
    assert.equal(report.jsonPath, join(dir, 'coverage.json'));
    const written = JSON.parse(readFileSync(report.jsonPath, 'utf8')) as Omit<CoverageReport, 'table' | 'jsonPath'>;
    assert.equal(written.covered, 7);
    assert.deepEqual(written.operations, report.operations);
    const elsewhere = join(dir, 'out', 'api-coverage.json');
    coverageReport({ openapi: OPENAPI, dir, json: elsewhere });
    assert.equal((JSON.parse(readFileSync(elsewhere, 'utf8')) as { total: number }).total, 11);
  });

  void it('fails below a threshold, with the table in the message', () => {
    assert.doesNotThrow(() => coverageReport({ openapi: OPENAPI, dir, threshold: 63, json: false }));
    assert.throws(
      () => coverageReport({ openapi: OPENAPI, dir, threshold: 80, json: false }),
      (error: CoverageError<CoverageReport>) => {
        assert.equal(error.code, 'TANDEM_COVERAGE');
        assert.match(error.message, /^API coverage is 63\.6%, below the threshold of 80%/);
        assert.ok(error.message.includes('PATCH   /items/{id}  200 ✓  404 ✗  409 ✗'));
        assert.equal(error.report.covered, 7);
        return true;
      },
    );
  });

  void it('an empty coverage directory covers nothing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'tandem-coverage-empty-'));
    try {
      const report = coverageReport({ openapi: OPENAPI, dir: empty, json: false });
      assert.equal(report.covered, 0);
      assert.ok(report.operations.every((o) => !o.called));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

void it("a worker of a test runner records into its runner's run directory", () => {
  // This file runs in a process node --test started: the run is the runner's, named by its process id.
  assert.match(coverageDir(true, { NODE_TEST_CONTEXT: 'child' })!, new RegExp(`^\\.tandem/coverage/run-${process.ppid}\\b`));
  // Jest in band, or Vitest's threads: the runner is this process (no IPC channel to a parent runner), not the shell that started it.
  assert.match(coverageDir(true, { JEST_WORKER_ID: '1', VITEST_POOL_ID: '1' })!, new RegExp(`^\\.tandem/coverage/run-${process.pid}\\b`));
  assert.equal(coverageDir(true, { TANDEM_RUN_ID: 'ci-7' }), join('.tandem', 'coverage', 'ci-7'));
  assert.equal(coverageDir(true, { TANDEM_RUN_ID: 'ci-7', TANDEM_COVERAGE_DIR: '/tmp/cov' }), '/tmp/cov');
  assert.equal(coverageDir(false, { TANDEM_COVERAGE_DIR: '/tmp/cov' }), undefined);
  assert.equal(coverageDir(undefined, {}), undefined);
});

void describe('API coverage within one process', () => {
  const document = {
    openapi: '3.1.0',
    info: { title: 'in-memory coverage', version: '1' },
    paths: {
      '/pets/stats': { get: { responses: { '200': { description: 'counts', content: { 'application/json': {} } }, '500': { description: 'down' } } } },
      '/pets/{id}': { delete: { parameters: [{ name: 'id', in: 'path', required: true }], responses: { '204': { description: 'gone' } } } },
    },
  };

  void it('reports what this process exercised, without a directory', async () => {
    const api = createTestApp(petsApp, { openapi: document, env: {}, config: false });
    try {
      await api.get('/pets/stats');
      const report = coverageReport({ openapi: document, json: false });
      assert.deepEqual(
        report.operations.map((o) => [o.method, o.path, o.responses.map((r) => `${r.status}${r.covered ? '✓' : '✗'}`)]),
        [
          ['GET', '/pets/stats', ['200✓', '500✗']],
          ['DELETE', '/pets/{id}', ['204✗']],
        ],
      );
      assert.equal(report.jsonPath, undefined);
    } finally {
      await api.close();
    }
  });

  void it('appends to the directory the coverage option names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-coverage-option-'));
    const api = createTestApp(petsApp, { openapi: document, env: {}, config: false, coverage: dir });
    try {
      await api.delete('/pets/p1').expect(204);
      const files = readdirSync(dir);
      assert.equal(files.length, 1);
      const file = files[0]!;
      assert.ok(file.endsWith('.hits.jsonl'));
      const lines = readFileSync(join(dir, file), 'utf8').trim().split('\n');
      assert.deepEqual(lines.map((line) => JSON.parse(line) as unknown), [
        { document: 'object:in-memory coverage@1', method: 'DELETE', path: '/pets/{id}', documented: true, response: '204', status: 204 },
      ]);
    } finally {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
