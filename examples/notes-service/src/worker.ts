/**
 * The stats worker: consumes note events and keeps per-author counts (live notes, and edits made
 * to them) in the store. Every event is a pure addition, so the counts come out right whatever
 * order events are handled in, and an author whose notes are all deleted is left with no counts.
 */
import type { EventBus, NoteEvent, Subscription } from './events/note-event.js';
import type { AuthorStats, Store } from './store/store.js';

/** What one event adds to its author's counts. */
export function statsDelta(event: NoteEvent): AuthorStats {
  const edits = event.note.version - 1;
  switch (event.type) {
    case 'note.created':
      return { notes: 1, edits };
    case 'note.updated':
      return { notes: 0, edits: 1 };
    case 'note.deleted':
      return { notes: -1, edits: -edits };
  }
}

/**
 * Starts consuming `bus` into `store`; `close()` stops after the event in hand.
 *
 * @example
 * const worker = await startWorker(bus, store);
 * await worker.close();
 */
export function startWorker(bus: EventBus, store: Store): Promise<Subscription> {
  return bus.subscribe((event) => store.addStats(event.note.author, statsDelta(event)));
}
