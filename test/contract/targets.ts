/**
 * The targets the contract suite runs against: each contract app in-process, over loopback, and
 * the plain app as its own process reached as a remote deployment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { createTestApp, type Mode, type TestApp } from '../../src/index.js';
import { contractApps, type ContractAppName } from '../fixtures/contract-apps/index.js';

/** A way of reaching a contract app, with what it can and cannot show. */
export interface ContractTarget {
  /** Shown as the suite name, e.g. `express (in-process)`. */
  readonly name: string;
  readonly app: ContractAppName;
  readonly mode: Mode;
  /**
   * True when requests cross a real HTTP/1.1 connection to a Node HTTP server (in memory or over
   * TCP), so framing headers (Host, Content-Length, Transfer-Encoding) exist on both sides. False
   * only for a fetch handler called in-process, which is handed a `Request` and returns a `Response`.
   */
  readonly wire: boolean;
  /** False when the app cannot see a socket (a fetch handler gets a `Request`, not a connection). */
  readonly hasSocket: boolean;
  /** Starts what the target needs; returns a maker of test apps and a teardown. */
  setUp(): Promise<TargetSession>;
}

export interface TargetSession {
  /** Makes a new test app for this target (the caller closes it). */
  readonly create: () => TestApp;
  /** Stops whatever `setUp` started. */
  readonly tearDown: () => Promise<void>;
}

/** Per-request limit in the contract suite: a broken case fails in seconds, not after the 30 s default. */
export const CONTRACT_TIMEOUT_MS = 15_000;

const SERVE_SCRIPT = fileURLToPath(new URL('../fixtures/contract-apps/serve.ts', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START_LIMIT_MS = 30_000;
const STOP_LIMIT_MS = 5_000;

function local(app: ContractAppName, transport: 'in-process' | 'loopback'): ContractTarget {
  const isFetchHandler = app === 'hono';
  return {
    name: `${app} (${transport})`,
    app,
    mode: transport,
    wire: transport === 'loopback' || !isFetchHandler,
    hasSocket: !isFetchHandler,
    setUp: () =>
      Promise.resolve({
        create: () => createTestApp(contractApps[app], { transport, timeout: CONTRACT_TIMEOUT_MS }),
        tearDown: () => Promise.resolve(),
      }),
  };
}

/** A running contract app in its own process. */
export interface ServedApp {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts `serve.ts` for `app` in a child process (serving HTTPS with `tls`) and waits (bounded)
 * for the port it prints.
 *
 * @example
 * const served = await serveInChildProcess('plain');
 * const api = createTestApp(served.url);
 */
export async function serveInChildProcess(app: ContractAppName, options: { tls?: boolean } = {}): Promise<ServedApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE_SCRIPT, app, ...(options.tls ? ['tls'] : [])], {
    cwd: PROJECT_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = () => stopChild(child);
  try {
    const port = await readPort(child);
    return { url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function readPort(child: ChildProcess): Promise<number> {
  const lines = createInterface({ input: child.stdout! });
  const settled = new AbortController();
  const signal = AbortSignal.any([settled.signal, AbortSignal.timeout(START_LIMIT_MS)]);
  const line = once(lines, 'line', { signal }).then(([text]) => String(text));
  const exit = once(child, 'exit', { signal }).then(([code]) => {
    throw new Error(`serve.ts exited with ${String(code)} before printing its port`);
  });
  line.catch(() => undefined);
  exit.catch(() => undefined);
  try {
    const first = await Promise.race([line, exit]).catch((error: unknown) => {
      throw signal.aborted ? new Error(`serve.ts printed no port within ${START_LIMIT_MS} ms`, { cause: error }) : error;
    });
    const { port } = JSON.parse(first) as { port: number };
    if (!Number.isInteger(port) || port <= 0) throw new Error(`serve.ts printed no usable port: ${first}`);
    return port;
  } finally {
    settled.abort();
    lines.close();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

function remote(app: ContractAppName): ContractTarget {
  return {
    name: `${app} (remote, own process)`,
    app,
    mode: 'remote',
    wire: true,
    hasSocket: true,
    async setUp() {
      const served = await serveInChildProcess(app);
      return {
        create: () => createTestApp(served.url, { timeout: CONTRACT_TIMEOUT_MS }),
        tearDown: () => served.stop(),
      };
    },
  };
}

export const CONTRACT_TARGETS: readonly ContractTarget[] = [
  local('plain', 'in-process'),
  local('express', 'in-process'),
  local('koa', 'in-process'),
  local('fastify', 'in-process'),
  local('hono', 'in-process'),
  local('express', 'loopback'),
  local('plain', 'loopback'),
  local('koa', 'loopback'),
  local('fastify', 'loopback'),
  local('hono', 'loopback'),
  remote('plain'),
];
