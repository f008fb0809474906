/**
 * The in-process target's HTTP/1.1 client: it writes each request's bytes into an in-memory
 * connection to the app's real `http.Server` and reads the answer with Node's own HTTP parser, the
 * one `http.request` reads responses with. The app's side is unchanged (Node's server, its parser,
 * real `IncomingMessage`/`ServerResponse`); only the client end is this file.
 *
 * Written by hand because no maintained client fits the in-memory case: undici waits an event-loop
 * turn before it reuses a kept-alive connection and another to check it, so every sequential
 * request costs two turns; Node's `http.request` runs its agent's bookkeeping and two streams per
 * request. Here a request is written and its response parsed in the same turn, about twice as
 * fast as either (`npm run bench`, "target.send").
 *
 * It sends what undici would send (the same request line, header lines and framing: see
 * {@link requestHead}) and reads what undici would read: 1xx informational responses are passed
 * over, an unasked `100 Continue` or an upgrade is refused with undici's own `SocketError`, so
 * every mode fails the same way. Requests undici cannot send as written never come here (see
 * `node-client.ts`).
 *
 * The parser is not documented by Node: see `node-http-parser.ts` for how it is found, and the
 * fallback to undici when it is not.
 */
import type http from 'node:http';
import type https from 'node:https';
import { undici } from './undici.js';
import { socketPair, type MemorySocket, type PairOptions } from './memory-socket.js';
import { PAYLOAD_METHODS, switchedWithoutUpgrade } from './node-client.js';
import { memoryParser, type NodeHttpParser, type ParserClass } from './node-http-parser.js';
import { rawToHeaders } from './raw-headers.js';
import { bodyTooLarge, type OutgoingRequest, type RawResponse } from './target.js';

const EMPTY = new Uint8Array(0);

/**
 * The request line and header lines undici writes for `request`: `host` and `connection` first,
 * the request's own headers as written, then the body's `content-length` unless the request set
 * one. A `host` the request sets replaces the target's; `connection: close` closes the connection
 * after the response.
 */
function requestHead(request: OutgoingRequest, host: string): { head: string; close: boolean } {
  const { method, body } = request;
  let own = '';
  let close = false;
  let length = false;
  for (const [name, value] of request.headers) {
    switch (name.length) {
      case 4:
        if (name.toLowerCase() === 'host') {
          host = value;
          continue;
        }
        break;
      case 10:
        if (name.toLowerCase() === 'connection') {
          close = value.trim().toLowerCase() === 'close';
          continue;
        }
        break;
      case 14:
        if (name.toLowerCase() === 'content-length') length = true;
        break;
    }
    own += `${name}: ${value}\r\n`;
  }
  let head = `${method} ${request.target} HTTP/1.1\r\nhost: ${host}\r\nconnection: ${close ? 'close' : 'keep-alive'}\r\n${own}`;
  const bytes = body === undefined ? 0 : (body as Uint8Array).byteLength;
  if (!length && (bytes > 0 || PAYLOAD_METHODS.has(method))) head += `content-length: ${bytes}\r\n`;
  return { head: head + '\r\n', close };
}

/** One request on a connection, from its bytes written to its response read. */
class Exchange {
  readonly request: OutgoingRequest;
  readonly resolve: (response: RawResponse) => void;
  readonly reject: (error: unknown) => void;
  readonly close: boolean;
  status = 0;
  statusText = '';
  rawHeaders: string[] = [];
  chunks: Buffer[] = [];
  keepAlive = false;
  /** The response's head was a 1xx informational one: its end is not the exchange's. */
  informational = false;
  done = false;

  constructor(request: OutgoingRequest, close: boolean, resolve: (response: RawResponse) => void, reject: (error: unknown) => void) {
    this.request = request;
    this.close = close;
    this.resolve = resolve;
    this.reject = reject;
  }
}

/** One in-memory connection: the client end of a socket pair and the parser reading it. */
class MemoryConnection {
  readonly socket: MemorySocket;
  readonly #parser: NodeHttpParser;
  readonly #Parser: ParserClass;
  readonly #client: MemoryClient;
  #exchange: Exchange | undefined;
  dead = false;

