/**
 * An in-memory pair of connected sockets. One end goes to a real `http.Server` through its
 * `'connection'` event (Node documents that any Duplex may be injected there), the other to undici,
 * so both sides run their real HTTP parsers and the app sees exactly what a network would give it,
 * without a port. Written by hand: Node 20 has no `duplexPair()` (it arrived in Node 22.6), and the
 * server expects the `net.Socket` members a bare Duplex lacks: addresses, `setTimeout` (the server's
 * `timeout`, `keepAliveTimeout`, `req.setTimeout()` and `res.setTimeout()` all go through it),
 * `destroySoon`.
 *
 * Closing behaves as TCP closes: what one end wrote before it ended or was destroyed is still read
 * by the other end, which then reads the end of the stream (a FIN), and a later write to the gone
 * end fails with `EPIPE`.
 */
import { Duplex } from 'node:stream';

interface Addresses {
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
}

let nextPort = 40000;

function brokenPipe(): Error {
  return Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' });
}

/** One end of a {@link socketPair}: what a `net.Socket` offers, backed by memory. */
export class MemorySocket extends Duplex {
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly remoteFamily = 'IPv4';
  readonly localAddress: string;
  readonly localPort: number;
  readonly localFamily = 'IPv4';
  readonly connecting = false;
  readonly pending = false;
  peer: MemorySocket | undefined;
  #resumeWriter: (() => void) | undefined;
  /** The idle timer, made by the first `setTimeout(ms)` and reused while `ms` stays the same. */
  #timer: NodeJS.Timeout | undefined;
  #timeoutMs = 0;
  /** Whether the idle timer counts: `setTimeout(0)` disarms it without unscheduling it. */
  #armed = false;
  #requested: number | undefined;
  /** The other end closed its side: this end has read, or will read, the end of the stream. */
  #eof = false;

  constructor(addresses: Addresses) {
    super({ allowHalfOpen: true });
    this.remoteAddress = addresses.remoteAddress;
    this.remotePort = addresses.remotePort;
    this.localAddress = addresses.localAddress;
    this.localPort = addresses.localPort;
  }

  /** As `net.Socket#readyState`. */
  get readyState(): 'open' | 'readOnly' | 'writeOnly' | 'closed' {
    if (this.destroyed) return 'closed';
    if (this.readable && this.writable) return 'open';
    return this.readable ? 'readOnly' : this.writable ? 'writeOnly' : 'closed';
  }

  /** What {@link setTimeout} was last called with (`0` once turned off), undefined before (as `net.Socket#timeout`). */
  get timeout(): number | undefined {
    return this.#requested;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    if (!peer || peer.destroyed || peer.#eof) return callback(brokenPipe());
    // Activity on both ends, as a TCP write and read reset `net.Socket`'s idle timer.
    if (this.#armed) this.#timer!.refresh();
    if (peer.#armed) peer.#timer!.refresh();
    if (peer.push(chunk)) callback();
    else peer.#resumeWriter = callback;
  }

  override _read(): void {
    const resume = this.#resumeWriter;
    this.#resumeWriter = undefined;
    resume?.();
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.peer) this.peer.#endOfStream();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#disarm();
    // As a TCP close: the peer still reads what was written to it, then the end of the stream.
    if (this.peer) this.peer.#endOfStream();
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

  /**
   * As `net.Socket#setTimeout`: after `ms` without a read or a write the socket emits `'timeout'`
   * (it is not closed; whoever listens decides); `0` turns it off. `callback` is added as a
   * one-time `'timeout'` listener (removed again by `setTimeout(0, callback)`). The timer is unref'd.
   */
  setTimeout(ms: number, callback?: () => void): this {
    if (typeof ms !== 'number' || !(ms >= 0) || ms > 2 ** 31 - 1) {
      throw new RangeError(`The value of "msecs" is out of range. It must be a non-negative finite number. Received ${String(ms)}`);
    }
    const timeoutMs = Math.trunc(ms);
    this.#requested = timeoutMs;
    if (timeoutMs === 0) {
      this.#armed = false;
      if (callback) this.removeListener('timeout', callback);
      return this;
    }
    if (!this.destroyed) {
      if (this.#timer && this.#timeoutMs === timeoutMs) this.#timer.refresh();
      else {
        if (this.#timer) clearTimeout(this.#timer);
        this.#timer = setTimeout(MemorySocket.#idle, timeoutMs, this).unref();
        this.#timeoutMs = timeoutMs;
      }
      this.#armed = true;
    }
    if (callback) this.once('timeout', callback);
    return this;
  }

  /** Called by the idle timer (one function for every socket: no closure per socket). */
  static #idle(socket: MemorySocket): void {
    if (socket.#armed && !socket.destroyed) socket.emit('timeout');
  }

  #endOfStream(): void {
    if (this.#eof || this.destroyed) return;
    this.#eof = true;
    this.push(null);
  }

  #disarm(): void {
    this.#armed = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  // net.Socket tuning calls: meaningless in memory, accepted so servers and clients can make them.
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
 * The server end of an in-memory connection to an `https:` origin: what the app reads of a
 * `tls.TLSSocket` (`encrypted`, the negotiated protocol, no client certificate), so `req.secure`,
 * `req.protocol` and `Secure` cookies behave as behind TLS. No bytes are encrypted: both ends are in
 * this process.
 */
export class EncryptedMemorySocket extends MemorySocket {
  /** The server name the client asked for (SNI), as `tls.TLSSocket#servername`. */
  readonly servername: string | false;
  /** No client certificate was presented. */
  readonly authorized = false;
  readonly authorizationError = null;
  readonly alpnProtocol = false;

  constructor(addresses: Addresses, servername: string | false) {
    super(addresses);
    this.servername = servername;
  }

  /** An own property, as on `tls.TLSSocket` (a plain socket has none, as `net.Socket`: an app may set it). */
  readonly encrypted = true;

  getPeerCertificate(): Record<string, never> {
    return {};
  }
  getCertificate(): Record<string, never> {
    return {};
  }
  getProtocol(): string {
    return 'TLSv1.3';
  }
  getCipher(): { name: string; standardName: string; version: string } {
    return { name: 'TLS_AES_256_GCM_SHA384', standardName: 'TLS_AES_256_GCM_SHA384', version: 'TLSv1.3' };
  }
  getSession(): undefined {
    return undefined;
  }
  isSessionReused(): boolean {
    return false;
  }
}

/** What kind of connection {@link socketPair} makes: plain, or to a TLS origin with this server name. */
export interface PairOptions {
  /** The server end looks like a TLS socket (`encrypted`), with `servername` as its SNI. */
  tls?: { servername: string | false } | undefined;
}

/**
 * Two connected in-memory sockets: `[client, server]`. The server end reports `127.0.0.1` as its
 * peer, as a loopback connection would.
 *
 * @example
 * const [client, server] = socketPair(80);
 * httpServer.emit('connection', server);
 */
export function socketPair(serverPort: number, options?: PairOptions): [client: MemorySocket, server: MemorySocket] {
  const clientPort = nextPort;
  nextPort = nextPort >= 60999 ? 40000 : nextPort + 1;
  const client = new MemorySocket({ remoteAddress: '127.0.0.1', remotePort: serverPort, localAddress: '127.0.0.1', localPort: clientPort });
  const serverAddresses = { remoteAddress: '127.0.0.1', remotePort: clientPort, localAddress: '127.0.0.1', localPort: serverPort };
  const server = options?.tls ? new EncryptedMemorySocket(serverAddresses, options.tls.servername) : new MemorySocket(serverAddresses);
  client.peer = server;
  server.peer = client;
  return [client, server];
}
