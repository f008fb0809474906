import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Note } from '../src/note.js';
import { useNotesApi } from './support/notes-api.js';
import { createNote, newAuthor } from './support/test-data.js';

const api = useNotesApi();

void test("pages through an author's notes in creation order", async (t) => {
  const author = newAuthor(t, api);
  const created: Note[] = [];
  for (let i = 0; i < 5; i++) created.push(await createNote(api, author, { title: `page item ${i}` }));

  const seen: string[] = [];
  let next: string | null = `/notes?author=${author}&limit=2`;
  let pages = 0;
  while (next !== null) {
    const page = await api.get(next).expect(200).expectJson({ total: 5, limit: 2 });
    seen.push(...(page.json.items as Note[]).map((note) => note.id));
    next = page.json.next;
    pages++;
    assert.ok(pages <= 3, 'more pages than 5 notes in pages of 2 can fill');
  }
  assert.equal(pages, 3);
  assert.deepEqual(seen, created.map((note) => note.id));
});

void test('uses offset and limit as given, and an empty page past the end', async (t) => {
  const author = newAuthor(t, api);
  const notes = [await createNote(api, author), await createNote(api, author), await createNote(api, author)];
  await api
    .get('/notes')
    .query({ author, offset: 1, limit: 1 })
    .expectJson({ items: [{ id: notes[1]!.id }], total: 3, offset: 1, limit: 1, next: `/notes?author=${author}&offset=2&limit=1` });
  await api.get('/notes').query({ author, offset: 2 }).expectJson({ items: [{ id: notes[2]!.id }], total: 3, limit: 20, next: null });
  await api.get('/notes').query({ author, offset: 10 }).expectJson({ items: [], total: 3, next: null });
});

void test('lists nothing for an author without notes', async (t) => {
  const author = newAuthor(t, api);
  await api.get('/notes').query({ author }).expect(200).expectJson({ items: [], total: 0, offset: 0, next: null });
});

void test('lists notes of every author when none is named', async (t) => {
  const note = await createNote(api, newAuthor(t, api));
  const { total } = (await api.get('/notes').query({ limit: 1 }).expect(200)).json;
  assert.ok(total >= 1);
  // Other tests may share this store; ids grow with time, so the new note is among the last ones.
  const tail = await api.get('/notes').query({ offset: Math.max(total - 100, 0), limit: 100 }).expect(200);
  assert.ok((tail.json.items as Note[]).some((item) => item.id === note.id), `note ${note.id} is not among the last ${tail.json.items.length} notes`);
});

void test('refuses paging parameters out of range with 400', async () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
    [{ offset: '1.5' }, 'offset'],
    [{ author: 'no spaces allowed' }, 'author'],
    [{ author: 'x'.repeat(65) }, 'author'],
  ];
  for (const [query, field] of cases) {
    await api
      .get('/notes')
      .query(query)
      .expect(400)
      .expectHeader('content-type', 'application/problem+json')
      .expectJson({ type: /validation$/, status: 400, errors: [{ field }] });
  }
});
