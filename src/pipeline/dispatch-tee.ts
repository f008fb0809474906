/**
 * A streamed exchange at the end of the pipeline (`api.dispatcher`, and a builder request sent
 * with `SendOverrides.stream`): the target's own dispatcher answers, and the response is streamed
 * to the caller's handler as it arrives, while a copy of the body is kept. When it ends, the
 * pipeline's steps (recording, cleanup, contract checks) run on the copy before the caller hears
 * the end, so a failed check reaches the caller as the request's error. The exchange's deadline
 * and abort switch reach the connection. For `api.dispatcher`, an event stream, which may never
 * end, goes to the caller untouched and is not checked; a builder request reads it to the end, as
 * it reads any response.
 */
import type { Dispatcher } from 'undici';
import { undici } from '../targets/undici.js';
import type { IncomingHttpHeaders } from 'node:http';
import { TestResponse } from '../response/test-response.js';
import type { Exchange } from './exchange.js';
import { isEventStream } from './event-stream.js';

type Controller = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[0];

/** A controller for an error delivered before the target's dispatcher made one. */
function deadController(error: Error): Controller {
  return { aborted: true, paused: false, reason: error, rawHeaders: null, rawTrailers: null, abort() {}, pause() {}, resume() {} };
}

function headersOf(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.append(name, String(value));
  }
  return headers;
}

/** The handler the target's dispatcher talks to; it forwards to the caller's. */
export class DispatchTee implements Dispatcher.DispatchHandler {
  /** The caller's handler, in undici's current handler interface whatever it was written in. */
  readonly #caller: Dispatcher.DispatchHandler;
  #exchange: Exchange | undefined;
  #resolve: (() => void) | undefined;
  #reject: ((error: Error) => void) | undefined;
  #controller: Controller | undefined;
  #status = 0;
  #statusText = '';
  #headers: Headers | undefined;
  /** The header lines off the wire, when undici kept them. */
  #rawHeaders: ReadonlyArray<Buffer | string> | undefined;
  #chunks: Buffer[] = [];
  /** An event stream: everything goes straight to the caller. */
  #passThrough = false;
  /** The end held back until the checks passed. */
  #trailers: IncomingHttpHeaders | undefined;
  #ended = false;
  /** The caller heard the end or an error: it hears nothing more. */
  #done = false;

  constructor(caller: Dispatcher.DispatchHandler) {
    this.#caller = new (undici().DecoratorHandler)(caller);
  }

  /** Sends `exchange` through `dispatcher`; settles when the response is complete (or, for an event stream, has started). */
  send(exchange: Exchange, dispatcher: Dispatcher, options: Dispatcher.DispatchOptions): Promise<void> {
    this.#exchange = exchange;
    return new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      dispatcher.dispatch(options, this);
    });
  }

  onRequestStart(controller: Controller, context: unknown): void {
    this.#controller = controller;
    // A builder's deadline, close and `.abort()` (an `api.dispatcher` exchange has no switch: its caller aborts).
    this.#exchange?.abort?.onAbort((reason) => controller.abort(reason as Error));
    this.#caller.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Controller, statusCode: number, headers: IncomingHttpHeaders, socket: import('node:stream').Duplex): void {
    this.#passThrough = true;
    this.#resolve?.();
    this.#caller.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Controller, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    // An informational response (103 Early Hints): the final one follows, and is the one the caller hears.
    if (statusCode < 200) return;
    this.#controller = controller;
    this.#status = statusCode;
    this.#statusText = statusMessage ?? '';
    this.#headers = headersOf(headers);
    const raw = controller.rawHeaders;
    this.#rawHeaders = Array.isArray(raw) ? raw : undefined;
    const progress = this.#exchange?.progress;
    if (progress) progress.status = statusCode;
    if (this.#exchange?.via !== 'builder' && isEventStream(this.#headers)) {
      this.#passThrough = true;
      this.#resolve?.();
    }
    this.#caller.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (!this.#passThrough) this.#chunks.push(chunk);
    if (this.#exchange) this.#exchange.progress.bytes += chunk.byteLength;
    this.#caller.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Controller, trailers: IncomingHttpHeaders): void {
    if (this.#passThrough) {
      this.#done = true;
      this.#caller.onResponseEnd?.(controller, trailers);
      return;
    }
    this.#ended = true;
    this.#trailers = trailers;
    const exchange = this.#exchange!;
    exchange.response = new TestResponse(
      {
        status: this.#status,
        statusText: this.#statusText,
        headers: this.#headers ?? new Headers(),
        body: Buffer.concat(this.#chunks),
        rawHeaders: this.#rawHeaders,
        url: exchange.url.href,
        request: exchange.summary(),
        target: exchange.target,
        durationMs: performance.now() - exchange.started,
      },
      exchange.sender.navigator,
      exchange.spec,
    );
    this.#chunks = [];
    this.#resolve?.();
  }

  onResponseError(controller: Controller, error: Error): void {
    if (this.#passThrough) {
      this.#done = true;
      this.#caller.onResponseError?.(controller, error);
    } else this.#reject?.(error);
  }

  /** The pipeline is done with the exchange: the caller hears the end it was waiting for. */
  finish(): void {
    if (this.#done || !this.#ended) return;
    this.#done = true;
    this.#caller.onResponseEnd?.(this.#controller!, this.#trailers ?? {});
  }

  /** The exchange failed (refused, unreachable, or a check failed on the complete response): the caller hears why. */
  fail(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#caller.onResponseError?.(this.#controller ?? deadController(error), error);
  }
}

/**
 * The dispatcher end of the pipeline; the headers the steps added (the run header) go out after
 * the caller's.
 *
 * @example
 * await dispatchThrough(exchange);
 */
export function dispatchThrough(exchange: Exchange): Promise<void> {
  const { options, handler } = exchange.dispatch!;
  exchange.started = performance.now();
  const headers: string[] = [];
  for (const [name, value] of exchange.headers) headers.push(name, value);
  return (handler as DispatchTee).send(exchange, exchange.target.dispatcher(), { ...options, headers });
}
