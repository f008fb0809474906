import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../src/index.js';
import { CONFIG_FILE_NAMES, findConfigFile } from '../../src/config/config-file.js';
import { tempDir, writeFile } from './support.js';

void describe('finding the config file', () => {
  void test('is found in the directory itself or the nearest one above it', (t) => {
    const root = tempDir(t);
    const file = writeFile(root, 'tandem.config.mjs', 'export default {};');
    const nested = join(root, 'packages', 'api', 'test');
    writeFile(nested, '.keep', '');
    assert.equal(findConfigFile({ cwd: root, env: {} }), file);
    assert.equal(findConfigFile({ cwd: nested, env: {} }), file);
    const closer = writeFile(root, 'packages/api/tandem.config.json', '{}');
    assert.equal(findConfigFile({ cwd: nested, env: {} }), closer);
  });

  void test('the names are tried in the documented order: .ts, .mts, .js, .mjs, .json', (t) => {
    const dir = tempDir(t);
    for (const name of [...CONFIG_FILE_NAMES].reverse()) {
      const file = writeFile(dir, name, '{}');
      assert.equal(findConfigFile({ cwd: dir, env: {} }), file, `${name} should win over the later names`);
    }
    assert.deepEqual(CONFIG_FILE_NAMES, ['tandem.config.ts', 'tandem.config.mts', 'tandem.config.js', 'tandem.config.mjs', 'tandem.config.json']);
  });

  void test('none found: undefined', (t) => {
    assert.equal(findConfigFile({ cwd: tempDir(t), env: {} }), undefined);
  });

  void test('a directory named like a config file is not one', (t) => {
    const dir = tempDir(t);
    writeFile(dir, 'tandem.config.ts/inner', '');
    const file = writeFile(dir, 'tandem.config.json', '{}');
    assert.equal(findConfigFile({ cwd: dir, env: {} }), file);
  });

  void test('TANDEM_CONFIG and an explicit path win over the search; relative ones resolve against the directory', (t) => {
    const dir = tempDir(t);
    writeFile(dir, 'tandem.config.json', '{}');
    const other = writeFile(dir, 'ci/tandem.ci.json', '{}');
    const third = writeFile(dir, 'third.config.mjs', 'export default {}');
    assert.equal(findConfigFile({ cwd: dir, env: { TANDEM_CONFIG: 'ci/tandem.ci.json' } }), other);
    assert.equal(findConfigFile({ cwd: dir, env: { TANDEM_CONFIG: 'ci/tandem.ci.json' }, explicit: 'third.config.mjs' }), third);
    assert.equal(findConfigFile({ cwd: dir, env: { TANDEM_CONFIG: other }, explicit: false }), undefined);
    assert.equal(findConfigFile({ cwd: dir, env: { TANDEM_CONFIG: '  ' } }), join(dir, 'tandem.config.json'));
  });

  void test('a named file that does not exist, or is not a config file, fails with ConfigError naming it', (t) => {
    const dir = tempDir(t);
    assert.throws(
      () => findConfigFile({ cwd: dir, env: { TANDEM_CONFIG: 'missing.json' } }),
      (error: unknown) => error instanceof ConfigError && error.code === 'TANDEM_CONFIG' && error.file === join(dir, 'missing.json') && /TANDEM_CONFIG\) does not exist/.test(error.message),
    );
    writeFile(dir, 'settings.yaml', 'a: 1');
    assert.throws(() => findConfigFile({ cwd: dir, explicit: 'settings.yaml', env: {} }), /must end in \.ts, \.mts, \.js, \.mjs, \.json/);
  });
});
