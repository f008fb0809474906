import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from './support/eventually.js';
import { useNotesApi } from './support/notes-api.js';
import { createNote, newAuthor } from './support/test-data.js';

const api = useNotesApi();

/** Waits until the worker has counted `expected` for `author` (events are asynchronous). */
function statsOf(author: string, expected: { notes: number; edits: number }) {
  return eventually(() => api.get(`/stats/${author}`).expect(200).expectJson({ author, ...expected }));
}

void test('the worker counts created notes per author', async (t) => {
  const author = newAuthor(t, api);
  const other = newAuthor(t, api);
  await createNote(api, author);
  await createNote(api, author);
  await createNote(api, other);
  await statsOf(author, { notes: 2, edits: 0 });
  await statsOf(other, { notes: 1, edits: 0 });
});

void test('the worker counts edits, and forgets them with the note', async (t) => {
  const author = newAuthor(t, api);
  const note = await createNote(api, author);
  const kept = await createNote(api, author);
  await api.patch(`/notes/${note.id}`).json({ body: 'one' }).expect(200);
  await api.patch(`/notes/${note.id}`).json({ body: 'two' }).expect(200);
  await api.patch(`/notes/${kept.id}`).json({ body: 'three' }).expect(200);
  await statsOf(author, { notes: 2, edits: 3 });
  await api.delete(`/notes/${note.id}`).expect(204);
  await statsOf(author, { notes: 1, edits: 1 });
});

void test('an author whose notes are all deleted drops out of /stats', async (t) => {
  const author = newAuthor(t, api);
  const note = await createNote(api, author);
  await eventually(async () => {
    const res = await api.get('/stats').expect(200);
    assert.deepEqual(res.json.authors[author], { notes: 1, edits: 0 });
  });
  await api.delete(`/notes/${note.id}`).expect(204);
  await eventually(async () => {
    const res = await api.get('/stats').expect(200);
    assert.equal(res.json.authors[author], undefined);
  });
  await api.get(`/stats/${author}`).expectJson({ author, notes: 0, edits: 0 });
});

void test('refuses a malformed author in /stats with 400', async () => {
  await api.get('/stats/has%20space').expect(400).expectJson({ type: /validation$/, errors: [{ field: 'author' }] });
});
