import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchesJson, projectOnto } from '../../src/expect/json-match.js';

void describe('matchesJson', () => {
  void test('extra keys in the actual object are fine', () => {
    assert.equal(matchesJson({ a: 1 }, { a: 1, b: 2 }), true);
    assert.equal(matchesJson({}, { anything: true }), true);
  });

  void test('a named key that differs or is missing fails', () => {
    assert.equal(matchesJson({ a: 1 }, { a: 2 }), false);
    assert.equal(matchesJson({ a: 1 }, { b: 1 }), false);
    assert.equal(matchesJson({ a: null }, {}), false);
  });

  void test('objects match recursively', () => {
    assert.equal(matchesJson({ a: { b: { c: 1 } } }, { a: { b: { c: 1, d: 2 }, e: 3 } }), true);
    assert.equal(matchesJson({ a: { b: { c: 1 } } }, { a: { b: { c: '1' } } }), false);
  });

  void test('arrays match element-wise and must have the same length', () => {
    assert.equal(matchesJson([1, 2], [1, 2]), true);
    assert.equal(matchesJson([{ id: 1 }, { id: 2 }], [{ id: 1, x: 0 }, { id: 2, y: 0 }]), true);
    assert.equal(matchesJson([1, 2], [2, 1]), false);
    assert.equal(matchesJson([1], [1, 2]), false);
    assert.equal(matchesJson([1, 2], [1]), false);
    assert.equal(matchesJson([], []), true);
    assert.equal(matchesJson([], [1]), false);
  });

  void test('an array does not match an object with index keys, nor the reverse', () => {
    assert.equal(matchesJson([1], { 0: 1, length: 1 }), false);
    assert.equal(matchesJson({ 0: 1 }, [1]), false);
  });

  void test('a RegExp matches strings only', () => {
    assert.equal(matchesJson({ id: /^n_\d+$/ }, { id: 'n_12' }), true);
    assert.equal(matchesJson({ id: /^n_\d+$/ }, { id: 'x_12' }), false);
    assert.equal(matchesJson({ id: /^12$/ }, { id: 12 }), false);
    assert.equal(matchesJson([/a/, /b/], ['xa', 'xb']), true);
  });

  void test('a global RegExp gives the same answer when used twice', () => {
    const pattern = /a/g;
    assert.equal(matchesJson({ x: pattern }, { x: 'a' }), true);
    assert.equal(matchesJson({ x: pattern }, { x: 'a' }), true);
  });

  void test('undefined means the key is absent', () => {
    assert.equal(matchesJson({ password: undefined }, { name: 'x' }), true);
    assert.equal(matchesJson({ password: undefined }, { name: 'x', password: 'p' }), false);
    assert.equal(matchesJson({ password: undefined }, { password: null }), false);
  });

  void test('primitives compare with Object.is, with no type coercion', () => {
    assert.equal(matchesJson(1, 1), true);
    assert.equal(matchesJson(1, '1'), false);
    assert.equal(matchesJson(null, null), true);
    assert.equal(matchesJson(null, undefined), false);
    assert.equal(matchesJson(false, 0), false);
    assert.equal(matchesJson('a', 'a'), true);
  });

  void test('an object does not match null or a primitive', () => {
    assert.equal(matchesJson({}, null), false);
    assert.equal(matchesJson({ a: 1 }, 'a'), false);
  });
});

void describe('projectOnto', () => {
  void test('keeps only the keys the expectation names', () => {
    assert.deepEqual(projectOnto({ a: 1 }, { a: 2, b: 3 }), { a: 2 });
    assert.deepEqual(projectOnto({ a: { b: 1 } }, { a: { b: 2, c: 3 }, d: 4 }), { a: { b: 2 } });
  });

  void test('a missing key stays missing', () => {
    assert.deepEqual(projectOnto({ a: 1, b: 2 }, { a: 1 }), { a: 1 });
  });

  void test('a RegExp that matches is shown as the RegExp, so it does not appear in a diff', () => {
    const pattern = /^n_/;
    const projected = projectOnto({ id: pattern, t: 'x' }, { id: 'n_1', t: 'y' }) as Record<string, unknown>;
    assert.equal(projected.id, pattern);
    assert.equal(projected.t, 'y');
  });

  void test('a global RegExp that matched is still shown as the RegExp after matchesJson used it', () => {
    const pattern = /n_/g;
    const expected = { id: pattern, t: 'x' };
    const actual = { id: 'n_1', t: 'y' };
    assert.equal(matchesJson(expected, actual), false);
    assert.equal((projectOnto(expected, actual) as Record<string, unknown>).id, pattern);
  });

  void test('a RegExp that does not match keeps the actual string', () => {
    assert.deepEqual(projectOnto({ id: /^n_/ }, { id: 'x_1' }), { id: 'x_1' });
  });

  void test('arrays are projected element-wise, extra elements kept whole', () => {
    assert.deepEqual(projectOnto([{ a: 1 }], [{ a: 1, b: 2 }, { a: 3, b: 4 }]), [{ a: 1 }, { a: 3, b: 4 }]);
  });

  void test('values of another kind are kept whole', () => {
    assert.deepEqual(projectOnto({ a: 1 }, [1, 2]), [1, 2]);
    assert.equal(projectOnto({ a: 1 }, 'text'), 'text');
    assert.equal(projectOnto([1], null), null);
  });
});
