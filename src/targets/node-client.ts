/**
 * The client for the few requests undici cannot send as the test wrote them. undici refuses a
 * `Transfer-Encoding`, `Expect`, `Upgrade` or `Keep-Alive` header (it frames every request
 * itself and has no 100-continue), replaces a `Connection` header by its own, drops a
 * `Content-Length: 0` on a method that expects no body, and sends a stream that turns out empty
 * with `Content-Length: 0` where a client that frames before it reads sends an empty chunked
 * body. Node's `http.request` writes them as given,
 * so such a request, and only such a request, goes through it, over the same kind of connection
 * (an in-memory socket pair in-process, TCP or TLS otherwise). Every other request stays on
 * undici: Node's client costs more per request and is not what the rest of tandem measures.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { ConnectionError } from '../errors/connection-error.js';
import { socketPair, type PairOptions } from './memory-socket.js';
import { rawToHeaders } from './raw-headers.js';
import { bodyTooLarge, type OutgoingRequest, type RawResponse } from './target.js';

/** How long a request with `Expect: 100-continue` waits for the `100` before it sends its body anyway (curl's default). */
export const EXPECT_CONTINUE_WAIT_MS = 1000;

/** Methods whose requests anticipate a body: undici keeps a `Content-Length: 0` only on these, and sends one when there is no body. */
export const PAYLOAD_METHODS = new Set(['PUT', 'POST', 'PATCH', 'QUERY', 'PROPFIND', 'PROPPATCH']);
const KEEP_ALIVE_OR_CLOSE = /^\s*(keep-alive|close)\s*$/i;
const ZERO = /^\s*0+\s*$/;
const EMPTY = new Uint8Array(0);

/**
 * Whether undici would refuse or change a header of `request`, or the framing of its streamed
 * body, so that it must go through Node's client. Called for every request: it compares only
 * names of the right length.
 *
 * @example
 * needsNodeClient({ method: 'POST', headers: [['Transfer-Encoding', 'chunked']], body: undefined }); // true
 */
export function needsNodeClient(request: Pick<OutgoingRequest, 'method' | 'headers' | 'body'>): boolean {
  if (request.body !== undefined && !(request.body instanceof Uint8Array)) return true;
  for (const [name, value] of request.headers) {
    switch (name.length) {
      case 6:
        if (name.toLowerCase() === 'expect') return true;
        break;
      case 7:
        if (name.toLowerCase() === 'upgrade') return true;
        break;
      case 10: {
        const lower = name.toLowerCase();
        if (lower === 'keep-alive' || (lower === 'connection' && !KEEP_ALIVE_OR_CLOSE.test(value))) return true;
        break;
      }
      case 14:
        if (name.toLowerCase() === 'content-length' && ZERO.test(value) && !PAYLOAD_METHODS.has(request.method)) return true;
        break;
      case 17:
        if (name.toLowerCase() === 'transfer-encoding') return true;
        break;
    }
  }
  return false;
}

/**
 * A keep-alive agent whose connections are in-memory socket pairs, each handed to `server` through
 * `event` as the in-process target's own connections are (`'secureConnection'` for an `https.Server`).
 */
class MemoryAgent extends http.Agent {
  readonly #server: http.Server | https.Server;
  readonly #port: number;
  readonly #pair: PairOptions;
  readonly #event: string;

  constructor(server: http.Server | https.Server, port: number, pair: PairOptions, event: string) {
    super({ keepAlive: true });
    this.#server = server;
    this.#port = port;
    this.#pair = pair;
    this.#event = event;
  }

  override createConnection(): Duplex {
    const [client, serverEnd] = socketPair(this.#port, this.#pair);
    this.#server.emit(this.#event, serverEnd);
    return client;
  }
}

/**
 * An `http.request` client owned by one target, for the requests {@link needsNodeClient} picks.
 * Its agent is made on first use and destroyed by {@link close}.
 */
export class NodeClient {
  readonly #makeAgent: () => http.Agent;
  readonly #secure: boolean;
  #agent: http.Agent | undefined;

  private constructor(makeAgent: () => http.Agent, secure: boolean) {
    this.#makeAgent = makeAgent;
    this.#secure = secure;
  }

  /**
   * A client whose connections are in-memory socket pairs made with `pair` and fed to `server`
   * through `event` (the in-process target's). The client end speaks plain HTTP, as undici's does.
   *
   * @example
   * const client = NodeClient.inMemory(server, 80, {}, 'connection');
   */
  static inMemory(server: http.Server | https.Server, port: number, pair: PairOptions, event: string): NodeClient {
    return new NodeClient(() => new MemoryAgent(server, port, pair, event), false);
  }

  /**
   * A client over TCP (TLS for `https:`) to `origin`, trusting `ca` besides the system's
   * certificate authorities; verification is never turned off.
   *
   * @example
   * const client = NodeClient.network(new URL('https://staging.example.com'), undefined);
   */
  static network(origin: URL, ca: https.AgentOptions['ca']): NodeClient {
    const secure = origin.protocol === 'https:';
    return new NodeClient(() => (secure ? new https.Agent(ca ? { keepAlive: true, ca } : { keepAlive: true }) : new http.Agent({ keepAlive: true })), secure);
  }

