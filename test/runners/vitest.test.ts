import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertCounted, assertOutcomes, assertSuiteRun, root, runSuiteInBothModes, skipReason, TEST_BOUND_MS } from './support.js';

const vitest = join(root, 'node_modules/vitest/vitest.mjs');
/** `Tests  3 passed | 1 skipped (4)` */
const tests = (output: string, what: string) => Number(new RegExp(`^\\s*Tests\\s.*?(\\d+) ${what}`, 'm').exec(output)?.[1] ?? 0);
/** The verbose reporter's line of a skipped test: `↓ suite.test.mjs > title 0ms [note]`. */
const skippedLine = (output: string, title: string) => output.split('\n').find((line) => line.includes(`↓ suite.test.mjs > ${title}`));

void describe('tandem/vitest: a real `vitest run` of a tiny suite, in both modes', () => {
  const runs = runSuiteInBothModes('vitest', process.execPath, [vitest, 'run', '--root', '.', '--no-cache', '--reporter=verbose', `--test-timeout=${TEST_BOUND_MS}`, `--hook-timeout=${TEST_BOUND_MS}`]);

  void test("in-process: 3 pass, the remote-only test skipped with its reason as Vitest's note; cleanup after each test; closed; exited by itself", () => {
    assertSuiteRun(runs, 'in-process', (title) => title);
    assert.deepEqual([tests(runs.inProcess.output, 'passed'), tests(runs.inProcess.output, 'skipped')], [3, 1], runs.inProcess.output);
    assert.ok(skippedLine(runs.inProcess.output, 'answers over a real socket')?.endsWith(`[${skipReason(undefined)}]`), runs.inProcess.output);
  });

  void test("against the app as a process (TANDEM_TARGET): 3 pass, the local-only test skipped with its reason as Vitest's note", () => {
    assertSuiteRun(runs, 'remote', (title) => title);
    assert.deepEqual([tests(runs.remote.output, 'passed'), tests(runs.remote.output, 'skipped')], [3, 1], runs.remote.output);
    assert.ok(skippedLine(runs.remote.output, "reads the app's memory")?.endsWith(`[${skipReason(runs.target)}]`), runs.remote.output);
  });

  void test('each test that ran was counted for the summary of `tandem test`, the skipped ones not', () => assertCounted(runs));

  void test('each test has its outcome recorded for the run report: passed, and the one skipped from inside skipped', () => assertOutcomes(runs, (title) => title, 'passed', true));
});
