/**
 * The fidelity corpus's reference: a real client on a real socket. Node's own `http.request` (or
 * `https.request`) with a keep-alive `Agent` sends each corpus entry to the app listening on
 * 127.0.0.1; where `http.request` cannot read the answer (a 101 that switches to the protocol the
 * request asked for: Node's client hands the socket away), the request's bytes are written on a
 * raw `net`/`tls` socket and the answer is parsed here.
 *
 * What the reference puts on the wire, for an entry:
 * - the request line `METHOD wireTarget HTTP/1.1` (the entry's `wireTarget`, or its `target`),
 * - `Host: 127.0.0.1:<port>`, then the entry's headers in order, then (for `via: 'fetch'`) the
 *   headers the platform fetch adds, then `X-Tandem-Run` with the run id (the header every tandem
 *   request carries, so that it compares like any other), then Node's `Connection: keep-alive`;
 * - the body framed as fetch frames it, unless the entry sets `Content-Length` or
 *   `Transfer-Encoding` itself: bytes with their `Content-Length`, a stream chunked, and
 *   `Content-Length: 0` for a POST, PUT or PATCH without a body;
 * - with `Expect: 100-continue`, the body only once the `100 Continue` (or the final status) came.
 */
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { fetchHeaders, type CorpusEntry } from './fidelity-corpus.js';

/** What a client saw of the answer, and the informational (1xx) statuses before it. */
export interface Observed {
  status: number;
  statusText: string;
  /** Header lines as received (`[name, value]`, repeated names as separate lines). */
  headers: Array<[string, string]>;
  body: Uint8Array;
}

export interface ReferenceOptions {
  /** `http://127.0.0.1:<port>` or `https://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly runHeader: readonly [string, string];
  /** The CA to trust for an `https:` origin (the test's own self-signed certificate). */
  readonly ca?: string | Buffer;
}

/** What goes on the request line for `entry`. */
export function wireTarget(entry: CorpusEntry): string {
  return entry.wireTarget ?? entry.target;
}

function hasHeader(entry: CorpusEntry, name: string): boolean {
  return (entry.headers ?? []).some(([own]) => own.toLowerCase() === name);
}

/** The header lines the reference sends for `entry` (before Node's own `Connection`). */
export function referenceHeaders(entry: CorpusEntry, host: string, runHeader: readonly [string, string]): Array<[string, string]> {
  const headers: Array<[string, string]> = [['Host', host]];
  for (const [name, value] of entry.headers ?? []) headers.push([name, value]);
  if (entry.via === 'fetch') for (const [name, value] of fetchHeaders(entry.tls === true)) headers.push([name, value]);
  if (!hasHeader(entry, 'content-length') && !hasHeader(entry, 'transfer-encoding')) {
    const body = entry.body;
    if (body instanceof Uint8Array) headers.push(['Content-Length', String(body.byteLength)]);
    else if (body) headers.push(['Transfer-Encoding', 'chunked']);
    else if (entry.method === 'POST' || entry.method === 'PUT' || entry.method === 'PATCH') headers.push(['Content-Length', '0']);
  }
  headers.push([runHeader[0], runHeader[1]]);
  return headers;
}

/** A keep-alive agent per origin, as a client that sends many requests keeps one. */
export class Reference {
  readonly #agent: http.Agent;
  readonly #url: URL;

  constructor(readonly options: ReferenceOptions) {
    this.#url = new URL(options.origin);
    this.#agent = this.#url.protocol === 'https:' ? new https.Agent({ keepAlive: true, ca: options.ca }) : new http.Agent({ keepAlive: true });
  }

  /** Sends `entry` and reads the whole answer. */
  send(entry: CorpusEntry): Promise<Observed> {
    return entry.raw ? this.#sendRaw(entry) : this.#sendRequest(entry);
  }

  close(): void {
    this.#agent.destroy();
  }

