/**
 * The service's own typed client, tested in both modes: built on `api.fetch`, or on undici's
 * fetch through `api.dispatcher`, it reaches the service in-process or the deployment
 * `TANDEM_TARGET` names, unchanged.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { NotesApiError, NotesClient } from '../src/client/notes-client.js';
import { useNotesApi } from './support/notes-api.js';
import { newAuthor, uniqueTitle } from './support/test-data.js';

const api = useNotesApi();

// With a target named in the config file, the origin is known once the test app is ready.
before(() => api.ready());

const clients = {
  'api.fetch': () => new NotesClient({ baseUrl: api.origin, fetch: api.fetch }),
  'api.dispatcher': () => new NotesClient({ baseUrl: api.origin, dispatcher: api.dispatcher }),
};

for (const [through, makeClient] of Object.entries(clients)) {
  void test(`the typed client creates, reads, updates, lists and deletes a note through ${through}`, async (t) => {
    const notes = makeClient();
    const author = newAuthor(t, api);
    const title = uniqueTitle('from the client');
    const created = await notes.create({ author, title, tags: ['sdk'] });
    assert.equal(created.title, title);
    assert.equal(created.version, 1);

    assert.deepEqual(await notes.get(created.id), created);
    const updated = await notes.update(created.id, { body: 'edited', version: 1 });
    assert.equal(updated.version, 2);
    await assert.rejects(notes.update(created.id, { body: 'stale', version: 1 }), (error: unknown) => error instanceof NotesApiError && error.status === 409);

    const page = await notes.list({ author });
    assert.deepEqual(
      page.items.map((note) => note.id),
      [created.id],
    );
    // What the client saw is what the test app sees.
    await api.get(`/notes/${created.id}`).expectJson({ id: created.id, body: 'edited', version: 2 });

    await notes.delete(created.id);
    await assert.rejects(notes.get(created.id), (error: unknown) => error instanceof NotesApiError && error.status === 404 && /no note/.test(error.message));
  });
}

void test('a client pointed at another origin is refused by api.dispatcher before anything is sent', async () => {
  const elsewhere = new NotesClient({ baseUrl: 'http://elsewhere.invalid', dispatcher: api.dispatcher });
  await assert.rejects(elsewhere.get('0123456789abcdef01234567'), (error: unknown) => {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code === 'TANDEM_INVALID_REQUEST' && /only the target's origin/.test(cause.message ?? '');
  });
});
