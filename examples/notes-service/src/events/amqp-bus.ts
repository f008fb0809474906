/**
 * Note events on RabbitMQ: published persistent to a durable topic exchange (routing key = event
 * type) on a confirm channel; consumed from a durable queue bound to `note.*`, acknowledged after
 * the handler succeeded.
 */
import { connect, type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { isNoteEvent, type EventBus, type EventHandler, type NoteEvent, type Subscription } from './note-event.js';

const TIMEOUT_MS = 3_000;
const PREFETCH = 16;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface AmqpBusOptions {
  exchange: string;
  queue: string;
  onError?: (error: unknown, event?: NoteEvent) => void;
}

export class AmqpBus implements EventBus {
  readonly kind = 'amqp';
  readonly #connection: ChannelModel;
  readonly #publisher: ConfirmChannel;
  readonly #options: AmqpBusOptions;
  #down: Error | undefined;
  #closing = false;

  private constructor(connection: ChannelModel, publisher: ConfirmChannel, options: AmqpBusOptions) {
    this.#connection = connection;
    this.#publisher = publisher;
    this.#options = options;
    connection.on('error', (error: Error) => {
      this.#down = error;
      this.#report(error);
    });
    connection.on('close', () => {
      this.#down ??= new Error('the RabbitMQ connection closed');
    });
    publisher.on('error', (error: Error) => this.#report(error));
  }

  /**
   * Connects to `url` and declares the exchange; rejects if RabbitMQ does not answer in time.
   *
   * @example
   * const bus = await AmqpBus.connect('amqp://guest:guest@127.0.0.1:5672', { exchange: 'notes.events', queue: 'notes.stats-worker' });
   */
  static async connect(url: string, options: AmqpBusOptions): Promise<AmqpBus> {
    const host = new URL(url).host;
    let connection: ChannelModel;
    try {
      connection = await withTimeout(connect(url, { timeout: TIMEOUT_MS }), TIMEOUT_MS + 500, `RabbitMQ at ${host}`);
    } catch (error) {
      throw new Error(`cannot connect to RabbitMQ at ${host}: ${(error as Error).message}`, { cause: error });
    }
    try {
      const publisher = await connection.createConfirmChannel();
      await publisher.assertExchange(options.exchange, 'topic', { durable: true });
      return new AmqpBus(connection, publisher, options);
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  #report(error: unknown, event?: NoteEvent): void {
    if (!this.#closing) this.#options.onError?.(error, event);
  }

  publish(event: NoteEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      try {
        this.#publisher.publish(
          this.#options.exchange,
          event.type,
          Buffer.from(JSON.stringify(event)),
          { persistent: true, contentType: 'application/json', messageId: event.id, type: event.type, timestamp: Math.floor(Date.now() / 1000) },
          (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(`RabbitMQ refused event ${event.id}`)) : resolve()),
        );
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  async subscribe(handler: EventHandler): Promise<Subscription> {
    const channel = await this.#connection.createChannel();
    channel.on('error', (error: Error) => this.#report(error));
    const { queue, exchange } = this.#options;
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, 'note.*');
    await channel.prefetch(PREFETCH);
    let inHand: Promise<void> = Promise.resolve();
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (message) inHand = inHand.then(() => this.#handle(channel, message, handler));
    });
    return {
      close: async () => {
        await channel.cancel(consumerTag).catch(() => undefined);
        await inHand;
        await channel.close().catch(() => undefined);
      },
    };
  }

  async #handle(channel: Channel, message: ConsumeMessage, handler: EventHandler): Promise<void> {
    let event: unknown;
    try {
      event = JSON.parse(message.content.toString('utf8'));
    } catch {
      event = undefined;
    }
    try {
      if (!isNoteEvent(event)) {
        this.#report(new Error(`dropped a message that is not a note event: ${message.content.toString('utf8').slice(0, 200)}`));
        channel.reject(message, false);
        return;
      }
      try {
        await handler(event);
        channel.ack(message);
      } catch (error) {
        // One more try on another delivery; a second failure drops it rather than loop forever.
        this.#report(error, event);
        channel.nack(message, false, !message.fields.redelivered);
      }
    } catch (error) {
      this.#report(error); // the channel closed under us: the broker redelivers the message
    }
  }

  async ping(): Promise<void> {
    if (this.#down) throw new Error(`RabbitMQ is unreachable: ${this.#down.message}`);
    await withTimeout(this.#publisher.checkExchange(this.#options.exchange), TIMEOUT_MS, 'RabbitMQ');
  }

  async close(): Promise<void> {
    this.#closing = true;
    if (this.#down) return;
    await withTimeout(this.#connection.close(), TIMEOUT_MS, 'closing the RabbitMQ connection').catch(() => undefined);
  }
}
