/** Where notes and the per-author stats live: Redis in production, a Map in functional tests. */
import type { Note } from '../note.js';

/** One page of notes, oldest first. */
export interface NotePage {
  items: Note[];
  total: number;
}

/** Per-author counts kept by the worker: live notes, and edits made to them. */
export interface AuthorStats {
  notes: number;
  edits: number;
}

/** The outcome of a conditional write. */
export type WriteResult = { ok: true; note: Note } | { ok: false; reason: 'missing' } | { ok: false; reason: 'conflict'; current: Note };

export interface Store {
  /** `'redis'` or `'memory'`, reported by `/health`. */
  readonly kind: string;
  /** Stores a new note (its id is new). */
  create(note: Note): Promise<void>;
  get(id: string): Promise<Note | undefined>;
  /** Notes oldest first, all of them or one author's. */
  list(options: { author?: string | undefined; offset: number; limit: number }): Promise<NotePage>;
  /**
   * Replaces a note by `change(current)`, atomically: fails with `conflict` when `expectedVersion`
   * is given and is not the current version, `missing` when there is no such note.
   */
  update(id: string, change: (current: Note) => Note, expectedVersion?: number): Promise<WriteResult>;
  /** Deletes a note and returns it as it was, or `missing`. */
  remove(id: string): Promise<WriteResult>;
  /** Adds to an author's counts; an author whose counts are all zero is not stored at all. */
  addStats(author: string, delta: AuthorStats): Promise<void>;
  /** One author's counts (zeros for an unknown author). */
  stats(author: string): Promise<AuthorStats>;
  /** Every author with a nonzero count. */
  allStats(): Promise<Record<string, AuthorStats>>;
  /** Resolves when the store answers, rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