  /** Sends `request` with its headers as written and reads the whole response. */
  send(request: OutgoingRequest): Promise<RawResponse> {
    const agent = (this.#agent ??= this.#makeAgent());
    const { url, abort, progress, body } = request;
    const send = this.#secure ? https.request : http.request;
    const framed = outgoingHeaders(request);
    return new Promise<RawResponse>((resolve, reject) => {
      // Options, not the URL: in-process an https: origin is served over a plain in-memory connection.
      const req = send({
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        method: request.method,
        agent,
        headers: framed.headers,
        path: request.target,
      });
      // A streamed body that does not match the Content-Length the test set fails, as undici's does.
      (req as http.ClientRequest & { strictContentLength: boolean }).strictContentLength = true;
      let bodySent = false;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
        req.destroy();
      };
      const sendBody = () => {
        clearTimeout(timer);
        if (bodySent) return;
        bodySent = true;
        if (body === undefined || body instanceof Uint8Array) req.end(body);
        else void writeStream(req, body).then(undefined, fail);
      };
      const sendBodyOrFail = () => {
        try {
          sendBody();
        } catch (error) {
          fail(error as Error); // a Content-Length mismatch Node's client found
        }
      };
      abort.onAbort((reason) => fail(reason as Error)); // a TimeoutError or a ClosedError
      req.on('error', fail);
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        settled = true;
        clearTimeout(timer);
        progress.status = res.statusCode ?? 0;
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: rawToHeaders(res.rawHeaders), body: EMPTY, rawHeaders: res.rawHeaders });
      });
      req.on('response', (res) => {
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        if (status === 101) {
          if (framed.asksUpgrade) fail(switchedWithoutUpgrade(true));
          else {
            // A 101 naming no protocol, to a request that asked for none: Node's client reads it as
            // a response without a body; the connection no longer speaks HTTP, so it goes.
            settled = true;
            progress.status = status;
            resolve({ status, statusText: res.statusMessage ?? '', headers: rawToHeaders(res.rawHeaders), body: EMPTY, rawHeaders: res.rawHeaders });
            req.destroy();
          }
          return;
        }
        progress.status = status;
        const chunks: Buffer[] = [];
        const limit = request.maxBodyBytes;
        res.on('data', (chunk: Buffer) => {
          progress.bytes += chunk.byteLength;
          if (limit !== undefined && progress.bytes > limit) fail(bodyTooLarge(request, progress.bytes));
          else chunks.push(chunk);
        });
        res.on('error', fail);
        res.on('end', () => {
          if (settled) return;
          settled = true;
          resolve({ status, statusText: res.statusMessage ?? '', headers: rawToHeaders(res.rawHeaders), body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), rawHeaders: res.rawHeaders });
          // A final status before the 100: the body was never sent, so the connection is not reusable.
          if (!bodySent) req.destroy();
        });
      });
      if (framed.expectsContinue && body !== undefined) {
        // As curl does: wait for the 100 (or the final status), but not for ever.
        // Deferred: an in-memory server can answer the headers with its 100 while they are still being written.
        req.once('continue', () => process.nextTick(sendBodyOrFail));
        timer = setTimeout(sendBodyOrFail, EXPECT_CONTINUE_WAIT_MS);
      } else sendBodyOrFail();
    });
  }

  /** Destroys the agent's sockets; nothing is left open. */
  close(): void {
    this.#agent?.destroy();
  }
}

/**
 * The error for a 101 Switching Protocols that switches to nothing: to a request that asked for no
 * upgrade (`asked` false), or without the `Upgrade` header naming the new protocol. After it the
 * connection no longer speaks HTTP, so there is no response to read.
 *
 * @example
 * throw switchedWithoutUpgrade(false);
 */
export function switchedWithoutUpgrade(asked: boolean): ConnectionError {
  const why = asked
    ? 'without an Upgrade header naming the protocol it switched to (RFC 9110 §7.8 requires one)'
    : 'to a request that asked for no upgrade (HTTP forbids it, RFC 9110 §15.2.2); to test a protocol switch, set Connection: upgrade and Upgrade: <protocol> on the request';
  return new ConnectionError(`the app answered 101 Switching Protocols ${why}; the connection no longer speaks HTTP, so there is no response to read`);
}

interface FramedHeaders {
  /** Flat `[name, value, …]`: Node's client writes such a list as given, in order and case. */
  headers: string[];
  expectsContinue: boolean;
  /** The test set an `Upgrade` header. */
  asksUpgrade: boolean;
}

/**
 * The request's headers as Node's client should write them: `host` and `connection` first and in
 * lower case as undici writes them (unless the test set them), then the test's headers as written,
 * then the framing the test left out (`content-length` for bytes, `transfer-encoding: chunked` for
 * a stream), so that an app sees the same request whichever client sent it.
 */
function outgoingHeaders(request: OutgoingRequest): FramedHeaders {
  let host = false;
  let connection = false;
  let framing = false;
  let expectsContinue = false;
  let asksUpgrade = false;
  const own: string[] = [];
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'host') host = true;
    else if (lower === 'connection') connection = true;
    else if (lower === 'content-length' || lower === 'transfer-encoding') framing = true;
    else if (lower === 'expect' && value.trim().toLowerCase() === '100-continue') expectsContinue = true;
    else if (lower === 'upgrade') asksUpgrade = true;
    own.push(name, value);
  }
  const headers: string[] = [];
  if (!host) headers.push('host', request.url.host);
  if (!connection) headers.push('connection', 'keep-alive');
  for (const item of own) headers.push(item);
  const body = request.body;
  if (!framing && body !== undefined) {
    if (!(body instanceof Uint8Array)) headers.push('transfer-encoding', 'chunked');
    else if (body.byteLength > 0 || PAYLOAD_METHODS.has(request.method)) headers.push('content-length', String(body.byteLength));
  }
  return { headers, expectsContinue, asksUpgrade };
}

async function writeStream(req: http.ClientRequest, body: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const chunk of body) {
    if (!req.write(chunk)) await new Promise<void>((resolve, reject) => {
      req.once('drain', resolve);
      req.once('close', () => reject(new Error('the connection closed while the body was being sent')));
    });
  }
  req.end();
}
