/** The events the service publishes for every change to a note, and the bus that carries them. */
import { randomUUID } from 'node:crypto';
import type { Note } from '../note.js';

export type NoteEventType = 'note.created' | 'note.updated' | 'note.deleted';

export interface NoteEvent {
  id: string;
  type: NoteEventType;
  occurredAt: string;
  /** The note after the change; for `note.deleted`, as it was when deleted. */
  note: Note;
}

/** Receives one event; a rejection means it was not handled. */
export type EventHandler = (event: NoteEvent) => Promise<void>;

/** A consumer attached to a bus; `close()` stops it after the event in hand. */
export interface Subscription {
  close(): Promise<void>;
}

export interface EventBus {
  /** `'amqp'` or `'memory'`, reported by `/health`. */
  readonly kind: string;
  /** Resolves once the bus has taken the event (for RabbitMQ: once the broker confirmed it). */
  publish(event: NoteEvent): Promise<void>;
  /** Delivers every event to `handler`, one at a time, in publication order. */
  subscribe(handler: EventHandler): Promise<Subscription>;
  /** Resolves when the bus answers, rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A new event about `note`. */
export function noteEvent(type: NoteEventType, note: Note, now = new Date()): NoteEvent {
  return { id: randomUUID(), type, occurredAt: now.toISOString(), note };
}

/** Whether a parsed message has the shape of a note event. */
export function isNoteEvent(value: unknown): value is NoteEvent {
  const event = value as Partial<NoteEvent> | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    typeof event.id === 'string' &&
    (event.type === 'note.created' || event.type === 'note.updated' || event.type === 'note.deleted') &&
    typeof event.note === 'object' &&
    event.note !== null &&
    typeof event.note.author === 'string' &&
    typeof event.note.version === 'number'
  );
}