  #sendRequest(entry: CorpusEntry): Promise<Observed> {
    const url = this.#url;
    const headers = referenceHeaders(entry, url.host, this.options.runHeader);
    const request = url.protocol === 'https:' ? https.request : http.request;
    return new Promise<Observed>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method: entry.method, path: wireTarget(entry), headers: headers.flat(), agent: this.#agent, ca: this.options.ca },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('error', reject);
          res.once('end', () => {
            if (!req.writableEnded) req.destroy(); // answered before the body went out (no 100 came): this connection is done
            const pairs: Array<[string, string]> = [];
            for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
            resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: pairs, body: Buffer.concat(chunks) });
          });
        },
      );
      req.once('error', reject);
      const expectContinue = (entry.headers ?? []).some(([name, value]) => name.toLowerCase() === 'expect' && value.toLowerCase() === '100-continue');
      const writeBody = () => void writeBodyTo(req, entry).catch((error: unknown) => req.destroy(error as Error));
      if (expectContinue) {
        req.flushHeaders();
        req.once('continue', writeBody);
        req.once('response', () => req.off('continue', writeBody)); // a final status instead of the 100: no body goes out
      } else writeBody();
    });
  }

  async #sendRaw(entry: CorpusEntry): Promise<Observed> {
    const url = this.#url;
    const port = Number(url.port);
    const socket = url.protocol === 'https:' ? tls.connect({ host: url.hostname, port, ca: this.options.ca }) : net.connect({ host: url.hostname, port });
    await once(socket, url.protocol === 'https:' ? 'secureConnect' : 'connect');
    const lines = [`${entry.method} ${wireTarget(entry)} HTTP/1.1`];
    for (const [name, value] of referenceHeaders(entry, url.host, this.options.runHeader)) lines.push(`${name}: ${value}`);
    if (!hasHeader(entry, 'connection')) lines.push('Connection: keep-alive'); // as Node's agent adds it
    lines.push('', '');
    socket.write(lines.join('\r\n'), 'latin1');
    const body = entry.body;
    if (body instanceof Uint8Array) socket.write(body);
    else if (body) {
      for (const chunk of body.chunks) if (chunk.byteLength > 0) socket.write(Buffer.concat([Buffer.from(`${chunk.byteLength.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
      socket.write('0\r\n\r\n');
    }
    try {
      return await readResponse(socket, entry.method === 'HEAD');
    } finally {
      socket.destroy();
    }
  }
}

async function writeBodyTo(req: http.ClientRequest, entry: CorpusEntry): Promise<void> {
  const body = entry.body;
  if (body === undefined) {
    req.end();
    return;
  }
  if (body instanceof Uint8Array) {
    req.end(body);
    return;
  }
  for (const chunk of body.chunks) {
    await new Promise<void>((resolve) => setImmediate(resolve)); // each part leaves on its own
    if (chunk.byteLength > 0 && !req.write(chunk)) await once(req, 'drain');
  }
  req.end();
}

/**
 * Reads one HTTP/1.1 response from `socket`: informational (1xx) heads other than 101 are passed
 * over; a 101, a 204, a 304 and the answer to HEAD have no body; otherwise the body is framed by
 * `Transfer-Encoding: chunked`, `Content-Length`, or the end of the connection.
 */
export async function readResponse(socket: net.Socket, head: boolean): Promise<Observed> {
  let buffer = Buffer.alloc(0);
  let ended = false;
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake();
  });
  socket.once('end', () => {
    ended = true;
    wake();
  });
  socket.once('close', () => {
    ended = true;
    wake();
  });
  const more = async () => {
    if (ended) throw new Error('the connection ended before the response was complete');
    await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const take = (n: number) => {
    const part = buffer.subarray(0, n);
    buffer = buffer.subarray(n);
    return part;
  };
  const readLine = async () => {
    for (;;) {
      const at = buffer.indexOf('\r\n');
      if (at >= 0) return take(at + 2).subarray(0, at).toString('latin1');
      await more();
    }
  };
  for (;;) {
    const statusLine = await readLine();
    const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!match) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
    const status = Number(match[1]);
    const headers: Array<[string, string]> = [];
    for (let line = await readLine(); line !== ''; line = await readLine()) {
      const colon = line.indexOf(':');
      headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
    if (status >= 100 && status < 200 && status !== 101) continue;
    const statusText = match[2] ?? '';
    const header = (name: string) => headers.find(([own]) => own.toLowerCase() === name)?.[1];
    if (head || status === 101 || status === 204 || status === 304) return { status, statusText, headers, body: new Uint8Array(0) };
    const chunks: Buffer[] = [];
    if (header('transfer-encoding')?.toLowerCase() === 'chunked') {
      for (;;) {
        const size = parseInt(await readLine(), 16);
        if (size === 0) {
          while ((await readLine()) !== '');
          break;
        }
        while (buffer.length < size + 2) await more();
        chunks.push(Buffer.from(take(size + 2).subarray(0, size)));
      }
    } else if (header('content-length') !== undefined) {
      const length = Number(header('content-length'));
      while (buffer.length < length) await more();
      chunks.push(Buffer.from(take(length)));
    } else {
      while (!ended) await more().catch(() => undefined);
      chunks.push(take(buffer.length));
    }
    return { status, statusText, headers, body: Buffer.concat(chunks) };
  }
}
