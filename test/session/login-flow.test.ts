import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { BOUND_MS, cleanEnv, count, diagnostic, passedNames, runSpec, startServer, stopServer, type Run } from '../support/spec-runs.js';

const spec = fileURLToPath(new URL('../fixtures/login/login.spec.ts', import.meta.url));
const serve = fileURLToPath(new URL('../fixtures/login/serve-login.ts', import.meta.url));

void describe('a login flow with express-session, written once, passes in-process and against the app as its own process', { timeout: 3 * BOUND_MS }, () => {
  let server: ChildProcess | undefined;
  let port = 0;
  let inProcess: Run;
  let remote: Run;

  before(async () => {
    ({ server, port } = await startServer(serve));
    [inProcess, remote] = await Promise.all([runSpec(spec, cleanEnv()), runSpec(spec, cleanEnv({ TANDEM_TARGET: `http://127.0.0.1:${port}` }))]);
  });

  after(() => stopServer(server));

  void test('in-process: every test passes', () => {
    assert.equal(inProcess.code, 0, inProcess.output);
    assert.equal(diagnostic(inProcess.output, 'tandem-mode'), 'in-process');
    assert.equal(count(inProcess.output, 'fail'), 0);
    assert.equal(count(inProcess.output, 'pass'), 5, inProcess.output);
  });

  void test('against the process: every test passes, in mode remote', () => {
    assert.equal(remote.code, 0, remote.output);
    assert.equal(diagnostic(remote.output, 'tandem-mode'), 'remote');
    assert.deepEqual(passedNames(remote.output), passedNames(inProcess.output));
  });
});
