/** Asserting a tandem failure by its stable code. */
import assert from 'node:assert/strict';
import type { TandemError } from '../../src/index.js';

/** Asserts that `promise` rejects with a tandem error of `code`, and returns the error. */
export async function rejectsWith<E extends TandemError = TandemError>(promise: Promise<unknown>, code: string): Promise<E> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.equal((caught as TandemError).code, code, `expected ${code}, got: ${String(caught)}`);
  return caught as E;
}
