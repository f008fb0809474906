/** The ledger's small parts: path templates, durations, header lines, run-file parsing, host patterns. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration, parseHeaders } from '../../src/cli/commands/sweep.js';
import { compilePath } from '../../src/ledger/cleanup-rules.js';
import { parseRunFile } from '../../src/ledger/run-file-format.js';
import { hostAllowed } from '../../src/safety/host-allowlist.js';

void test('path templates match one segment per {param}, literally otherwise', () => {
  const path = compilePath('/users/{user}/keys.json');
  assert.deepEqual({ ...path.exec('/users/ada/keys.json')?.groups }, { user: 'ada' });
  assert.equal(path.exec('/users/ada/keysXjson'), null, 'a dot is a dot');
  assert.equal(path.exec('/users/a/b/keys.json'), null, 'a param is one segment');
  assert.equal(path.exec('/users/ada/keys.json/x'), null, 'anchored');
});

void test('durations and header lines for tandem sweep', () => {
  assert.equal(parseDuration('500'), 500);
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('2h'), 7_200_000);
  assert.equal(parseDuration('1.5d'), 129_600_000);
  for (const bad of ['', 'soon', '-1h', '2 weeks']) assert.throws(() => parseDuration(bad), bad);
  assert.deepEqual(parseHeaders(['authorization: Bearer a:b', '', 'x-key:  v ']), { authorization: 'Bearer a:b', 'x-key': 'v' });
  assert.throws(() => parseHeaders(['no colon']), /name: value/);
  assert.throws(() => parseHeaders(['bad name: v']));
  const error = (() => {
    try {
      parseHeaders(['x: secret\nvalue']);
    } catch (e) {
      return e as Error;
    }
  })();
  assert.ok(error && !error.message.includes('secret'), 'the value is never in the message');
});

void test('a torn last line (a crash mid-write) and foreign lines are skipped', () => {
  const text = [
    JSON.stringify({ type: 'start', run: 'r1', origin: 'http://a', writer: 'w1', pid: 1, host: 'h', at: '' }),
    JSON.stringify({ type: 'add', key: '1.1', method: 'DELETE', url: 'http://a/x/1', test: null, sweepable: true, at: '' }),
    'not json',
    JSON.stringify({ type: 'add', key: '1.2', method: 'DELETE', url: 'http://a/x/2', test: 't', sweepable: true, at: '' }),
    JSON.stringify({ type: 'done', key: '1.1', how: 'deleted' }),
    '{"type":"add","key":"1.3","meth',
  ].join('\n');
  const record = parseRunFile(text);
  assert.equal(record.runId, 'r1');
  assert.deepEqual(record.entries.map((e) => [e.key, e.done, e.test]), [['1.1', true, undefined], ['1.2', false, 't']]);
  assert.deepEqual(record.writers, [{ writer: 'w1', pid: 1, host: 'h', ended: false }]);
});

void test('host patterns: a name, a host and port, a subdomain wildcard', () => {
  const url = (href: string) => new URL(href);
  assert.ok(hostAllowed(['api.example.com'], url('https://API.example.com/x')));
  assert.ok(hostAllowed(['127.0.0.1:8080'], url('http://127.0.0.1:8080/')));
  assert.ok(!hostAllowed(['127.0.0.1:8080'], url('http://127.0.0.1:8081/')));
  assert.ok(hostAllowed(['*.example.com'], url('https://a.b.example.com/')));
  assert.ok(!hostAllowed(['*.example.com'], url('https://example.com/')), 'the wildcard is for subdomains');
  assert.ok(!hostAllowed(['*.example.com'], url('https://badexample.com/')));
});
