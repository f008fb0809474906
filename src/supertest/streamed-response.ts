/**
 * The response of `test.request().on('response', res => …)` as it arrives: an undici handler
 * that turns the pipeline's stream of the exchange into what Node's `http.IncomingMessage` offers a
 * listener (`statusCode`, `headers`, `rawHeaders`, `'data'`/`'end'`, `pause()`/`resume()`,
 * `setEncoding()`, `pipe()`), emitted as soon as the headers are in. Reading is back-pressure:
 * while the test does not read, the connection is not read either, so the app's writes wait as
 * they would on a socket.
 */
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { rawToHeaders } from '../targets/raw-headers.js';
import { headerObject } from './response.js';

type Controller = Dispatcher.DispatchController;

/** The `IncomingMessage` fields a `'response'` listener reads. */
export interface IncomingView extends Readable {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly headers: Record<string, string | string[]>;
  readonly rawHeaders: string[];
  readonly httpVersion: string;
  /** True once the whole body has arrived, as `IncomingMessage#complete`. */
  readonly complete: boolean;
  /** True when the exchange failed before the body was complete, as `IncomingMessage#aborted`. */
  readonly aborted: boolean;
}

/** Where the stream goes once the headers are in: the view's `'response'`. */
export interface ResponseListener {
  emit(event: 'response', res: IncomingView): boolean;
  emit(event: 'error', error: Error): boolean;
  listenerCount(event: string): number;
}

/** Runs `fn`; an exception of the test's own (an assertion in its listener) is uncaught, as it would be in Node's client. */
function outside(fn: () => void): void {
  try {
    fn();
  } catch (thrown) {
    process.nextTick(() => {
      throw thrown;
    });
  }
}

class StreamedResponse extends Readable implements IncomingView {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly headers: Record<string, string | string[]>;
  readonly rawHeaders: string[];
  readonly httpVersion = '1.1';
  complete = false;
  aborted = false;
  readonly #controller: Controller;

  constructor(controller: Controller, statusCode: number, statusMessage: string, rawHeaders: string[]) {
    super();
    this.#controller = controller;
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
    this.rawHeaders = rawHeaders;
    const headers = rawToHeaders(rawHeaders);
    this.headers = headerObject(headers);
  }

  override _read(): void {
    if (this.#controller.paused) this.#controller.resume();
  }
}

/** The header lines as undici got them off the wire, as strings (`IncomingMessage#rawHeaders`). */
function rawLines(controller: Controller, parsed: Record<string, string | string[] | undefined>): string[] {
  const raw = controller.rawHeaders;
  const lines: string[] = [];
  if (Array.isArray(raw)) for (const line of raw) lines.push(typeof line === 'string' ? line : line.toString('latin1'));
  else for (const [name, value] of Object.entries(parsed)) for (const one of Array.isArray(value) ? value : [value ?? '']) lines.push(name, one);
  return lines;
}

/**
 * The handler the pipeline streams a `test.request()` exchange to.
 *
 * @example
 * const res = await api.sendSpec(spec, { ...overrides, stream: new ResponseStream(view) });
 */
export class ResponseStream implements Dispatcher.DispatchHandler {
  readonly #listener: ResponseListener;
  #res: StreamedResponse | undefined;

  constructor(listener: ResponseListener) {
    this.#listener = listener;
  }

  /** Present so undici takes this for a handler of its current interface. */
  onRequestStart(): void {}

  onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>, statusMessage?: string): void {
    if (statusCode < 200) return; // an informational response: the final one follows
    const res = (this.#res = new StreamedResponse(controller, statusCode, statusMessage ?? '', rawLines(controller, headers)));
    outside(() => this.#listener.emit('response', res));
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    const res = this.#res;
    if (!res || res.destroyed) return;
    let more = true;
    outside(() => (more = res.push(chunk)));
    if (!more) controller.pause();
  }

  onResponseEnd(): void {
    const res = this.#res;
    if (!res || res.destroyed) return;
    res.complete = true;
    outside(() => res.push(null));
  }

  /**
   * The exchange failed. Before the headers, the view hears `'error'` if it listens for it; after
   * them, the body is cut short as Node's is: `'aborted'`, then `'error'` only if listened for.
   */
  onResponseError(_controller: Controller, error: Error): void {
    const res = this.#res;
    if (!res) {
      if (this.#listener.listenerCount('error') > 0) outside(() => this.#listener.emit('error', error));
      return;
    }
    if (res.complete || res.destroyed) return;
    res.aborted = true;
    outside(() => {
      res.emit('aborted');
      res.destroy(res.listenerCount('error') > 0 ? error : undefined);
    });
  }
}
