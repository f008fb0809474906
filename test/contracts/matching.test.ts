/** Which operation a request answers to: path templates (most specific first), server prefixes, a target's own path prefix. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadContract } from '../../src/contracts/openapi/contract.js';
import { matchPath, matchStatus } from '../../src/contracts/openapi/document.js';
import { documentPath, findOperation } from '../../src/contracts/openapi/validate.js';

const ok = { responses: { '200': { description: 'ok' } } };
const withId = (name: string) => ({ parameters: [{ name, in: 'path', required: true }], ...ok });

const contract = loadContract({
  openapi: '3.1.0',
  info: { title: 'matching', version: '1' },
  servers: [{ url: 'https://api.example/{base}/v1', variables: { base: { default: 'api' } } }, { url: '/' }],
  paths: {
    '/notes/{id}': { get: withId('id'), head: withId('id') },
    '/notes/stats': { get: ok },
    '/{kind}/stats': { get: withId('kind') },
    '/files/{name}.json': { get: withId('name') },
    '/orders/{id}': {
      get: { parameters: [{ name: 'id', in: 'path', required: true }], responses: { '200': { description: 'a' }, '4XX': { description: 'b' }, default: { description: 'c' } } },
    },
  },
});
const template = (path: string) => matchPath(contract.model, path)?.template;

void test('a literal path wins over a template, the earliest literal segment first', () => {
  assert.equal(template('/notes/stats'), '/notes/stats');
  assert.equal(template('/notes/n1'), '/notes/{id}');
  assert.equal(template('/users/stats'), '/{kind}/stats');
  assert.equal(template('/notes'), undefined);
  assert.equal(template('/notes/n1/extra'), undefined);
});

void test('a template may fill part of a segment', () => {
  assert.equal(template('/files/report.json'), '/files/{name}.json');
  assert.equal(template('/files/report.txt'), undefined);
});

void test("the servers' path prefixes (with variables at their defaults) are taken off", () => {
  assert.equal(template('/api/v1/notes/n1'), '/notes/{id}');
  assert.equal(template('/api/v1/notes/stats'), '/notes/stats');
  assert.equal(template('/api/v2/notes/n1'), undefined);
});

void test("a target's own path prefix is taken off before matching", () => {
  assert.equal(documentPath(new URL('https://host/base/notes/n1'), 'https://host/base'), '/notes/n1');
  assert.equal(documentPath(new URL('https://host/notes/n1'), 'https://host'), '/notes/n1');
  assert.equal(documentPath(new URL('https://host/other/notes'), 'https://host/base'), '/other/notes');
});

void test('HEAD answers to its own operation, else to GET', () => {
  const head = findOperation(contract, 'HEAD', '/notes/n1');
  assert.equal(head.kind === 'operation' && head.operation.label, 'HEAD /notes/{id}');
  const fallback = findOperation(contract, 'HEAD', '/notes/stats');
  assert.equal(fallback.kind === 'operation' && fallback.operation.label, 'GET /notes/stats');
  assert.equal(findOperation(contract, 'POST', '/notes/stats').kind, 'no-method');
  assert.equal(findOperation(contract, 'GET', '/nowhere').kind, 'no-path');
});

void test('a status answers to its code, else its range, else default', () => {
  const found = findOperation(contract, 'GET', '/orders/1');
  assert.ok(found.kind === 'operation');
  assert.equal(matchStatus(found.operation, 200)?.key, '200');
  assert.equal(matchStatus(found.operation, 404)?.key, '4XX');
  assert.equal(matchStatus(found.operation, 503)?.key, 'default');
  const notes = findOperation(contract, 'GET', '/notes/n1');
  assert.ok(notes.kind === 'operation');
  assert.equal(matchStatus(notes.operation, 404), undefined);
});
