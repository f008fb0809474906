/** The body of a request streamed with `.write()` calls and closed by `.end()`: sent chunked, chunk by chunk. */

/**
 * A push-based async iterable: `.write()` pushes, `.end()` closes, the target reads.
 *
 * @example
 * const body = new WriteQueue();
 * body.push(Buffer.from('{"user":'));
 * body.push(Buffer.from('"tobi"}'));
 * body.close();
 */
export class WriteQueue implements AsyncIterable<Uint8Array> {
  readonly #chunks: Uint8Array[] = [];
  #closed = false;
  #wake: (() => void) | undefined;

  /** Queues a chunk. */
  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#wake?.();
  }

  /** Ends the body after the chunks queued so far. */
  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk) {
        yield chunk;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }
}
