import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { BOUND_MS, cleanEnv, count, diagnostic, passedNames, runSpec, startServer, stopServer, type Run } from '../support/spec-runs.js';

const spec = fileURLToPath(new URL('../fixtures/both-modes/notes.spec.ts', import.meta.url));
const serve = fileURLToPath(new URL('../fixtures/both-modes/serve-express.ts', import.meta.url));

void describe('the same test file passes in-process and against the app running as its own process', { timeout: 3 * BOUND_MS }, () => {
  let server: ChildProcess | undefined;
  let port = 0;
  let inProcess: Run;
  let remote: Run;

  before(async () => {
    ({ server, port } = await startServer(serve));
    [inProcess, remote] = await Promise.all([runSpec(spec, cleanEnv()), runSpec(spec, cleanEnv({ TANDEM_TARGET: `http://127.0.0.1:${port}` }))]);
  });

  after(() => stopServer(server));

  void test('in-process: every test passes, in mode in-process', () => {
    assert.equal(inProcess.code, 0, inProcess.output);
    assert.equal(diagnostic(inProcess.output, 'tandem-mode'), 'in-process');
    assert.equal(diagnostic(inProcess.output, 'tandem-origin'), 'http://localhost');
    assert.equal(count(inProcess.output, 'fail'), 0);
    assert.ok(count(inProcess.output, 'pass') >= 7, inProcess.output);
  });

  void test('with TANDEM_TARGET: every test passes, in mode remote, against the server process', () => {
    assert.equal(remote.code, 0, remote.output);
    assert.equal(diagnostic(remote.output, 'tandem-mode'), 'remote');
    assert.equal(diagnostic(remote.output, 'tandem-origin'), `http://127.0.0.1:${port}`);
    assert.equal(count(remote.output, 'fail'), 0);
  });

  void test('both runs ran the same tests', () => {
    assert.equal(count(remote.output, 'tests'), count(inProcess.output, 'tests'));
    assert.equal(count(remote.output, 'pass'), count(inProcess.output, 'pass'));
    assert.deepEqual(passedNames(remote.output), passedNames(inProcess.output));
  });
});
