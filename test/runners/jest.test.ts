import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertCounted, assertOutcomes, assertSuiteRun, root, runSuiteInBothModes, skipReason, TEST_BOUND_MS } from './support.js';

const jest = join(root, 'node_modules/jest/bin/jest.js');
/** `Tests:       1 skipped, 3 passed, 4 total` */
const tests = (output: string, what: string) => Number(new RegExp(`^Tests:.*?(\\d+) ${what}`, 'm').exec(output)?.[1] ?? 0);

void describe('tandem/jest: a real Jest run (native ESM) of a tiny suite, in both modes', () => {
  // Jest runs ES modules only with Node's VM modules flag; `--ci` keeps it from writing snapshots.
  const runs = runSuiteInBothModes('jest', process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', jest, '--config', 'jest.config.json', '--ci', '--verbose', `--testTimeout=${TEST_BOUND_MS}`]);

  void test('in-process: 3 pass, the remote-only test skipped with its reason in its title; cleanup after each test; closed; exited by itself', () => {
    assertSuiteRun(runs, 'in-process', (title) => `things ${title}`);
    assert.deepEqual([tests(runs.inProcess.output, 'passed'), tests(runs.inProcess.output, 'skipped')], [3, 1], runs.inProcess.output);
    assert.ok(runs.inProcess.output.includes(`○ skipped answers over a real socket [${skipReason(undefined)}]`), runs.inProcess.output);
  });

  void test('against the app as a process (TANDEM_TARGET): 3 pass, the local-only test skipped with its reason in its title', () => {
    assertSuiteRun(runs, 'remote', (title) => `things ${title}`);
    assert.deepEqual([tests(runs.remote.output, 'passed'), tests(runs.remote.output, 'skipped')], [3, 1], runs.remote.output);
    assert.ok(runs.remote.output.includes(`○ skipped reads the app's memory [${skipReason(runs.target)}]`), runs.remote.output);
  });

  void test('each test that ran was counted for the summary of `tandem test`, the skipped ones not', () => assertCounted(runs));

  void test("each test that ran has its outcome recorded for the run report: unknown (Jest's hooks do not tell how a test ended)", () => assertOutcomes(runs, (title) => `things ${title}`, 'unknown'));
});