  constructor(client: MemoryClient, socket: MemorySocket, Parser: ParserClass) {
    this.#client = client;
    this.socket = socket;
    this.#Parser = Parser;
    const parser = (this.#parser = new Parser());
    parser.initialize(Parser.RESPONSE, {}, 0, 0);
    // Node's parser calls these as methods of itself: each is made once per connection.
    parser[Parser.kOnHeaders] = (headers: string[]) => this.#onHeaders(headers);
    parser[Parser.kOnHeadersComplete] = (_major: number, _minor: number, headers: string[] | undefined, _method: unknown, _url: unknown, status: number, statusText: string, upgrade: boolean, keepAlive: boolean) =>
      this.#onHeadersComplete(headers, status, statusText, upgrade, keepAlive);
    parser[Parser.kOnBody] = (chunk: Buffer) => this.#onBody(chunk);
    parser[Parser.kOnMessageComplete] = () => this.#onMessageComplete();
    socket.on('data', (data: Buffer) => this.#onData(data));
    socket.on('end', () => this.#onEnd());
    socket.on('error', (error: Error) => this.#fail(error));
    // The error is made only for an exchange it fails: a connection closed while idle loads nothing.
    socket.on('close', () => {
      this.#fail(this.#exchange?.done === false ? new (undici().errors.SocketError)('other side closed') : undefined);
      this.#release();
      client.forget(this);
    });
  }

  /**
   * Frees the parser once the connection is gone: without it the native parser keeps the
   * connection, its sockets and its callbacks alive for ever. Closed on a later turn, as Node's
   * own `freeParser` does, so that no `execute()` is still on the stack.
   */
  #release(): void {
    const parser = this.#parser;
    const Parser = this.#Parser;
    parser[Parser.kOnHeaders] = parser[Parser.kOnHeadersComplete] = parser[Parser.kOnBody] = parser[Parser.kOnMessageComplete] = null;
    setImmediate(closeParser, parser);
  }

  /** Sends `request` on this (idle) connection. */
  send(exchange: Exchange, head: string): void {
    this.#exchange = exchange;
    const body = exchange.request.body as Uint8Array | undefined;
    this.socket.write(head, 'latin1');
    if (body !== undefined && body.byteLength > 0 && !this.dead) this.socket.write(body);
  }

  /** Ends the exchange in flight with `reason` and drops the connection (an abort, a timeout, a close). */
  abort(exchange: Exchange, reason: unknown): void {
    if (this.#exchange !== exchange) return;
    this.#fail(reason);
  }

  /** Whether a request may go out on it: the server has not closed its end (a keep-alive timeout, say). */
  usable(): boolean {
    const peer = this.socket.peer;
    return !this.dead && peer !== undefined && !peer.destroyed && !peer.writableEnded;
  }

  destroy(): void {
    this.dead = true;
    this.socket.destroy();
  }

  #onData(data: Buffer): void {
    const result = this.#parser.execute(data);
    if (result instanceof Error) this.#fail(parseError(result, this.#exchange));
  }

  #onEnd(): void {
    // A body framed by the connection closing ends here; any other response cut short by the
    // close (the parser's "invalid EOF state") fails as undici fails it.
    if (!this.dead && this.#exchange) this.#parser.finish();
    this.#fail(this.#exchange?.done === false ? new (undici().errors.SocketError)('other side closed') : undefined);
  }

  #onHeaders(headers: string[]): void {
    const exchange = this.#exchange;
    // Once the status is known these are the trailers of a chunked body, which undici does not
    // count as headers (a 1xx leaves the status at 0, so a final response's headers still count).
    if (exchange && exchange.status === 0) for (const item of headers) exchange.rawHeaders.push(item);
  }

  #onHeadersComplete(headers: string[] | undefined, status: number, statusText: string, upgrade: boolean, keepAlive: boolean): number {
    const exchange = this.#exchange;
    if (!exchange || exchange.done) {
      this.#fail(new (undici().errors.SocketError)('bad response'));
      return 1;
    }
    if (headers) {
      if (exchange.rawHeaders.length === 0) exchange.rawHeaders = headers;
      else for (const item of headers) exchange.rawHeaders.push(item);
    }
    if (status === 101) {
      // An upgrade nobody asked for (requests that ask go through Node's client) is refused, as
      // undici refuses it; a 101 naming no protocol is read as Node's client reads it: no body.
      if (upgrade) this.#fail(switchedWithoutUpgrade(false));
      else {
        exchange.request.progress.status = 101;
        this.#finish(exchange, 101, statusText, false);
      }
      return 1;
    }
    if (status < 200) {
      // undici refuses a 100 Continue it did not ask for, and passes other 1xx over.
      if (status === 100) this.#fail(new (undici().errors.SocketError)('bad response'));
      else {
        exchange.informational = true;
        exchange.rawHeaders = [];
      }
      return 1;
    }
    exchange.status = status;
    exchange.statusText = statusText;
    exchange.keepAlive = keepAlive;
    exchange.request.progress.status = status;
    return exchange.request.method === 'HEAD' ? 1 : 0;
  }

  #onBody(chunk: Buffer): void {
    const exchange = this.#exchange;
    if (!exchange || exchange.done) return;
    const { request } = exchange;
    request.progress.bytes += chunk.byteLength;
    if (request.maxBodyBytes !== undefined && request.progress.bytes > request.maxBodyBytes) {
      this.#fail(bodyTooLarge(request, request.progress.bytes));
      return;
    }
    exchange.chunks.push(chunk);
  }

