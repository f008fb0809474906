import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RunnerError } from '../../src/index.js';
import * as jest from '../../src/runners/jest.js';
import * as mocha from '../../src/runners/mocha.js';

const app = (_req: unknown, res: { end(): void }) => res.end();

void describe('an integration loaded outside its runner says so', () => {
  for (const [name, integration, missing] of [
    ['jest', jest, 'beforeEach, afterEach, afterAll are not defined'],
    ['mocha', mocha, 'beforeEach, afterEach, after are not defined'],
  ] as const) {
    void test(`tandem/${name}: useTestApp and the mode marks fail with TANDEM_RUNNER`, () => {
      const check = (error: unknown) => {
        assert.ok(error instanceof RunnerError);
        assert.equal(error.code, 'TANDEM_RUNNER');
        assert.match(error.message, new RegExp(`^tandem/${name}: `));
        assert.match(error.message, new RegExp(`must be (imported|loaded) by a (test|spec) file`));
        return true;
      };
      assert.throws(() => integration.useTestApp(app), (error: unknown) => check(error) && (error as Error).message.includes(missing));
      assert.throws(() => integration.localOnly('reason', {})('a test', () => undefined), check);
    });
  }
});
