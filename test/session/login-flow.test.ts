import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { BOUND_MS, count, diagnostic, passedNames, runInBothModes } from '../support/spec-runs.js';

const spec = fileURLToPath(new URL('../fixtures/login/login.spec.ts', import.meta.url));
const serve = fileURLToPath(new URL('../fixtures/login/serve-login.ts', import.meta.url));

void describe('a login flow with express-session, written once, passes in-process and against the app as its own process', { timeout: 3 * BOUND_MS }, () => {
  const runs = runInBothModes(spec, serve);

  void test('in-process: every test passes', () => {
    assert.equal(runs.inProcess.code, 0, runs.inProcess.output);
    assert.equal(diagnostic(runs.inProcess.output, 'tandem-mode'), 'in-process');
    assert.equal(count(runs.inProcess.output, 'fail'), 0);
    assert.equal(count(runs.inProcess.output, 'pass'), 5, runs.inProcess.output);
  });

  void test('against the process: every test passes, in mode remote', () => {
    assert.equal(runs.remote.code, 0, runs.remote.output);
    assert.equal(diagnostic(runs.remote.output, 'tandem-mode'), 'remote');
    assert.deepEqual(passedNames(runs.remote.output), passedNames(runs.inProcess.output));
  });
});
