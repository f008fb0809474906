/**
 * A small typed client of the notes service: what the service would publish as its SDK. It takes
 * the pieces an SDK usually lets its users swap: a `fetch` implementation and an undici
 * `Dispatcher` (for proxies, connection pools — or, in tests, tandem's `api.fetch` and
 * `api.dispatcher`, which route to the service in-process or to a deployment).
 */
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import type { Note, NotePatch } from '../note.js';

/** What the client passes to fetch (plus `dispatcher` when it was given one). */
export interface ClientInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** The fetch the client calls: the platform's `fetch`, undici's, or tandem's `api.fetch`. */
export type FetchLike = (input: string, init: ClientInit) => Promise<Response>;

export interface NotesClientOptions {
  /** The service's base URL, e.g. `https://notes.example.com`. */
  baseUrl: string;
  /** The fetch to call. @default undici's fetch */
  fetch?: FetchLike;
  /** The undici dispatcher every request goes through. @default undici's global dispatcher */
  dispatcher?: Dispatcher;
}

/** A page of notes, as `GET /notes` answers. */
export interface NotesPage {
  items: Note[];
  total: number;
  offset: number;
  limit: number;
  next: string | null;
}

/** A note to create: an author and a title, the rest optional. */
export interface NewNote {
  author: string;
  title: string;
  body?: string;
  tags?: string[];
}

/** The service answered with an error: its status and RFC 9457 problem. */
export class NotesApiError extends Error {
  readonly status: number;
  readonly problem: { type?: string; title?: string; detail?: string } | undefined;

  constructor(method: string, path: string, status: number, problem: NotesApiError['problem']) {
    super(`${method} ${path} answered ${status}${problem?.detail ? `: ${problem.detail}` : ''}`);
    this.name = 'NotesApiError';
    this.status = status;
    this.problem = problem;
  }
}

/**
 * The notes service's API, typed.
 *
 * @example
 * const notes = new NotesClient({ baseUrl: 'http://127.0.0.1:3000' });
 * const note = await notes.create({ author: 'ann', title: 'groceries' });
 * await notes.update(note.id, { body: 'milk', version: note.version });
 */
export class NotesClient {
  readonly #baseUrl: string;
  readonly #fetch: FetchLike;
  readonly #dispatcher: Dispatcher | undefined;

  constructor({ baseUrl, fetch = undiciFetch, dispatcher }: NotesClientOptions) {
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#fetch = fetch;
    this.#dispatcher = dispatcher;
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: ClientInit = { method, headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers['content-type'] = 'application/json';
    }
    // fetch(url, { dispatcher }): undici's fetch (and Node's) send the request through it.
    const response = await this.#fetch(`${this.#baseUrl}${path}`, this.#dispatcher ? Object.assign(init, { dispatcher: this.#dispatcher }) : init);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (!response.ok) throw new NotesApiError(method, path, response.status, parsed as NotesApiError['problem']);
    return parsed as T;
  }

  /** Creates a note. */
  create(note: NewNote): Promise<Note> {
    return this.#call('POST', '/notes', note);
  }

  /** The note `id`; rejects with a 404 `NotesApiError` when there is none. */
  get(id: string): Promise<Note> {
    return this.#call('GET', `/notes/${encodeURIComponent(id)}`);
  }

  /** A page of notes, oldest first, optionally of one author. */
  list(query: { author?: string; offset?: number; limit?: number } = {}): Promise<NotesPage> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.#call('GET', `/notes${search}`);
  }

  /** Changes a note; with `version`, only if it is still at that version (else a 409). */
  update(id: string, patch: NotePatch): Promise<Note> {
    return this.#call('PATCH', `/notes/${encodeURIComponent(id)}`, patch);
  }

  /** Deletes a note. */
  delete(id: string): Promise<void> {
    return this.#call('DELETE', `/notes/${encodeURIComponent(id)}`);
  }
}
