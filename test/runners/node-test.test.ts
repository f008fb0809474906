import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { count as tap } from '../support/spec-runs.js';
import { assertCounted, assertOutcomes, assertSuiteRun, runSuiteInBothModes, skipReason } from './support.js';

void describe('tandem/node-test: a real `node --test` run of a tiny suite, in both modes', () => {
  const runs = runSuiteInBothModes('node-test', process.execPath, ['--test', '--test-reporter=tap', 'suite.test.mjs']);

  void test('in-process: 3 pass, the remote-only test skipped with its reason; cleanup after each test; closed; exited by itself', () => {
    assertSuiteRun(runs, 'in-process', (title) => title);
    assert.deepEqual([tap(runs.inProcess.output, 'pass'), tap(runs.inProcess.output, 'skipped')], [3, 1], runs.inProcess.output);
    assert.ok(runs.inProcess.output.includes(`ok 4 - answers over a real socket # SKIP ${skipReason(undefined)}`), runs.inProcess.output);
  });

  void test('against the app as a process (TANDEM_TARGET): 3 pass, the local-only test skipped with its reason', () => {
    assertSuiteRun(runs, 'remote', (title) => title);
    assert.deepEqual([tap(runs.remote.output, 'pass'), tap(runs.remote.output, 'skipped')], [3, 1], runs.remote.output);
    assert.ok(runs.remote.output.includes(`ok 2 - reads the app's memory # SKIP ${skipReason(runs.target)}`), runs.remote.output);
  });

  void test('each test that ran was counted for the summary of `tandem test`, the skipped ones not', () => assertCounted(runs));

  void test('each test that ran has its outcome recorded for the run report: passed', () => assertOutcomes(runs, (title) => title, 'passed'));
});
