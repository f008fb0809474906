/** The in-process stand-in for RabbitMQ: a queue drained asynchronously, one event at a time. */
import type { EventBus, EventHandler, NoteEvent, Subscription } from './note-event.js';

export class MemoryBus implements EventBus {
  readonly kind = 'memory';
  readonly #queue: NoteEvent[] = [];
  readonly #handlers = new Set<EventHandler>();
  readonly #onError: (error: unknown, event: NoteEvent) => void;
  #draining: Promise<void> | undefined;
  #closed = false;

  constructor(onError: (error: unknown, event: NoteEvent) => void = () => undefined) {
    this.#onError = onError;
  }

  publish(event: NoteEvent): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the event bus is closed'));
    this.#queue.push(structuredClone(event));
    this.#drainSoon();
    return Promise.resolve();
  }

  subscribe(handler: EventHandler): Promise<Subscription> {
    this.#handlers.add(handler);
    this.#drainSoon();
    return Promise.resolve({
      close: async () => {
        this.#handlers.delete(handler);
        await this.#draining;
      },
    });
  }

  ping(): Promise<void> {
    return this.#closed ? Promise.reject(new Error('the event bus is closed')) : Promise.resolve();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#draining;
  }

  #drainSoon(): void {
    if (this.#draining || this.#handlers.size === 0) return;
    this.#draining = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.#drain());
  }

  async #drain(): Promise<void> {
    while (this.#handlers.size > 0) {
      const event = this.#queue.shift();
      if (!event) break;
      for (const handler of this.#handlers) {
        try {
          await handler(event);
        } catch (error) {
          this.#onError(error, event);
        }
      }
    }
    this.#draining = undefined;
  }
}
