import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { localOnly, remoteOnly } from '../../src/index.js';

void describe('localOnly / remoteOnly', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TANDEM_TARGET;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TANDEM_TARGET;
    else process.env.TANDEM_TARGET = saved;
  });

  void test('in-process (TANDEM_TARGET unset or blank): local-only runs, remote-only skips with its reason', () => {
    for (const value of [undefined, '', '  ']) {
      if (value === undefined) delete process.env.TANDEM_TARGET;
      else process.env.TANDEM_TARGET = value;
      assert.deepEqual(localOnly('patches the app'), {});
      assert.deepEqual(remoteOnly('needs TLS'), { skip: 'remote-only: needs TLS (TANDEM_TARGET is not set: running in-process)' });
    }
  });

  void test('against a target: local-only skips naming the reason and the target, remote-only runs', () => {
    process.env.TANDEM_TARGET = 'https://staging.example.com';
    assert.deepEqual(localOnly('patches the app'), { skip: 'local-only: patches the app (TANDEM_TARGET=https://staging.example.com)' });
    assert.deepEqual(remoteOnly('needs TLS'), {});
  });

  void test('a password in the target is not shown', () => {
    const mark = localOnly('reads memory', { TANDEM_TARGET: 'https://ci:s3cret-pw@staging.example.com/' });
    assert.ok('skip' in mark && typeof mark.skip === 'string');
    assert.doesNotMatch(mark.skip, /s3cret-pw/);
    assert.match(mark.skip, /^local-only: reads memory \(TANDEM_TARGET=https:\/\/ci:%5BREDACTED%5D@staging\.example\.com\/\)$/);
  });

  void test('the marks are node:test options: the runner skips with the reason', async () => {
    const env = { TANDEM_TARGET: 'https://staging.example.com' };
    let ranLocal = false;
    let ranRemote = false;
    await test('local', localOnly('patches the app', env), () => {
      ranLocal = true;
    });
    await test('remote', remoteOnly('needs TLS', env), () => {
      ranRemote = true;
    });
    assert.equal(ranLocal, false);
    assert.equal(ranRemote, true);
  });
});
