import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDACTED, isSensitiveHeader, redactHeaderValue, redactUrl, scrub, secretsIn, secretsOf, summarizeRequest } from '../../src/format/redact.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

void describe('redactHeaderValue', () => {
  void test('Authorization keeps its scheme and loses its credential', () => {
    assert.equal(redactHeaderValue('Authorization', 'Bearer abc.def.ghi'), `Bearer ${REDACTED}`);
    assert.equal(redactHeaderValue('authorization', basic('ann', 'pw-1234')), `Basic ${REDACTED}`);
    assert.equal(redactHeaderValue('AUTHORIZATION', 'rawtokenwithoutscheme'), REDACTED);
  });

  void test('Proxy-Authorization is redacted like Authorization', () => {
    assert.equal(redactHeaderValue('Proxy-Authorization', 'Basic dXNlcjpwYXNz'), `Basic ${REDACTED}`);
  });

  void test('Cookie keeps cookie names, not values', () => {
    assert.equal(redactHeaderValue('Cookie', 'sid=abc123; theme=dark'), `sid=${REDACTED}; theme=${REDACTED}`);
  });

  void test('Set-Cookie keeps the name and attributes, not the value', () => {
    assert.equal(redactHeaderValue('Set-Cookie', 'sid=abc123; Path=/; HttpOnly'), `sid=${REDACTED}; Path=/; HttpOnly`);
  });

  void test('X-Api-Key and similar headers are redacted whole', () => {
    for (const name of ['X-Api-Key', 'x-api-key', 'api-key', 'X-API_KEY', 'x-auth-token', 'x-client-secret']) {
      assert.equal(redactHeaderValue(name, 'k-123456'), REDACTED, name);
    }
  });

  void test('other headers are left alone', () => {
    assert.equal(isSensitiveHeader('content-type'), false);
    assert.equal(redactHeaderValue('Content-Type', 'application/json'), 'application/json');
    assert.equal(redactHeaderValue('Accept', 'text/html'), 'text/html');
  });
});

void describe('secretsIn and scrub', () => {
  void test('collects the whole value, the credential and the cookie values', () => {
    const secrets = secretsIn([
      ['Authorization', 'Bearer token-abcdef'],
      ['Cookie', 'sid=cookie-val-1; other=cookie-val-2'],
      ['x-api-key', 'key-000111'],
      ['content-type', 'application/json'],
    ]);
    for (const s of ['token-abcdef', 'cookie-val-1', 'cookie-val-2', 'key-000111']) assert.ok(secrets.includes(s), s);
    assert.ok(!secrets.includes('application/json'));
  });

  void test('decodes Basic credentials so the plain password is scrubbed too', () => {
    const secrets = secretsIn([['Authorization', basic('ann', 'hunter2-secret')]]);
    assert.ok(secrets.includes('hunter2-secret'));
    const text = scrub('login failed for ann with password hunter2-secret', secrets);
    assert.equal(text, `login failed for ann with password ${REDACTED}`);
  });

  void test('scrubs every occurrence from arbitrary text', () => {
    const secrets = secretsIn([['Authorization', 'Bearer tok-42-secret']]);
    const text = scrub('{"echo":"Bearer tok-42-secret","again":"tok-42-secret tok-42-secret"}', secrets);
    assert.ok(!text.includes('tok-42-secret'), text);
    assert.equal(text.split(REDACTED).length - 1, 3);
  });

  void test('very short values are not treated as secrets (they would shred the text)', () => {
    assert.deepEqual(secretsIn([['x-api-key', 'a']]), []);
    assert.equal(scrub('a banana', ['a']), 'a banana');
  });
});

void describe('redactUrl', () => {
  void test('redacts the password of a URL, not the user', () => {
    const url = redactUrl('https://ann:s3cr3t-pass@api.example.com/x');
    assert.ok(!url.includes('s3cr3t-pass'), url);
    assert.ok(url.includes('ann:'), url);
  });

  void test('redacts token-like query parameters and keeps the others', () => {
    const url = redactUrl('https://api.example.com/x?access_token=tok-111&api_key=key-222&page=2&sig=sig-333');
    for (const s of ['tok-111', 'key-222', 'sig-333']) assert.ok(!url.includes(s), url);
    assert.ok(url.includes('page=2'), url);
  });

  void test('leaves a URL without secrets exactly as it was', () => {
    const url = 'http://localhost/notes?page=2&q=a%20b';
    assert.equal(redactUrl(url), url);
  });

  void test('rewrites only what it redacts: the path and the other pairs stay as written', () => {
    assert.equal(redactUrl('http://localhost/a/../%2e%2E//b?x=%7e&Token=t-1234&y=a+b&&z#frag'), 'http://localhost/a/../%2e%2E//b?x=%7e&Token=%5BREDACTED%5D&y=a+b&&z#frag');
    assert.equal(redactUrl('http://u:pw-1234@localhost/a/./b?sig'), 'http://u:%5BREDACTED%5D@localhost/a/./b?sig=%5BREDACTED%5D');
    assert.equal(redactUrl('http://localhost/a?ap%69_key=k-1234'), 'http://localhost/a?ap%69_key=%5BREDACTED%5D', 'a name is read decoded, as URLSearchParams reads it');
  });
});

void describe('summarizeRequest', () => {
  void test('redacts headers and URL, remembers the raw secrets out of sight', () => {
    const summary = summarizeRequest(
      'GET',
      'https://ann:url-pass-999@api.example.com/x?token=qp-token-777',
      [
        ['Authorization', basic('ann', 'basic-pass-555')],
        ['Cookie', 'sid=cookie-888'],
      ],
      undefined,
    );
    const printed = JSON.stringify(summary);
    for (const s of ['url-pass-999', 'qp-token-777', 'basic-pass-555', 'cookie-888', Buffer.from('ann:basic-pass-555').toString('base64')]) {
      assert.ok(!printed.includes(s), `${s} in ${printed}`);
    }
    const secrets = secretsOf(summary);
    for (const s of ['url-pass-999', 'qp-token-777', 'basic-pass-555', 'cookie-888']) assert.ok(secrets.includes(s), s);
    assert.deepEqual(Object.keys(summary).sort(), ['body', 'headers', 'method', 'url']);
  });

  void test('a URL-encoded password is remembered decoded, as it would be echoed', () => {
    const summary = summarizeRequest('GET', 'https://ann:p%40ss-word@api.example.com/', [], undefined);
    assert.ok(secretsOf(summary).includes('p@ss-word'));
  });
});
