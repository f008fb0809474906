/** The HTTP API: notes CRUD, health and stats, as a Hono app over a store and an event bus. */
import { Hono, type Context } from 'hono';
import { noteEvent, type EventBus } from './events/note-event.js';
import { newId, isId } from './new-id.js';
import { applyPatch, isAuthor, validateDraft, validatePatch, type FieldError, type Note } from './note.js';
import { problem } from './problem.js';
import type { Store } from './store/store.js';

export interface AppDependencies {
  store: Store;
  bus: EventBus;
  /** Where unexpected errors are reported. @default console.error */
  log?: (message: string, error: unknown) => void;
}

const MAX_BODY_BYTES = 64 * 1024;
const PAGE = { defaultLimit: 20, maxLimit: 100 };

type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Reads a JSON request body, answering 415, 413 or 400 when it is not one. */
async function readJson(c: Context): Promise<Parsed<unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    return { ok: false, response: problem('unsupported-media-type', { detail: `send the body as application/json, not ${type === '' ? 'without a content-type' : JSON.stringify(type)}`, instance: c.req.path }) };
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    return { ok: false, response: problem('payload-too-large', { detail: `the body is larger than ${MAX_BODY_BYTES} bytes`, instance: c.req.path }) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, response: problem('malformed-json', { detail: (error as Error).message, instance: c.req.path }) };
  }
}

function invalid(c: Context, errors: FieldError[]): Response {
  const detail = errors.map((e) => (e.field ? `${e.field} ${e.message}` : e.message)).join('; ');
  return problem('validation', { detail, instance: c.req.path, errors });
}

function intParam(c: Context, name: string, fallback: number, min: number, max: number, errors: FieldError[]): number {
  const text = c.req.query(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    errors.push({ field: name, message: `must be an integer from ${min} to ${max}` });
    return fallback;
  }
  return value;
}

function noteNotFound(c: Context, id: string): Response {
  return problem('not-found', { detail: `there is no note ${JSON.stringify(id)}`, instance: c.req.path });
}

function nextPage(author: string | undefined, offset: number, limit: number): string {
  const params = new URLSearchParams();
  if (author !== undefined) params.set('author', author);
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  return `/notes?${params.toString()}`;
}

/**
 * Builds the app. It owns nothing: closing the store and bus is the caller's business.
 *
 * @example
 * const app = createApp({ store: new MemoryStore(), bus: new MemoryBus() });
 * const res = await app.request('/health');
 */
export function createApp({ store, bus, log = (message, error) => console.error(message, error) }: AppDependencies): Hono {
  const app = new Hono();

  app.get('/health', async (c) => {
    const [storeCheck, busCheck] = await Promise.allSettled([store.ping(), bus.ping()]);
    const describe = (kind: string, result: PromiseSettledResult<void>) =>
      result.status === 'fulfilled' ? { kind, status: 'up' } : { kind, status: 'down', error: result.reason instanceof Error ? result.reason.message : String(result.reason) };
    const up = storeCheck.status === 'fulfilled' && busCheck.status === 'fulfilled';
    return c.json({ status: up ? 'ok' : 'unavailable', checks: { store: describe(store.kind, storeCheck), events: describe(bus.kind, busCheck) } }, up ? 200 : 503);
  });

  app.post('/notes', async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const draft = validateDraft(body.value);
    if (!draft.ok) return invalid(c, draft.errors);
    const now = new Date().toISOString();
    const note: Note = { id: newId(), ...draft.value, version: 1, createdAt: now, updatedAt: now };
    await store.create(note);
    await bus.publish(noteEvent('note.created', note));
    return c.json(note, 201, { location: `/notes/${note.id}` });
  });

  app.get('/notes', async (c) => {
    const errors: FieldError[] = [];
    const author = c.req.query('author');
    if (author !== undefined && !isAuthor(author)) errors.push({ field: 'author', message: "must be 1 to 64 letters, digits, '.', '_' or '-'" });
    const limit = intParam(c, 'limit', PAGE.defaultLimit, 1, PAGE.maxLimit, errors);
    const offset = intParam(c, 'offset', 0, 0, Number.MAX_SAFE_INTEGER, errors);
    if (errors.length > 0) return invalid(c, errors);
    const page = await store.list({ author, offset, limit });
    const next = offset + page.items.length < page.total ? nextPage(author, offset + limit, limit) : null;
    return c.json({ items: page.items, total: page.total, offset, limit, next });
  });

  app.get('/notes/:id', async (c) => {
    const id = c.req.param('id');
    const note = isId(id) ? await store.get(id) : undefined;
    return note ? c.json(note) : noteNotFound(c, id);
  });

  app.patch('/notes/:id', async (c) => {
    const id = c.req.param('id');
    if (!isId(id)) return noteNotFound(c, id);
    const body = await readJson(c);
    if (!body.ok) return body.response;
    const patch = validatePatch(body.value);
    if (!patch.ok) return invalid(c, patch.errors);
    const result = await store.update(id, (current) => applyPatch(current, patch.value, new Date()), patch.value.version);
    if (!result.ok) {
      if (result.reason === 'missing') return noteNotFound(c, id);
      return problem('version-conflict', {
        detail: `version ${patch.value.version} was given but the note is at version ${result.current.version}; fetch it and apply the change again`,
        instance: c.req.path,
        currentVersion: result.current.version,
      });
    }
    await bus.publish(noteEvent('note.updated', result.note));
    return c.json(result.note);
  });

  app.delete('/notes/:id', async (c) => {
    const id = c.req.param('id');
    if (!isId(id)) return noteNotFound(c, id);
    const result = await store.remove(id);
    if (!result.ok) return noteNotFound(c, id);
    await bus.publish(noteEvent('note.deleted', result.note));
    return c.body(null, 204);
  });

  app.get('/stats', async (c) => c.json({ authors: await store.allStats() }));

  app.get('/stats/:author', async (c) => {
    const author = c.req.param('author');
    if (!isAuthor(author)) return invalid(c, [{ field: 'author', message: "must be 1 to 64 letters, digits, '.', '_' or '-'" }]);
    return c.json({ author, ...(await store.stats(author)) });
  });

  app.notFound((c) => problem('not-found', { detail: `no route for ${c.req.method} ${c.req.path}`, instance: c.req.path }));

  app.onError((error, c) => {
    log(`notes-service: ${c.req.method} ${c.req.path} failed`, error);
    return problem('internal', { detail: 'the request could not be completed; the error has been logged', instance: c.req.path });
  });

  return app;
}
