/** The in-memory stand-in for Redis: the same behaviour, in a Map. */
import type { Note } from '../note.js';
import type { AuthorStats, NotePage, Store, WriteResult } from './store.js';

export class MemoryStore implements Store {
  readonly kind = 'memory';
  readonly #notes = new Map<string, Note>();
  readonly #stats = new Map<string, AuthorStats>();

  create(note: Note): Promise<void> {
    this.#notes.set(note.id, structuredClone(note));
    return Promise.resolve();
  }

  get(id: string): Promise<Note | undefined> {
    const note = this.#notes.get(id);
    return Promise.resolve(note && structuredClone(note));
  }

  list({ author, offset, limit }: { author?: string | undefined; offset: number; limit: number }): Promise<NotePage> {
    const all = [...this.#notes.values()].filter((note) => author === undefined || note.author === author).sort((a, b) => (a.id < b.id ? -1 : 1));
    return Promise.resolve({ items: structuredClone(all.slice(offset, offset + limit)), total: all.length });
  }

  update(id: string, change: (current: Note) => Note, expectedVersion?: number): Promise<WriteResult> {
    const current = this.#notes.get(id);
    if (!current) return Promise.resolve({ ok: false, reason: 'missing' });
    if (expectedVersion !== undefined && expectedVersion !== current.version) return Promise.resolve({ ok: false, reason: 'conflict', current: structuredClone(current) });
    const next = change(structuredClone(current));
    this.#notes.set(id, structuredClone(next));
    return Promise.resolve({ ok: true, note: next });
  }

  remove(id: string): Promise<WriteResult> {
    const current = this.#notes.get(id);
    if (!current) return Promise.resolve({ ok: false, reason: 'missing' });
    this.#notes.delete(id);
    return Promise.resolve({ ok: true, note: current });
  }

  addStats(author: string, delta: AuthorStats): Promise<void> {
    const current = this.#stats.get(author) ?? { notes: 0, edits: 0 };
    const next = { notes: current.notes + delta.notes, edits: current.edits + delta.edits };
    if (next.notes === 0 && next.edits === 0) this.#stats.delete(author);
    else this.#stats.set(author, next);
    return Promise.resolve();
  }

  stats(author: string): Promise<AuthorStats> {
    return Promise.resolve({ ...(this.#stats.get(author) ?? { notes: 0, edits: 0 }) });
  }

  allStats(): Promise<Record<string, AuthorStats>> {
    return Promise.resolve(Object.fromEntries([...this.#stats].sort(([a], [b]) => (a < b ? -1 : 1)).map(([author, stats]) => [author, { ...stats }])));
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
