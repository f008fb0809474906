/**
 * Test data: every test writes as its own author, unique to the run (`api.unique`, tagged with the
 * run id). The notes a test creates are removed by tandem's cleanup ledger when it ends, passed or
 * failed (each `201` with a `Location` registers its `DELETE`); then the author's remaining notes
 * (made around tandem, e.g. by the typed client) are removed too, and the worker is waited for.
 */
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import type { TestApp } from '../../../../src/index.js';
import type { Note } from '../../src/note.js';
import { eventually } from './eventually.js';

/** Every author this process's tests wrote as. */
export const authorsUsed = new Set<string>();

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 30);
}

/**
 * Cleans up after a test of `author`: the ledger deletes what the test created (newest first),
 * then any note of `author` still listed is deleted, then this waits until the worker has counted
 * the deletions.
 */
export async function removeAuthorData(api: TestApp, author: string): Promise<void> {
  await api.cleanup('test');
  for (let round = 0; round < 20; round++) {
    const page = await api.get('/notes').query({ author, limit: 100 }).expect(200);
    const notes = page.json.items as Note[];
    if (notes.length === 0) break;
    for (const note of notes) await api.delete(`/notes/${note.id}`).expect([204, 404]);
  }
  await eventually(() => api.get(`/stats/${author}`).expect(200).expectJson({ notes: 0, edits: 0 }));
}

/**
 * A fresh author name for test `t`; whatever it owns is deleted when `t` ends.
 *
 * @example
 * const author = newAuthor(t, api);
 * await api.post('/notes').json({ author, title: 'hi' }).expect(201);
 */
export function newAuthor(t: TestContext, api: TestApp): string {
  const author = api.unique(`t-${slug(t.name).slice(0, 16)}`);
  authorsUsed.add(author);
  t.after(() => removeAuthorData(api, author));
  return author;
}

/**
 * A unique title: tests never depend on what other runs, or other tests, left behind.
 */
export function uniqueTitle(label: string): string {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

/** Creates a note and returns it. */
export async function createNote(api: TestApp, author: string, fields: Partial<Pick<Note, 'title' | 'body' | 'tags'>> = {}): Promise<Note> {
  const res = await api
    .post('/notes')
    .json({ author, title: uniqueTitle('note'), ...fields })
    .expect(201);
  return res.json as Note;
}
