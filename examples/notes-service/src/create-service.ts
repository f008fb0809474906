/** Wires the service from its configuration: store, event bus, worker and HTTP app. */
import type { Hono } from 'hono';
import { createApp } from './app.js';
import { readConfig, resourceNames, type ServiceConfig } from './config.js';
import { AmqpBus } from './events/amqp-bus.js';
import { MemoryBus } from './events/memory-bus.js';
import type { EventBus, NoteEvent } from './events/note-event.js';
import { MemoryStore } from './store/memory-store.js';
import { RedisStore } from './store/redis-store.js';
import type { Store } from './store/store.js';
import { startWorker } from './worker.js';

export interface NotesService {
  /** The HTTP entry point, `(Request) => Response`. */
  fetch: (request: Request) => Response | Promise<Response>;
  /** Stops the worker, then closes the event bus and the store. Safe to call twice. */
  close(): Promise<void>;
  app: Hono;
  store: Store;
  bus: EventBus;
  config: ServiceConfig;
}

export interface ServiceOptions {
  /** Where the configuration is read from. @default process.env */
  env?: Record<string, string | undefined>;
  /** Where unexpected errors are reported. @default console.error */
  log?: (message: string, error: unknown) => void;
}

/**
 * Builds the service: Redis when `REDIS_URL` is set, RabbitMQ when `AMQP_URL` is set, in-memory
 * stand-ins otherwise; the stats worker runs alongside the app.
 *
 * @example
 * const service = await createService();
 * const res = await service.fetch(new Request('http://localhost/health'));
 * await service.close();
 */
export async function createService(options: ServiceOptions = {}): Promise<NotesService> {
  const config = readConfig(options.env ?? process.env);
  const log = options.log ?? ((message: string, error: unknown) => console.error(message, error));
  const names = resourceNames(config.namespace);
  const onEventError = (error: unknown, event?: NoteEvent) => log(`notes-service: event ${event ? `${event.type} ${event.id}` : ''} failed`, error);
  const opened: Array<{ close(): Promise<void> }> = [];
  const closeAll = async () => {
    for (const resource of opened.splice(0).reverse()) await resource.close();
  };
  try {
    const store: Store = config.redisUrl ? await RedisStore.connect(config.redisUrl, names.keyPrefix) : new MemoryStore();
    opened.push(store);
    const bus: EventBus = config.amqpUrl ? await AmqpBus.connect(config.amqpUrl, { exchange: names.exchange, queue: names.queue, onError: onEventError }) : new MemoryBus(onEventError);
    opened.push(bus);
    opened.push(await startWorker(bus, store));
    const app = createApp({ store, bus, log });
    let closing: Promise<void> | undefined;
    return {
      fetch: (request) => app.fetch(request),
      close: () => (closing ??= closeAll()),
      app,
      store,
      bus,
      config,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
