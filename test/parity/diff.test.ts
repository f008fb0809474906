/** The parity diff on its own: one difference per field, JSON by path, text by line, noise, ids. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_IGNORED_HEADERS, diffResponses, markNoise, type ComparedResponse, type DiffOptions } from '../../src/parity/diff-responses.js';
import { IdMap } from '../../src/parity/id-map.js';

const answer = (status: number, headers: Record<string, string>, body: string): ComparedResponse => ({ status, headers: new Headers(headers), body: new TextEncoder().encode(body) });
const json = (value: unknown, headers: Record<string, string> = {}, status = 200) => answer(status, { 'content-type': 'application/json', ...headers }, JSON.stringify(value));
const options: DiffOptions = { ignoreHeaders: new Set(DEFAULT_IGNORED_HEADERS) };
const paths = (a: ComparedResponse, b: ComparedResponse, o = options) => diffResponses(a, b, o).map((d) => `${d.where} ${d.path} ${d.kind} ${d.primary ?? '-'} ${d.candidate ?? '-'}`);

void describe('diffResponses', () => {
  void test('JSON: path by path, a change of type included, missing and added keys and elements', () => {
    assert.deepEqual(paths(json({ items: [{ price: 1 }, { price: 2 }, { price: 3 }, { price: 4 }], gone: true, 'a b': 1 }), json({ items: [{ price: 1 }, { price: 2 }, { price: 3 }, { price: '4' }, { price: 5 }], 'a b': 2, extra: null })), [
      'body $.items[3].price type 4 "4"',
      'body $.items[4] added - {"price":5}',
      'body $.gone missing true -',
      'body $["a b"] changed 1 2',
      'body $.extra added - null',
    ]);
  });

  void test('the status and headers: the documented ones ignored, Set-Cookie by cookie names only', () => {
    const a = json({}, { date: 'Mon', etag: '"1"', 'x-a': '1', 'set-cookie': 'sid=one; Path=/' });
    const b = json({}, { date: 'Tue', etag: '"2"', 'x-b': '1', 'set-cookie': 'sid=two; Path=/' }, 201);
    assert.deepEqual(paths(a, b), ['status status changed 200 201', 'header x-a missing 1 -', 'header x-b added - 1']);
    assert.deepEqual(paths(a, json({}, { 'x-a': '1', 'set-cookie': 'token=x' })), ['header set-cookie changed sid token']);
  });

  void test('text line by line; a binary body as one field; a 204 without its Content-Type is no difference', () => {
    assert.deepEqual(paths(answer(200, { 'content-type': 'text/plain' }, 'a\nb\nc'), answer(200, { 'content-type': 'text/plain' }, 'a\nB')), ['body line 2 changed b B', 'body line 3 missing c -']);
    const bytes = (b: number[]): ComparedResponse => ({ status: 200, headers: new Headers(), body: new Uint8Array(b) });
    assert.deepEqual(paths(bytes([0xff, 1]), bytes([0xff, 2])), ['body body changed 2 bytes 2 bytes']);
    assert.deepEqual(paths(answer(204, {}, ''), answer(204, { 'content-type': 'text/plain' }, '')), []);
  });

  void test('noise: a field the primary differs on from itself is marked, every array element alike', () => {
    const a = json({ at: 1, items: [{ at: 1, price: 1 }], price: 1 });
    const differences = markNoise(diffResponses(a, json({ at: 2, items: [{ at: 2, price: '1' }], price: 2 }), options), diffResponses(json({ at: 1, items: [{ at: 9, price: 1 }] }), json({ at: 3, items: [{ at: 8, price: 1 }] }), options));
    assert.deepEqual(differences.map((d) => `${d.path}${d.noise ? ' noise' : ''}`), ['$.at noise', '$.items[0].at noise', '$.items[0].price', '$.price']);
  });
});

void describe('IdMap', () => {
  const url = new URL('http://a/notes');
  void test("learns the candidate's ids from Location and the JSON id, rewrites paths and treats mapped ids as equal", () => {
    const ids = new IdMap();
    ids.learn(json({ id: 7 }, { location: '/notes/7' }, 201), json({ id: 12 }, { location: '/notes/12' }, 201), url);
    assert.equal(ids.rewrite(new URL('http://a/notes/7/tags?x=7')).href, 'http://a/notes/12/tags?x=7');
    assert.equal(ids.same('7', '12'), true);
    assert.equal(ids.same('/notes/7', '/notes/12'), true);
    assert.equal(ids.same('8', '12'), false);
    assert.deepEqual(paths(json({ id: 7 }, { location: '/notes/7' }), json({ id: 12 }, { location: '/notes/12' }), { ...options, sameId: (a, b) => ids.same(a, b) }), []);
  });

  void test('remembers what only the primary created', () => {
    const ids = new IdMap();
    ids.learnOnlyPrimary(json({ id: 'n1' }, { location: '/notes/n1' }, 201), url, 'POST /notes');
    assert.equal(ids.onlyPrimary(new URL('http://a/notes/n1')), 'POST /notes');
    assert.equal(ids.onlyPrimary(new URL('http://a/notes/n2')), undefined);
  });
});
