/** Dependencies that fail the way a Redis or RabbitMQ outage does, for in-process tests. */
import { MemoryBus } from '../../src/events/memory-bus.js';
import { MemoryStore } from '../../src/store/memory-store.js';

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
}

/** A store whose every call fails as when Redis is unreachable. */
export class UnreachableStore extends MemoryStore {
  override ping(): Promise<void> {
    return Promise.reject(refused());
  }
  override create(): Promise<void> {
    return Promise.reject(refused());
  }
}

/** A bus whose broker connection has closed. */
export class BrokenBus extends MemoryBus {
  override ping(): Promise<void> {
    return Promise.reject(new Error('the RabbitMQ connection closed'));
  }
  override publish(): Promise<void> {
    return Promise.reject(new Error('the RabbitMQ connection closed'));
  }
}
