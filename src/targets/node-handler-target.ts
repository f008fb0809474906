/**
 * In-process target for Node apps: a real `http.Server` that never listens, fed in-memory
 * connections, with tandem's in-memory client on the other end (`memory-client.ts`; undici for
 * `api.dispatcher` and `api.fetch`). No port is opened; the app runs on Node's own HTTP parser and
 * sees real `IncomingMessage`/`ServerResponse` objects. No prototype is patched.
 */
import type http from 'node:http';
import type https from 'node:https';
import { isIP } from 'node:net';
import tls from 'node:tls';
import { undici } from './undici.js';
import { HandlerError } from '../errors/handler-error.js';
import { DispatcherTarget } from './dispatcher-target.js';
import { startConnectionChecks } from './connection-checks.js';
import { reportAppError } from './lint/observation.js';
import { MemorySocket, socketPair, type PairOptions } from './memory-socket.js';
import { MemoryClient } from './memory-client.js';
import { NodeClient } from './node-client.js';

/** A Node request listener: `(req, res) => void`, as Express, Connect and `koa.callback()` give. */
export type NodeListener = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/**
 * Wraps a listener so that a synchronous throw or a rejected promise fails the request it came
 * from with a `HandlerError`, instead of crashing the test process as it would crash a server.
 * Once the response has ended, only HTTP lint reports it (`app-error`), as a client would see
 * nothing of it over a socket.
 */
export function guardListener(listener: NodeListener): NodeListener {
  return (req, res) => {
    const fail = (error: unknown) => {
      if (reportAppError(req, res, error)) return; // HTTP lint reports it with the response
      // After the response ended there is no request left to fail: over TCP `res.destroy()` does
      // nothing then, and the connection may already carry the next request.
      if (res.writableEnded) return;
      const socket = req.socket;
      const handlerError = new HandlerError(`the app threw while handling ${req.method} ${req.url}: ${describe(error)}`, { cause: error });
      if (socket instanceof MemorySocket) socket.failPeer(handlerError);
      else res.destroy(error instanceof Error ? error : undefined);
    };
    try {
      const result = listener(req, res);
      if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(undefined, fail);
    } catch (error) {
      fail(error);
    }
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Serves `server` in memory at `origin`. The server keeps its own settings (timeouts, limits,
 * listeners); it is never bound to a port, yet its timeouts run as they would on one (see
 * `connection-checks.ts` for `headersTimeout` and `requestTimeout`). With an `https:` origin, or an
 * `https.Server`, the app's socket is an encrypted one (`req.socket.encrypted`); an `https.Server`
 * gets its connections through `'secureConnection'`, as after a TLS handshake.
 *
 * @example
 * const target = createNodeHandlerTarget(http.createServer(guardListener(app)), 'express', 'http://localhost');
 */
export function createNodeHandlerTarget(server: http.Server | https.Server, kind: string, origin: string, onClose?: () => Promise<void>): DispatcherTarget {
  const url = new URL(origin);
  const secureServer = server instanceof tls.Server;
  const encrypted = secureServer || url.protocol === 'https:';
  const port = Number(url.port) || (encrypted ? 443 : 80);
  const pair: PairOptions = encrypted ? { tls: { servername: isIP(url.hostname) === 0 ? url.hostname : false } } : {};
  const event = secureServer ? 'secureConnection' : 'connection';
  const stopChecks = startConnectionChecks(server);
  // A Pool rather than an Agent: every request goes to this one origin, so the Agent's per-origin lookup buys nothing.
  // Made when a request first needs undici (most go through the memory client): undici loads then.
  const agent = () => new (undici().Pool)(url.origin, {
    connect: (_options, callback) => {
      const [client, serverEnd] = socketPair(port, pair);
      server.emit(event, serverEnd);
      // undici expects the callback after connect() returns: a synchronous call is ignored.
      process.nextTick(callback, null, client);
    },
  });
  return new DispatcherTarget(
    'in-process',
    kind,
    origin,
    agent,
    async () => {
      stopChecks();
      await onClose?.();
    },
    NodeClient.inMemory(server, port, pair, event),
    MemoryClient.create(server, url.host, port, pair, event),
  );
}
