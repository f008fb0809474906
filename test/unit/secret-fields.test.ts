import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactSecretFields, secretFieldTest } from '../../src/format/secret-fields.js';

const isSecret = secretFieldTest();
const redact = (body: string, type: string, test = isSecret) => {
  const { bytes, values } = redactSecretFields(Buffer.from(body, 'latin1'), type, test);
  return { text: Buffer.from(bytes).toString('latin1'), values };
};

void describe('secret body fields', () => {
  void test('credential-like names are secret, other names are not', () => {
    for (const name of ['password', 'Password', 'passwd', 'new_password', 'secret', 'client_secret', 'token', 'access_token', 'refreshToken', 'api_key', 'api-key', 'apikey', 'X-API-Key', 'authorization', 'credentials', 'private_key', 'csrf', '_xsrf', 'pwd', 'PIN', 'otp', 'auth', 'sid', 'session_id']) {
      assert.ok(isSecret(name), name);
    }
    for (const name of ['user', 'username', 'email', 'title', 'author', 'pinned', 'keyword', 'session_length']) assert.ok(!isSecret(name), name);
    assert.ok(secretFieldTest(['SSN'])('ssn'), 'extra names are compared case-insensitively');
    assert.ok(!secretFieldTest(['ssn'])('ssn_last4'), 'extra names are exact');
  });

  void test('urlencoded: only the secret values change, the rest byte for byte', () => {
    assert.deepEqual(redact('user=al+ice&pass%77ord=p%26w&x=%E9', 'application/x-www-form-urlencoded; charset=utf-8'), { text: 'user=al+ice&pass%77ord=[REDACTED]&x=%E9', values: ['p&w'] });
    const plain = Buffer.from('user=alice&flag');
    assert.equal(redactSecretFields(plain, 'application/x-www-form-urlencoded', isSecret).bytes, plain, 'nothing secret: the same bytes');
  });

  void test('JSON: at any depth, whatever the value; not JSON after all: unchanged', () => {
    const { text, values } = redact(JSON.stringify({ a: [{ token: { v: 'x', n: 1 } }], pin: 1234, secretive: null, ok: 'yes' }), 'application/problem+json');
    assert.deepEqual(JSON.parse(text), { a: [{ token: '[REDACTED]' }], pin: '[REDACTED]', secretive: '[REDACTED]', ok: 'yes' });
    assert.deepEqual(values, ['x', '1', '1234']);
    assert.equal(redact('{"password": ', 'application/json').text, '{"password": ');
    assert.equal(redact('{"password":"x"}', 'text/plain').text, '{"password":"x"}', 'other types are not parsed');
  });

  void test('multipart: a secret part keeps its headers, its content goes; binary parts keep their bytes', () => {
    const body = [
      '--b0undary\r\nContent-Disposition: form-data; name="user"\r\n\r\nalice\r\n',
      '--b0undary\r\nContent-Disposition: form-data; name="password"\r\n\r\nhunter2\r\n',
      '--b0undary\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n\u00ff\u0000\u00fe\r\n',
      '--b0undary--\r\n',
    ].join('');
    const { text, values } = redact(body, 'multipart/form-data; boundary="b0undary"');
    assert.equal(text, body.replace('hunter2', '[REDACTED]'));
    assert.deepEqual(values, ['hunter2']);
  });
});
