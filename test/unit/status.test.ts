import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeStatus, isDefaultSuccess, isStatusPattern, statusMatches } from '../../src/expect/status.js';

void describe('status patterns', () => {
  void test('a single code matches only itself', () => {
    assert.equal(statusMatches(201, 201), true);
    assert.equal(statusMatches(201, 200), false);
  });

  void test('a list matches any of its codes', () => {
    assert.equal(statusMatches([200, 204], 204), true);
    assert.equal(statusMatches([200, 204], 201), false);
  });

  void test('a class matches the whole hundred', () => {
    assert.equal(statusMatches('2xx', 200), true);
    assert.equal(statusMatches('2xx', 299), true);
    assert.equal(statusMatches('2xx', 300), false);
    assert.equal(statusMatches('4xx', 404), true);
    assert.equal(statusMatches('4xx', 500), false);
    assert.equal(statusMatches('5xx', 503), true);
  });

  void test('the default rule admits 2xx and 3xx only', () => {
    for (const status of [200, 201, 204, 299, 301, 304, 399]) assert.equal(isDefaultSuccess(status), true, String(status));
    for (const status of [100, 101, 199, 400, 404, 499, 500, 599]) assert.equal(isDefaultSuccess(status), false, String(status));
  });

  void test('any three-digit status can be expected, 799 too', () => {
    assert.equal(statusMatches(799, 799), true);
    assert.equal(statusMatches('7xx', 799), true);
    assert.equal(statusMatches('7xx', 699), false);
    assert.equal(isDefaultSuccess(799), false);
  });

  void test('valid patterns are recognised', () => {
    for (const value of [200, 100, 599, 600, 799, 999, [200], [200, 799], '1xx', '2xx', '5xx', '7xx', '9xx']) assert.equal(isStatusPattern(value), true, JSON.stringify(value));
  });

  void test('invalid patterns are refused', () => {
    for (const value of ['abc', '200', '0xx', '2XX', '10xx', 99, 1000, 200.5, Number.NaN, [], ['2xx'], [200, 'x'], null, undefined, {}, true]) {
      assert.equal(isStatusPattern(value), false, String(JSON.stringify(value)));
    }
  });

  void test('patterns are described for messages', () => {
    assert.equal(describeStatus(201), '201');
    assert.equal(describeStatus('4xx'), '4xx');
    assert.equal(describeStatus([204]), '204');
    assert.equal(describeStatus([200, 201]), 'one of 200, 201');
  });
});
