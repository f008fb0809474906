/** Shared pieces of the fault suite: servers on 127.0.0.1, timed rejections, handle counting. */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { TandemError, type TestApp } from '../../src/index.js';

/** The request timeout of the cases whose fault is the timeout (nothing, or not all, arrives). */
export const TIMEOUT_MS = 500;
/**
 * The request timeout of the other cases: their fault arrives within milliseconds, and the timeout
 * only keeps a hang from stalling the case, far beyond what a busy machine needs.
 */
export const GUARD_TIMEOUT_MS = 10_000;
/** A rejection must settle within the timeout plus this margin (a hang guard, not a speed check). */
export const SLACK_MS = 10_000;
/** node:test's own per-test bound, so a hang fails the case instead of the run. */
export const BOUND = { timeout: 60_000 };

/** What a case must close before its handles are counted. */
export class Scope {
  readonly #cleanups: Array<() => Promise<unknown>> = [];

  add(cleanup: () => Promise<unknown>): void {
    this.#cleanups.push(cleanup);
  }

  app(api: TestApp): TestApp {
    this.add(() => api.close());
    return api;
  }

  async server<S extends net.Server>(server: S): Promise<{ server: S; port: number }> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const sockets = new Set<net.Socket>();
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    this.add(async () => {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise((resolve) => server.close(resolve));
    });
    return { server, port: (server.address() as AddressInfo).port };
  }

  async http(handler: http.RequestListener): Promise<{ origin: string; server: http.Server }> {
    const { server, port } = await this.server(http.createServer(handler));
    return { origin: `http://127.0.0.1:${port}`, server };
  }

  async close(): Promise<void> {
    for (const cleanup of this.#cleanups.reverse()) await cleanup();
  }
}

const COUNTED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'Timeout', 'PipeWrap', 'GetAddrInfoReqWrap']);

/** Counts the active sockets, servers, timers and lookups, by kind. */
export function activeHandles(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) if (COUNTED.has(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

function growth(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([kind, n]) => n > (before.get(kind) ?? 0)).map(([kind, n]) => `${kind}: ${before.get(kind) ?? 0} → ${n}`);
}

/**
 * Runs a fault case in its own scope, closes everything it opened, and asserts that no socket,
 * server or timer is left: checked after one `setImmediate` turn, then polled (closing sockets
 * finish asynchronously) for at most 2 s.
 */
export async function faultCase(run: (scope: Scope) => Promise<void>): Promise<void> {
  const before = activeHandles();
  const scope = new Scope();
  try {
    await run(scope);
  } finally {
    await scope.close();
  }
  await new Promise((resolve) => setImmediate(resolve));
  const until = Date.now() + SLACK_MS;
  let grown = growth(before, activeHandles());
  while (grown.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    grown = growth(before, activeHandles());
  }
  assert.deepEqual(grown, [], 'handles left open after the case');
}

export interface Expected {
  /** The error class. */
  type: new (...args: never[]) => TandemError;
  code: string;
  /** The request line the message must contain, e.g. `GET http://127.0.0.1:1234/x`. */
  request: string;
  /** The target as the message names it, e.g. `[remote: http://127.0.0.1:1234]`. */
  target: string | RegExp;
  /** What else the message must say. */
  says?: RegExp | undefined;
  /** The configured timeout the rejection must come within (plus {@link SLACK_MS}); default {@link GUARD_TIMEOUT_MS}. */
  timeoutMs?: number;
}

/** Awaits `promise`, asserts it rejects as `expected` says within the time bound, returns the error. */
export async function expectFault(promise: PromiseLike<unknown>, expected: Expected): Promise<TandemError> {
  const started = performance.now();
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  const elapsed = performance.now() - started;
  assert.ok(error !== undefined, 'expected a rejection');
  assert.ok(error instanceof expected.type, `expected ${expected.type.name}, got ${inspect(error)}`);
  assert.equal(error.code, expected.code, error.message);
  assert.ok(error.message.includes(expected.request), `the message should name "${expected.request}":\n${error.message}`);
  if (typeof expected.target === 'string') assert.ok(error.message.includes(expected.target), `the message should name the target "${expected.target}":\n${error.message}`);
  else assert.match(error.message, expected.target);
  if (expected.says) assert.match(error.message, expected.says);
  const bound = (expected.timeoutMs ?? GUARD_TIMEOUT_MS) + SLACK_MS;
  assert.ok(elapsed < bound, `settled after ${Math.round(elapsed)} ms, more than ${bound} ms`);
  return error;
}

/** A raw TCP server on 127.0.0.1 that hands each connection to `onConnection`. */
export async function rawServer(scope: Scope, onConnection: (socket: net.Socket) => void): Promise<string> {
  const { port } = await scope.server(net.createServer(onConnection));
  return `http://127.0.0.1:${port}`;
}
