import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Note } from '../src/note.js';
import { useNotesApi } from './support/notes-api.js';
import { createNote, newAuthor, uniqueTitle } from './support/test-data.js';

const api = useNotesApi();

void test('creates a note and serves it at its Location', async (t) => {
  const author = newAuthor(t, api);
  const title = uniqueTitle('groceries');
  const created = await api
    .post('/notes')
    .json({ author, title, body: 'milk, eggs', tags: ['home'] })
    .expect(201)
    .expectHeader('content-type', /^application\/json/)
    .expectHeader('location', /^\/notes\/[0-9a-f]{24}$/)
    .expectJson({ author, title, body: 'milk, eggs', tags: ['home'], version: 1, id: /^[0-9a-f]{24}$/ });
  const note = created.json as Note;
  assert.equal(created.headers.get('location'), `/notes/${note.id}`);
  assert.equal(note.createdAt, note.updatedAt);

  const fetched = await api.get(created.headers.get('location')!).expect(200);
  assert.deepEqual(fetched.json, note);
});

void test('fills in an empty body and no tags when they are left out', async (t) => {
  const author = newAuthor(t, api);
  await api.post('/notes').json({ author, title: uniqueTitle('bare') }).expect(201).expectJson({ body: '', tags: [] });
});

void test('updates a note and moves its version on', async (t) => {
  const note = await createNote(api, newAuthor(t, api), { body: 'draft' });
  const title = uniqueTitle('renamed');
  const updated = await api.patch(`/notes/${note.id}`).json({ title, version: 1 }).expect(200).expectJson({ id: note.id, title, body: 'draft', version: 2 });
  assert.ok((updated.json as Note).updatedAt >= note.updatedAt);
  await api.patch(`/notes/${note.id}`).json({ tags: ['a', 'b'] }).expect(200).expectJson({ title, tags: ['a', 'b'], version: 3 });
  await api.get(`/notes/${note.id}`).expectJson({ title, tags: ['a', 'b'], version: 3, createdAt: note.createdAt });
});

void test('refuses an update made against an old version with 409', async (t) => {
  const note = await createNote(api, newAuthor(t, api));
  await api.patch(`/notes/${note.id}`).json({ body: 'first edit', version: 1 }).expect(200);
  const conflict = await api
    .patch(`/notes/${note.id}`)
    .json({ body: 'lost edit', version: 1 })
    .expect(409)
    .expectHeader('content-type', 'application/problem+json')
    .expectJson({ type: /version-conflict$/, status: 409, currentVersion: 2, instance: `/notes/${note.id}` });
  assert.match(conflict.json.detail, /version 1 .* version 2/);
  await api.get(`/notes/${note.id}`).expectJson({ body: 'first edit', version: 2 });
});

void test('lets exactly one of several concurrent updates of one version win', async (t) => {
  const note = await createNote(api, newAuthor(t, api));
  const results = await Promise.all(
    Array.from({ length: 5 }, (_, i) => api.patch(`/notes/${note.id}`).json({ body: `edit ${i}`, version: 1 }).expect([200, 409])),
  );
  assert.deepEqual(results.map((r) => r.status).sort(), [200, 409, 409, 409, 409]);
  const winner = results.find((r) => r.status === 200)!;
  await api.get(`/notes/${note.id}`).expectJson({ version: 2, body: winner.json.body });
});

void test('deletes a note; afterwards it is gone', async (t) => {
  const note = await createNote(api, newAuthor(t, api));
  const deleted = await api.delete(`/notes/${note.id}`).expect(204);
  assert.equal(deleted.text, '');
  await api.get(`/notes/${note.id}`).expect(404).expectJson({ type: /not-found$/, status: 404 });
  await api.delete(`/notes/${note.id}`).expect(404);
  await api.patch(`/notes/${note.id}`).json({ title: 'too late' }).expect(404);
});

void test('answers 404 with a problem for notes that do not exist', async () => {
  for (const id of ['000000000000000000000000', 'not-an-id', 'FFFFFFFFFFFFFFFFFFFFFFFF']) {
    await api
      .get(`/notes/${id}`)
      .expect(404)
      .expectHeader('content-type', 'application/problem+json')
      .expectJson({ type: 'https://notes.example/problems/not-found', title: 'Not found', status: 404, instance: `/notes/${id}` });
  }
});
