/** A target that talks HTTP/1.1 through an undici dispatcher: in memory, over loopback or over the network. */
import type { Dispatcher } from 'undici';
import type { Mode } from '../format/exchange.js';
import { dispatchAndCollect, fetchThrough } from './collect-response.js';
import type { MemoryClient } from './memory-client.js';
import { needsNodeClient, type NodeClient } from './node-client.js';
import type { OutgoingRequest, RawResponse, Target } from './target.js';

export class DispatcherTarget implements Target {
  readonly mode: Mode;
  readonly kind: string;
  readonly origin: string;
  /** The dispatcher, or what makes it on first use (in-process, most requests never need it). */
  #dispatcher: Dispatcher | (() => Dispatcher);
  #closed = false;
  readonly #onClose: (() => Promise<void>) | undefined;
  /** For the requests undici cannot send as written (see `node-client.ts`); undefined: all go through undici. */
  readonly #nodeClient: NodeClient | undefined;
  /** In-process: the client every other request goes through instead of undici (see `memory-client.ts`). */
  readonly #memoryClient: MemoryClient | undefined;
  /** The dispatcher `fetch` goes through, made on first use (see {@link fetch}). */
  #fetchDispatcher: Dispatcher | undefined;

  constructor(mode: Mode, kind: string, origin: string, dispatcher: Dispatcher | (() => Dispatcher), onClose?: () => Promise<void>, nodeClient?: NodeClient, memoryClient?: MemoryClient) {
    this.mode = mode;
    this.kind = kind;
    this.origin = origin;
    this.#dispatcher = dispatcher;
    this.#onClose = onClose;
    this.#nodeClient = nodeClient;
    this.#memoryClient = memoryClient;
  }

  send(request: OutgoingRequest): Promise<RawResponse> {
    if (this.#nodeClient && needsNodeClient(request)) return this.#nodeClient.send(request);
    if (this.#memoryClient) return this.#memoryClient.send(request);
    return dispatchAndCollect(this.dispatcher(), request);
  }

  /**
   * The platform fetch on this target's connections. undici closes the connection after a HEAD
   * unless told otherwise; the builder keeps it alive for every method, and so does fetch here, so
   * the app sees the same `Connection` whichever sent the request.
   */
  fetch(request: Request): Promise<Response> {
    // Not `compose()`: its handler wrapping folds repeated Set-Cookie lines into one for fetch.
    const dispatcher = this.dispatcher();
    this.#fetchDispatcher ??= { dispatch: (options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => dispatcher.dispatch({ ...options, reset: false }, handler) } as Dispatcher;
    return fetchThrough(this.#fetchDispatcher, request);
  }

  dispatcher(): Dispatcher {
    if (typeof this.#dispatcher === 'function') {
      this.#dispatcher = this.#dispatcher();
      // Made after close(): destroyed at once, as it would have been by close().
      if (this.#closed) void this.#dispatcher.destroy();
    }
    return this.#dispatcher;
  }

  async close(): Promise<void> {
    this.#nodeClient?.close();
    this.#memoryClient?.close();
    this.#closed = true;
    if (typeof this.#dispatcher !== 'function') await this.#dispatcher.destroy();
    await this.#onClose?.();
  }
}
