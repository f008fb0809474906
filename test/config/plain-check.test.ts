import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_OPTION_SCHEMAS } from '../../src/config/option-schemas.js';
import { compileOptionSchema } from '../../src/config/option-validator.js';
import { plainlyValid } from '../../src/config/plain-check.js';

/** Values of every kind an option is given, right and wrong. */
const SAMPLES: unknown[] = [
  undefined, null, true, false, 0, 1, -1, 0.5, 5000, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, -0,
  '', ' ', 'x', '/health', 'health', 'run-1.a_b', 'bad id', 'a'.repeat(64), 'a'.repeat(65), '💥', 'in-process', 'loopback', 'local', 'http://localhost', './tandem.config.ts',
  [], ['a'], ['a', 1], {}, { a: 'b' }, { path: '/ready' }, { har: 'x.har' }, { target: 'staging' }, { rules: [] }, { 'header-casing': true },
  new URL('http://localhost/'), Buffer.from('pem'), /re/, () => undefined, Symbol('s'), 10n,
];

void describe('the plain option check', () => {
  void test('lets a value through only when ajv accepts it too, for every option schema', () => {
    let passed = 0;
    for (const [name, { schema }] of Object.entries(ALL_OPTION_SCHEMAS)) {
      const ajv = compileOptionSchema({ ...schema });
      for (const value of SAMPLES) {
        if (!plainlyValid(schema, value)) continue;
        passed++;
        assert.ok(ajv(value), `${name}: ${String(typeof value === 'symbol' ? value.description : value)} passed the plain check but not ajv`);
      }
    }
    assert.ok(passed > 40, `only ${passed} plain passes: the fast path is not used`);
  });

  void test('lets the common plain options through without ajv', () => {
    const common: Array<[string, unknown]> = [['timeout', 5000], ['readOnly', true], ['runId', 'run-1'], ['config', false], ['config', './tandem.config.ts'], ['transport', 'loopback'], ['lint', true], ['target', 'http://localhost'], ['env', {}], ['followRedirects', 3], ['ready', '/health'], ['record', 'run.har']];
    for (const [name, value] of common) assert.ok(plainlyValid(ALL_OPTION_SCHEMAS[name]!.schema, value), `${name}: ${String(value)}`);
  });

  void test('leaves to ajv what it cannot judge, and refuses what does not fit', () => {
    assert.equal(plainlyValid(ALL_OPTION_SCHEMAS.headers!.schema, { a: 'b' }), false, 'additionalProperties is for ajv');
    assert.equal(plainlyValid(ALL_OPTION_SCHEMAS.timeout!.schema, 0), false);
    assert.equal(plainlyValid(ALL_OPTION_SCHEMAS.timeout!.schema, '5000'), false);
    assert.equal(plainlyValid(ALL_OPTION_SCHEMAS.runId!.schema, 'bad id'), false);
    assert.equal(plainlyValid(ALL_OPTION_SCHEMAS.config!.schema, true), false);
    assert.equal(plainlyValid(ALL_OPTION_SCHEMAS.transport!.schema, 'remote'), false);
  });
});
