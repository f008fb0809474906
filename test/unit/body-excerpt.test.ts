import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EXCERPT_LIMIT, bodyExcerpt, cut, decodeText } from '../../src/format/body-excerpt.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

void describe('bodyExcerpt', () => {
  void test('an empty body says so', () => {
    assert.equal(bodyExcerpt(new Uint8Array(0)), '(empty)');
  });

  void test('JSON is pretty-printed', () => {
    assert.equal(bodyExcerpt(bytes('{"a":1,"b":[true,null]}')), '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}');
    assert.equal(bodyExcerpt(bytes('  [1,2]')), '[\n  1,\n  2\n]');
  });

  void test('text that only looks like JSON is shown as it is', () => {
    assert.equal(bodyExcerpt(bytes('{not json')), '{not json');
  });

  void test('plain text is shown as it is', () => {
    assert.equal(bodyExcerpt(bytes('Not Found\n')), 'Not Found\n');
  });

  void test('long bodies are cut at the limit with the count of characters left out', () => {
    const text = 'x'.repeat(EXCERPT_LIMIT + 123);
    const excerpt = bodyExcerpt(bytes(text));
    assert.ok(excerpt.startsWith('x'.repeat(EXCERPT_LIMIT)));
    assert.ok(!excerpt.startsWith('x'.repeat(EXCERPT_LIMIT + 1)));
    assert.match(excerpt, /… \(123 more characters\)$/);
  });

  void test('the limit applies to the pretty-printed JSON', () => {
    const value = { items: Array.from({ length: 50 }, (_, i) => ({ id: i })) };
    const pretty = JSON.stringify(value, null, 2);
    const excerpt = bodyExcerpt(bytes(JSON.stringify(value)), 100);
    assert.equal(excerpt, `${pretty.slice(0, 100)}… (${pretty.length - 100} more characters)`);
  });

  void test('a body at the limit is not cut', () => {
    const text = 'y'.repeat(50);
    assert.equal(bodyExcerpt(bytes(text), 50), text);
  });

  void test('binary data is shown as hex with its size', () => {
    const body = Uint8Array.from([0xff, 0x00, 0x10, 0xab]);
    assert.equal(bodyExcerpt(body), '(4 bytes of binary data) ff 00 10 ab');
  });

  void test('long binary data shows the first 64 bytes, then an ellipsis', () => {
    const body = new Uint8Array(200).fill(0xfe);
    const excerpt = bodyExcerpt(body);
    assert.ok(excerpt.startsWith('(200 bytes of binary data) '));
    assert.equal(excerpt.match(/fe/g)?.length, 64);
    assert.ok(excerpt.endsWith(' …'));
  });

  void test('a view into a larger buffer shows only its own bytes', () => {
    const backing = Uint8Array.from([0x41, 0xff, 0xfe, 0x42]);
    assert.equal(bodyExcerpt(backing.subarray(1, 3)), '(2 bytes of binary data) ff fe');
  });

  void test('UTF-8 text is decoded, invalid UTF-8 is binary', () => {
    assert.equal(decodeText(bytes('héllo ✓')), 'héllo ✓');
    assert.equal(decodeText(Uint8Array.from([0xc3, 0x28])), undefined);
  });
});

void describe('cut', () => {
  void test('leaves short text alone and says how much was cut from long text', () => {
    assert.equal(cut('abc', 3), 'abc');
    assert.equal(cut('abcdef', 2), 'ab… (4 more characters)');
  });
});
