import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertCounted, assertOutcomes, assertSuiteRun, root, runSuiteInBothModes, skipReason, TEST_BOUND_MS } from './support.js';

const mocha = join(root, 'node_modules/mocha/bin/mocha.js');
/** `3 passing (12ms)`, `1 pending` */
const count = (output: string, what: string) => Number(new RegExp(`^\\s*(\\d+) ${what}`, 'm').exec(output)?.[1] ?? 0);

void describe('tandem/mocha: a real Mocha run of a tiny CommonJS suite (require(esm)), in both modes', () => {
  const runs = runSuiteInBothModes('mocha', process.execPath, [mocha, '--no-config', '--no-package', '--reporter', 'spec', '--timeout', String(TEST_BOUND_MS), 'suite.test.cjs']);

  void test('in-process: 3 pass, the remote-only test pending with its reason in its title; cleanup after each test; closed; exited by itself', () => {
    assertSuiteRun(runs, 'in-process', (title) => `things > ${title}`);
    assert.deepEqual([count(runs.inProcess.output, 'passing'), count(runs.inProcess.output, 'pending')], [3, 1], runs.inProcess.output);
    assert.ok(runs.inProcess.output.includes(`- answers over a real socket [${skipReason(undefined)}]`), runs.inProcess.output);
  });

  void test('against the app as a process (TANDEM_TARGET): 3 pass, the local-only test pending with its reason in its title', () => {
    assertSuiteRun(runs, 'remote', (title) => `things > ${title}`);
    assert.deepEqual([count(runs.remote.output, 'passing'), count(runs.remote.output, 'pending')], [3, 1], runs.remote.output);
    assert.ok(runs.remote.output.includes(`- reads the app's memory [${skipReason(runs.target)}]`), runs.remote.output);
  });

  void test('each test that ran was counted for the summary of `tandem test`, the skipped ones not', () => assertCounted(runs));

  void test('each test that ran has its outcome recorded for the run report: passed', () => assertOutcomes(runs, (title) => `things > ${title}`, 'passed'));
});
