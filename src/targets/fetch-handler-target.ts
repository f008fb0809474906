/**
 * In-process target for fetch handlers (`(Request) => Response`: Hono, itty-router, route
 * handlers): the handler is called with a platform `Request` and its `Response` is read, streams
 * included. What a network would do to the response is done here too: no body for HEAD.
 */
import http from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Dispatcher } from 'undici';
import { BadTargetError } from '../errors/bad-target-error.js';
import { HandlerError } from '../errors/handler-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import type { DispatcherTarget } from './dispatcher-target.js';
import { createNodeHandlerTarget, guardListener } from './node-handler-target.js';
import { bodyTooLarge, type OutgoingRequest, type RawResponse, type Target } from './target.js';

/** A fetch handler, as Hono's `app.fetch` or any `export default { fetch }` module gives. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

function isResponse(value: unknown): value is Response {
  return value instanceof Response || (typeof value === 'object' && value !== null && typeof (value as Response).status === 'number' && typeof (value as Response).arrayBuffer === 'function' && (value as Response).headers instanceof Headers);
}

async function readBody(stream: ReadableStream<Uint8Array> | null, request: OutgoingRequest): Promise<Uint8Array> {
  const { abort, progress } = request;
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  let finished = false;
  abort.onAbort((reason) => {
    if (!finished) void reader.cancel(reason).catch(() => undefined);
  });
  try {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      progress.bytes += value.byteLength;
      if (request.maxBodyBytes !== undefined && progress.bytes > request.maxBodyBytes) {
        const error = bodyTooLarge(request, progress.bytes);
        finished = true;
        await reader.cancel(error).catch(() => undefined);
        throw error;
      }
      chunks.push(value);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  } finally {
    finished = true;
  }
}

function bodyInit(body: OutgoingRequest['body']): RequestInit['body'] {
  if (body === undefined || body instanceof Uint8Array) return body as RequestInit['body'];
  const iterator = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}

export class FetchHandlerTarget implements Target {
  readonly mode = 'in-process' as const;
  readonly kind: string;
  readonly origin: string;
  readonly #handler: FetchHandler;
  readonly #onClose: (() => Promise<void>) | undefined;
  #bridge: DispatcherTarget | undefined;

  constructor(handler: FetchHandler, kind: string, origin: string, onClose?: () => Promise<void>) {
    this.#handler = handler;
    this.kind = kind;
    this.origin = origin;
    this.#onClose = onClose;
  }

  async send(request: OutgoingRequest): Promise<RawResponse> {
    const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers: request.headers as Array<[string, string]>, signal: request.abort.signal };
    const body = bodyInit(request.body);
    if (body !== undefined && (request.method === 'GET' || request.method === 'HEAD')) {
      throw new InvalidRequestError(
        `${request.method} ${request.url.pathname}: a fetch handler is handed a Request, which cannot carry a body on ${request.method} (the fetch standard forbids it); HTTP allows one, so send it to a Node server (in-process or over loopback) to test it`,
      );
    }
    if (body !== undefined) {
      init.body = body;
      init.duplex = 'half';
    }
    const response = await this.fetch(new Request(request.url, init));
    request.progress.status = response.status;
    if (request.method === 'HEAD') {
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, statusText: response.statusText, headers: response.headers, body: new Uint8Array(0) };
    }
    const bytes = await readBody(response.body, request);
    return { status: response.status, statusText: response.statusText, headers: response.headers, body: bytes };
  }

  async fetch(request: Request): Promise<Response> {
    let response: unknown;
    try {
      response = await this.#handler(request);
    } catch (error) {
      const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new HandlerError(`the app threw while handling ${request.method} ${new URL(request.url).pathname}: ${what}`, { cause: error });
    }
    if (!isResponse(response)) {
      throw new BadTargetError(
        `the fetch handler returned ${response === null ? 'null' : typeof response} instead of a Response. ` +
          'If this function builds the app rather than handling a request, pass it as a factory taking no arguments: createTestApp(() => build(config)).',
      );
    }
    return response;
  }

  /**
   * A dispatcher for client libraries: undici speaks HTTP/1.1 over an in-memory connection to a
   * Node server that hands each request to the handler (through @hono/node-server's adapter), so
   * framing is added as a server would add it. Made on first use.
   */
  dispatcher(): Dispatcher {
    this.#bridge ??= createNodeHandlerTarget(
      http.createServer(guardListener(getRequestListener((request) => this.fetch(request), { overrideGlobalObjects: false }))),
      this.kind,
      this.origin,
    );
    return this.#bridge.dispatcher();
  }

  async close(): Promise<void> {
    await this.#bridge?.close();
    await this.#onClose?.();
  }
}