  #onMessageComplete(): void {
    const exchange = this.#exchange;
    if (!exchange || exchange.done) return;
    if (exchange.informational) {
      exchange.informational = false;
      return;
    }
    // As undici: a body of another length than the response's Content-Length (a 204 or 304 that
    // announces one, say) fails the response, whatever the parser made of it.
    const declared = declaredLength(exchange);
    if (declared !== undefined && exchange.request.method !== 'HEAD' && exchange.request.progress.bytes !== declared) {
      this.#fail(new (undici().errors.ResponseContentLengthMismatchError)());
      return;
    }
    this.#finish(exchange, exchange.status, exchange.statusText, exchange.keepAlive && !exchange.close);
  }

  #finish(exchange: Exchange, status: number, statusText: string, reusable: boolean): void {
    exchange.done = true;
    this.#exchange = undefined;
    const { chunks, rawHeaders } = exchange;
    const body = chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    exchange.resolve({ status, statusText, headers: rawToHeaders(rawHeaders), body, rawHeaders });
    if (reusable && !this.dead) this.#client.release(this);
    else {
      // Closed once the server's writes of this turn are done: a response the server writes in
      // several chunks (`res.end()` uncorking) may be complete before its last, empty, chunk, and
      // over TCP those writes reach the kernel whatever the client does next.
      this.dead = true;
      process.nextTick(destroySocket, this.socket);
    }
  }

  #fail(error: unknown): void {
    const exchange = this.#exchange;
    this.#exchange = undefined;
    if (!this.dead) this.destroy();
    if (exchange && !exchange.done) {
      exchange.done = true;
      exchange.reject(error);
    }
  }
}

/** The response's `Content-Length` as undici reads it (repeated lines joined), or undefined without one. */
function declaredLength(exchange: Exchange): number | undefined {
  const raw = exchange.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.length === 14 && raw[i]!.toLowerCase() === 'content-length') value = (value ?? '') + raw[i + 1]!;
  return value === undefined || value === '' ? undefined : parseInt(value, 10);
}

/** Node's parser error as undici reports the same bytes: a header overflow, a length mismatch, or an `HTTPParserError`. */
function parseError(error: Error & { code?: string; reason?: string }, exchange: Exchange | undefined): Error {
  const { errors } = undici();
  if (error.code === 'HPE_HEADER_OVERFLOW') return new errors.HeadersOverflowError();
  const declared = exchange && declaredLength(exchange);
  if (declared !== undefined && exchange!.request.progress.bytes !== declared) return new errors.ResponseContentLengthMismatchError();
  // undici's types leave out the constructor's second argument, the llhttp error name.
  const ParserError = errors.HTTPParserError as unknown as new (message: string, code: string | undefined) => Error;
  return new ParserError(`Response does not match the HTTP/1.1 protocol (${error.reason ?? error.message})`, error.code?.replace(/^HPE_/, ''));
}

function closeParser(parser: NodeHttpParser): void {
  parser.close();
}

function destroySocket(socket: MemorySocket): void {
  socket.destroy();
}

/**
 * Sends requests to `server` over in-memory connections it hands the server through `event`
 * (`'secureConnection'` for an `https.Server`), keeping idle ones for the next request.
 *
 * @example
 * const client = MemoryClient.create(server, 'localhost', 80, {}, 'connection');
 * const response = await client?.send(request);
 */
export class MemoryClient {
  readonly #Parser: ParserClass;
  readonly #server: http.Server | https.Server;
  readonly #host: string;
  readonly #port: number;
  readonly #pair: PairOptions;
  readonly #event: string;
  readonly #idle: MemoryConnection[] = [];
  readonly #open = new Set<MemoryConnection>();

  private constructor(Parser: ParserClass, server: http.Server | https.Server, host: string, port: number, pair: PairOptions, event: string) {
    this.#Parser = Parser;
    this.#server = server;
    this.#host = host;
    this.#port = port;
    this.#pair = pair;
    this.#event = event;
  }

  /** A client for `server` reached as `host` (the `Host` header), or undefined when Node's parser is not there to use. */
  static create(server: http.Server | https.Server, host: string, port: number, pair: PairOptions, event: string): MemoryClient | undefined {
    const Parser = memoryParser();
    return Parser ? new MemoryClient(Parser, server, host, port, pair, event) : undefined;
  }

  /** Sends `request` and reads the whole response. */
  send(request: OutgoingRequest): Promise<RawResponse> {
    const { abort } = request;
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the reason is the TimeoutError, AbortedError or ClosedError it was aborted with
    if (abort.aborted) return Promise.reject(abort.reason);
    const { head, close } = requestHead(request, this.#host);
    const connection = this.#connection();
    return new Promise<RawResponse>((resolve, reject) => {
      const exchange = new Exchange(request, close, resolve, reject);
      connection.send(exchange, head);
      abort.onAbort((reason) => connection.abort(exchange, reason));
    });
  }

  /** Keeps `connection` for the next request. */
  release(connection: MemoryConnection): void {
    this.#idle.push(connection);
  }

  /** Drops `connection`, closed, from the open ones. */
  forget(connection: MemoryConnection): void {
    this.#open.delete(connection);
  }

  /** Destroys every connection; nothing is left open. */
  close(): void {
    for (const connection of this.#open) connection.destroy();
    this.#open.clear();
    this.#idle.length = 0;
  }

  #connection(): MemoryConnection {
    let idle: MemoryConnection | undefined;
    while ((idle = this.#idle.pop())) if (idle.usable()) return idle;
    const [client, serverEnd] = socketPair(this.#port, this.#pair);
    const connection = new MemoryConnection(this, client, this.#Parser);
    this.#open.add(connection);
    this.#server.emit(this.#event, serverEnd);
    return connection;
  }
}
