import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeTarget, resolveRequest, resolveUrl } from '../../src/request/resolve-url.js';

const href = (...args: Parameters<typeof resolveUrl>) => resolveUrl(...args)?.href;
const target = (base: string, path: string, query: Array<[string, string]> = []) => {
  const resolved = resolveRequest(base, path, query);
  return resolved && { target: resolved.target, href: resolved.url.href };
};

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

  void test('a //host path is a path on the target, never another host', () => {
    assert.deepEqual(target('http://localhost', '//evil.example/x'), { target: '//evil.example/x', href: 'http://localhost//evil.example/x' });
    assert.deepEqual(target('https://api.example.com/v1', '//evil.example/x'), { target: '/v1//evil.example/x', href: 'https://api.example.com/v1//evil.example/x' });
  });

  void test('backslashes stay in the path on the target, as written', () => {
    assert.deepEqual(target('http://localhost', '/\\evil.example/x'), { target: '/\\evil.example/x', href: 'http://localhost//evil.example/x' });
    assert.deepEqual(target('http://localhost', '\\\\evil.example/x'), { target: '/\\\\evil.example/x', href: 'http://localhost///evil.example/x' });
  });

  void test('refuses other schemes', () => {
    assert.equal(resolveUrl('http://localhost', 'file:///etc/passwd', []), undefined);
    assert.equal(resolveUrl('http://localhost', 'javascript:alert(1)', []), undefined);
  });

  void test('a path with dot segments stays on the origin', () => {
    assert.equal(href('https://api.example.com/v1', '/../../x', []), 'https://api.example.com/x');
  });

  void test('the request-target is the path as written: dot segments, //, percent-encodings and their case kept', () => {
    for (const path of ['/static/../secret', '/static/%2e%2e/secret', '/a/%2E%2e/./b', '/a//b///c', '/a%2Fb%2fc', '/x?q=%7e&r=%7E', '/a;b=c/d?e=f;g']) {
      assert.equal(target('http://localhost', path)?.target, path);
    }
    assert.equal(target('http://localhost', '/static/../secret')?.href, 'http://localhost/secret', 'the URL (for cookies, redirects) reads it as a browser would');
    assert.equal(target('https://api.example.com/v1', '/static/%2e%2e/secret')?.target, '/v1/static/%2e%2e/secret');
    assert.equal(target('http://localhost', 'rel/../x')?.target, '/rel/../x');
  });

  void test('an absolute URL on the origin keeps its path as written', () => {
    assert.equal(target('http://127.0.0.1:3000', 'http://127.0.0.1:3000/a/../b?c=%7e')?.target, '/a/../b?c=%7e');
    assert.equal(target('http://127.0.0.1:3000', 'http://127.0.0.1:3000')?.target, '/');
    assert.equal(target('http://127.0.0.1:3000', 'http://127.0.0.1:3000?x=1')?.target, '/?x=1');
  });

  void test('the fragment is not sent', () => {
    assert.equal(target('http://localhost', '/a/../b?x=1#frag?y')?.target, '/a/../b?x=1');
    assert.equal(target('http://localhost', '/a#f', [['p', '1']])?.target, '/a?p=1');
  });

  void test('query pairs are appended, form-encoded, after the query as written', () => {
    assert.equal(target('http://localhost', '/x?a=%7e&b', [['page', '2 3']])?.target, '/x?a=%7e&b&page=2+3');
    assert.equal(target('http://localhost', '/x?', [['page', '2']])?.target, '/x?page=2');
    assert.equal(target('http://localhost', '/x?a=1&', [['page', '2']])?.target, '/x?a=1&page=2');
    assert.equal(target('http://localhost', '/x', [['a', 'é&=']])?.target, '/x?a=%C3%A9%26%3D');
  });
});

void describe('encodeTarget', () => {
  void test('leaves a request-target that needs nothing alone', () => {
    const plain = "/notes/1?x=1&y=a+b&z=%20%zz!$&'()*+,;=:@~[]|^\\";
    assert.equal(encodeTarget(plain.replace("'", '')), plain.replace("'", ''));
  });

  void test('percent-encodes spaces, as fetch does (%20, not +)', () => {
    assert.equal(encodeTarget('/a b/c?q=x y'), '/a%20b/c?q=x%20y');
  });

  void test('percent-encodes control characters and DEL', () => {
    assert.equal(encodeTarget('/a\tb\r\n\u0000c\u007f?q=\u0001\u001f\u007f'), '/a%09b%0D%0A%00c%7F?q=%01%1F%7F');
  });

  void test('percent-encodes non-ASCII as UTF-8, astral and lone surrogates included', () => {
    assert.equal(encodeTarget('/é/日本?q=ü🚀'), '/%C3%A9/%E6%97%A5%E6%9C%AC?q=%C3%BC%F0%9F%9A%80');
    assert.equal(encodeTarget('/\ud800'), '/%EF%BF%BD', 'a lone surrogate becomes U+FFFD, as in a USVString');
    assert.equal(encodeTarget('/\u00ff\u0100'), '/%C3%BF%C4%80', 'latin-1 characters too: never sent as raw bytes');
  });

  void test('uses the path set in the path and the special-query set in the query', () => {
    assert.equal(encodeTarget('/"<>`{}\'^|'), "/%22%3C%3E%60%7B%7D'^|");
    assert.equal(encodeTarget('/x?"<>`{}\'^|?'), '/x?%22%3C%3E`{}%27^|?');
  });

  void test('matches the WHATWG URL parser on every character it encodes', () => {
    for (let code = 0; code < 0x2000; code++) {
      if (code === 0x23 || code === 0x3f || code === 0x25 || code === 0x2e || code === 0x2f || code === 0x5c) continue; // delimiters, '%', dot segments and '\\' are the parser's own business
      const char = String.fromCharCode(code);
      if (char === '\t' || char === '\n' || char === '\r') continue; // the URL parser strips these; a request-target keeps them encoded
      const url = new URL(`http://x/a${char}b?c${char}d`);
      assert.equal(encodeTarget(`/a${char}b?c${char}d`), url.pathname + url.search, `U+${code.toString(16).padStart(4, '0')}`);
    }
  });
});
