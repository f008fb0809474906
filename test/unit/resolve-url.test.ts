import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveUrl } from '../../src/request/resolve-url.js';

const href = (...args: Parameters<typeof resolveUrl>) => resolveUrl(...args)?.href;

void describe('resolveUrl', () => {
  void test('joins a path onto an origin', () => {
    assert.equal(href('http://localhost', '/notes', []), 'http://localhost/notes');
    assert.equal(href('http://localhost', 'notes', []), 'http://localhost/notes');
  });

  void test('prefixes the base path, with or without a trailing slash', () => {
    assert.equal(href('https://api.example.com/v1', '/notes', []), 'https://api.example.com/v1/notes');
    assert.equal(href('https://api.example.com/v1/', '/notes', []), 'https://api.example.com/v1/notes');
    assert.equal(href('https://api.example.com/v1', 'notes/2', []), 'https://api.example.com/v1/notes/2');
  });

  void test('keeps the query of the path and appends query parameters', () => {
    assert.equal(href('https://api.example.com/v1', '/notes?x=1', [['page', '2'], ['tag', 'a b']]), 'https://api.example.com/v1/notes?x=1&page=2&tag=a+b');
  });

  void test('accepts an absolute URL on the same origin, as given', () => {
    assert.equal(href('http://127.0.0.1:3000/v1', 'http://127.0.0.1:3000/other?q=1', []), 'http://127.0.0.1:3000/other?q=1');
    assert.equal(href('http://127.0.0.1:3000', 'HTTP://127.0.0.1:3000/x', []), 'http://127.0.0.1:3000/x');
  });

  void test('refuses an absolute URL on another origin', () => {
    assert.equal(resolveUrl('http://localhost', 'http://evil.example/x', []), undefined);
    assert.equal(resolveUrl('http://localhost', 'https://localhost/x', []), undefined, 'another scheme is another origin');
    assert.equal(resolveUrl('http://localhost:3000', 'http://localhost:3001/x', []), undefined, 'another port is another origin');
  });

  void test('refuses a protocol-relative //host path', () => {
    assert.equal(resolveUrl('http://localhost', '//evil.example/x', []), undefined);
    assert.equal(resolveUrl('https://api.example.com/v1', '//evil.example/x', []), undefined);
  });

  void test('refuses backslash tricks that a URL parser reads as //host', () => {
    assert.equal(resolveUrl('http://localhost', '/\\evil.example/x', []), undefined);
    assert.equal(resolveUrl('http://localhost', '\\\\evil.example/x', []), undefined);
  });

  void test('refuses other schemes', () => {
    assert.equal(resolveUrl('http://localhost', 'file:///etc/passwd', []), undefined);
    assert.equal(resolveUrl('http://localhost', 'javascript:alert(1)', []), undefined);
  });

  void test('a path with dot segments stays on the origin', () => {
    assert.equal(href('https://api.example.com/v1', '/../../x', []), 'https://api.example.com/x');
  });
});
