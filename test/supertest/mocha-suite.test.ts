/**
 * An existing-style CommonJS mocha suite, its import changed to tandem/supertest, passes
 * in-process and, unchanged, with TANDEM_TARGET against the app started as its own process;
 * both runs exit by themselves (no --exit), after the cleanup ledger removed what the suite created.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root, runSuiteInBothModes } from '../runners/support.js';

const mocha = join(root, 'node_modules/mocha/bin/mocha.js');

void describe('an existing supertest suite under mocha, through tandem/supertest', () => {
  const runs = runSuiteInBothModes('supertest', process.execPath, [mocha, '--no-config', '--no-package', '--reporter', 'spec', 'suite.test.cjs']);

  for (const mode of ['in-process', 'remote'] as const) {
    void it(`passes ${mode} and exits by itself, without --exit`, () => {
      const outcome = mode === 'remote' ? runs.remote : runs.inProcess;
      assert.notEqual(outcome.code, undefined, `mocha did not exit by itself:\n${outcome.output}`);
      assert.equal(outcome.code, 0, outcome.output);
      assert.match(outcome.output, /5 passing/);
      const exchanges = outcome.har.log.entries.map((e) => `${e.request.method} ${new URL(e.request.url).pathname} ${e.response.status}`);
      assert.deepEqual(exchanges.slice(0, 2), ['POST /things 201', 'GET /things/1 200']);
      assert.equal(exchanges.at(-1), 'DELETE /things/1 204', 'the cleanup ledger removed the created thing when the suite ended');
      assert.ok(outcome.har.log.entries.every((e) => e._mode === mode));
      assert.ok(outcome.har.log.entries.every((e) => e.request.headers.some((h) => h.name.toLowerCase() === 'x-tandem-run')), 'every request carries the run header');
    });
  }

  void it('reached the app process against the deployment, which saw the creation and its deletion', () => {
    assert.deepEqual(runs.remoteStats, { created: 1, deleted: 1 });
  });
});
