import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useNotesApi } from './support/notes-api.js';
import { createNote, newAuthor } from './support/test-data.js';

const api = useNotesApi();

/** A problem for each listed field (and no others). */
function fieldsOf(errors: Array<{ field: string }>): string[] {
  return errors.map((error) => error.field).sort();
}

void test('refuses a note without the fields it needs, listing each problem', async () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['empty object', {}, ['author', 'title']],
    ['blank title', { author: 'ada', title: '   ' }, ['title']],
    ['title too long', { author: 'ada', title: 'x'.repeat(201) }, ['title']],
    ['title not a string', { author: 'ada', title: 42 }, ['title']],
    ['author with spaces', { author: 'Ada Lovelace', title: 'hi' }, ['author']],
    ['body not a string', { author: 'ada', title: 'hi', body: ['x'] }, ['body']],
    ['tags not an array', { author: 'ada', title: 'hi', tags: 'a,b' }, ['tags']],
    ['blank tag', { author: 'ada', title: 'hi', tags: ['ok', ' '] }, ['tags[1]']],
    ['too many tags', { author: 'ada', title: 'hi', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, ['tags']],
    ['unknown field', { author: 'ada', title: 'hi', colour: 'red' }, ['colour']],
    ['client-chosen id', { author: 'ada', title: 'hi', id: '000000000000000000000000' }, ['id']],
  ];
  for (const [what, body, fields] of cases) {
    const res = await api.post('/notes').json(body).expect(400).expectHeader('content-type', 'application/problem+json').expectJson({ type: /validation$/, status: 400, instance: '/notes' });
    assert.deepEqual(fieldsOf(res.json.errors), fields, what);
  }
});

void test('refuses a body that is not a JSON object', async () => {
  for (const body of [[], 'a string', 42, null]) {
    await api.post('/notes').json(body).expect(400).expectJson({ type: /validation$/, errors: [{ field: '', message: /JSON object/ }] });
  }
});

void test('answers 400 to malformed JSON', async () => {
  await api
    .post('/notes')
    .send('{"author": "ada", "title": ', 'application/json')
    .expect(400)
    .expectHeader('content-type', 'application/problem+json')
    .expectJson({ type: /malformed-json$/, title: 'The body is not valid JSON', status: 400 });
});

void test('answers 415 to a body that is not JSON', async () => {
  await api.post('/notes').form({ author: 'ada', title: 'hi' }).expect(415).expectJson({ type: /unsupported-media-type$/, status: 415, detail: /application\/x-www-form-urlencoded/ });
  await api.post('/notes').send('author=ada', 'text/plain').expect(415);
});

void test('answers 413 to a body over 64 KiB', async () => {
  await api
    .post('/notes')
    .json({ author: 'ada', title: 'big', body: 'x'.repeat(70_000) })
    .expect(413)
    .expectJson({ type: /payload-too-large$/, status: 413 });
});

void test('refuses updates that change nothing or change the author', async (t) => {
  const note = await createNote(api, newAuthor(t, api));
  const cases: Array<[string, unknown, string[]]> = [
    ['empty patch', {}, ['']],
    ['only a version', { version: 1 }, ['']],
    ['author', { author: 'someone-else' }, ['author']],
    ['version zero', { title: 'x', version: 0 }, ['version']],
    ['version as text', { title: 'x', version: '1' }, ['version']],
    ['unknown field', { title: 'x', pinned: true }, ['pinned']],
    ['blank title', { title: '' }, ['title']],
  ];
  for (const [what, body, fields] of cases) {
    const res = await api.patch(`/notes/${note.id}`).json(body).expect(400).expectJson({ type: /validation$/ });
    assert.deepEqual(fieldsOf(res.json.errors), fields, what);
  }
  await api.get(`/notes/${note.id}`).expectJson({ version: 1, author: note.author, title: note.title });
});

void test('answers 404 with a problem for unknown routes', async () => {
  // Probes of routes the OpenAPI document does not have: opted out of the contract check.
  await api
    .get('/no/such/route')
    .contract(false)
    .expect(404)
    .expectHeader('content-type', 'application/problem+json')
    .expectJson({ type: /not-found$/, detail: 'no route for GET /no/such/route' });
  await api.put('/notes').json({}).contract(false).expect(404);
});
