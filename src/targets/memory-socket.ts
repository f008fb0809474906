/**
 * An in-memory pair of connected sockets. One end goes to a real `http.Server` through its
 * `'connection'` event (Node documents that any Duplex may be injected there), the other to undici,
 * so both sides run their real HTTP parsers and the app sees exactly what a network would give it,
 * without a port. Written by hand: Node 20 has no `duplexPair()` (it arrived in Node 22.6), and the
 * server expects a few `net.Socket` members (addresses, `setTimeout`, `destroySoon`) that a bare
 * Duplex lacks.
 */
import { Duplex } from 'node:stream';

interface Addresses {
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
}

let nextPort = 40000;

/** One end of a {@link socketPair}: what a `net.Socket` offers, backed by memory. */
export class MemorySocket extends Duplex {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly remoteFamily = 'IPv4';
  readonly localAddress: string;
  readonly localPort: number;
  readonly encrypted = undefined;
  readonly connecting = false;
  peer: MemorySocket | undefined;
  #resumeWriter: (() => void) | undefined;

  constructor(addresses: Addresses) {
    super({ allowHalfOpen: true });
    this.remoteAddress = addresses.remoteAddress;
    this.remotePort = addresses.remotePort;
    this.localAddress = addresses.localAddress;
    this.localPort = addresses.localPort;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    if (!peer || peer.destroyed) return callback(new Error('socket closed'));
    if (peer.push(chunk)) callback();
    else peer.#resumeWriter = callback;
  }

  override _read(): void {
    const resume = this.#resumeWriter;
    this.#resumeWriter = undefined;
    resume?.();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer?.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    if (peer && !peer.destroyed) peer.destroy();
    this.#resumeWriter?.();
    callback(error);
  }

  /** Destroys the other end with `error`, so whoever reads it (undici) fails with exactly that error. */
  failPeer(error: Error): void {
    this.peer?.destroy(error);
  }

  address(): { address: string; port: number; family: string } {
    return { address: this.localAddress, port: this.localPort, family: 'IPv4' };
  }

  destroySoon(): void {
    if (this.writable) this.end();
    if (this.writableFinished) this.destroy();
    else this.once('finish', () => this.destroy());
  }

  // net.Socket tuning calls: meaningless in memory, accepted so servers and clients can make them.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/**
 * Two connected in-memory sockets: `[client, server]`. The server end reports `127.0.0.1` as its
 * peer, as a loopback connection would.
 *
 * @example
 * const [client, server] = socketPair(80);
 * httpServer.emit('connection', server);
 */
export function socketPair(serverPort: number): [client: MemorySocket, server: MemorySocket] {
  const clientPort = nextPort;
  nextPort = nextPort >= 60999 ? 40000 : nextPort + 1;
  const client = new MemorySocket({ remoteAddress: '127.0.0.1', remotePort: serverPort, localAddress: '127.0.0.1', localPort: clientPort });
  const server = new MemorySocket({ remoteAddress: '127.0.0.1', remotePort: clientPort, localAddress: '127.0.0.1', localPort: serverPort });
  client.peer = server;
  server.peer = client;
  return [client, server];
}
