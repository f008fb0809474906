import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { BOUND_MS, count, diagnostic, passedNames, runInBothModes } from '../support/spec-runs.js';

const spec = fileURLToPath(new URL('../fixtures/both-modes/notes.spec.ts', import.meta.url));
const serve = fileURLToPath(new URL('../fixtures/both-modes/serve-express.ts', import.meta.url));

void describe('the same test file passes in-process and against the app running as its own process', { timeout: 3 * BOUND_MS }, () => {
  const runs = runInBothModes(spec, serve);

  void test('in-process: every test passes, in mode in-process', () => {
    assert.equal(runs.inProcess.code, 0, runs.inProcess.output);
    assert.equal(diagnostic(runs.inProcess.output, 'tandem-mode'), 'in-process');
    assert.equal(diagnostic(runs.inProcess.output, 'tandem-origin'), 'http://localhost');
    assert.equal(count(runs.inProcess.output, 'fail'), 0);
    assert.ok(count(runs.inProcess.output, 'pass') >= 7, runs.inProcess.output);
  });

  void test('with TANDEM_TARGET: every test passes, in mode remote, against the server process', () => {
    assert.equal(runs.remote.code, 0, runs.remote.output);
    assert.equal(diagnostic(runs.remote.output, 'tandem-mode'), 'remote');
    assert.equal(diagnostic(runs.remote.output, 'tandem-origin'), `http://127.0.0.1:${runs.port}`);
    assert.equal(count(runs.remote.output, 'fail'), 0);
  });

  void test('both runs ran the same tests', () => {
    assert.equal(count(runs.remote.output, 'tests'), count(runs.inProcess.output, 'tests'));
    assert.equal(count(runs.remote.output, 'pass'), count(runs.inProcess.output, 'pass'));
    assert.deepEqual(passedNames(runs.remote.output), passedNames(runs.inProcess.output));
  });
});
