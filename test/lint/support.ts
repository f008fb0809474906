/** Shared assertions of the HTTP lint tests. */
import assert from 'node:assert/strict';
import { LintError, type TestApp } from '../../src/index.js';

/** Asserts that `promise` rejects with the lint error of `rule`, naming `method` and `path`; returns it. */
export async function rejectsWithLint(api: TestApp, promise: Promise<unknown>, rule: LintError['rule'], method: string, path: string): Promise<LintError> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof LintError, `expected a LintError, got: ${String(caught)}`);
  assert.equal(caught.rule, rule, String(caught));
  assert.equal(caught.code, `TANDEM_LINT_${rule.toUpperCase().replaceAll('-', '_')}`);
  assert.ok(caught.message.includes(`${method} ${api.origin}${path}`), `the message names the request:\n${caught.message}`);
  assert.ok(caught.request && caught.target, 'the error carries the request and target');
  return caught;
}
