import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runBounded } from '../support/bounded-process.js';
import { cleanEnv, runScript, type ScriptOutcome } from '../support/spec-runs.js';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export type CliOutcome = ScriptOutcome;

/** A CLI run takes a second or two (several when it runs tests); one past this is killed and fails. */
export const CLI_BOUND_MS = 60_000;

/** Runs `tandem <args>` from source; kills it if it has not exited within `boundMs`. `onStdout` sees the output so far. */
export function runCli(args: readonly string[], boundMs = CLI_BOUND_MS, onStdout?: (soFar: string) => void, env?: NodeJS.ProcessEnv): Promise<CliOutcome> {
  return runScript([cli, ...args], { boundMs, onStdout, ...(env ? { env } : {}) });
}

/** A 127.0.0.1 port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}

export interface WarmingServer {
  url: string;
  /** Requests seen, by path. */
  paths: string[];
  close(): Promise<void>;
}

/** A 127.0.0.1 server that answers 503 to its first `failures` requests, then 200. */
export async function warmingServer(failures: number): Promise<WarmingServer> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    const ready = paths.length > failures;
    res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' });
    res.end(ready ? 'ok' : 'starting');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** tsx's loader, by absolute URL: a child started outside the project cannot resolve `tsx` by name. */
const TSX_LOADER = import.meta.resolve('tsx');

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  boundMs?: number;
}

/**
 * Runs `tandem <args>` from source with `cwd` as its working directory and `env`, killing it (and
 * failing) if it has not exited within `boundMs`.
 */
export function runCliIn(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<CliOutcome> {
  return run(process.execPath, ['--import', TSX_LOADER, cli, ...args], cwd, options);
}

/**
 * Runs `npx tandem <args>` in `cwd`, as a user types it: npm runs the project's own bin
 * (bin/tandem.mjs), offline and without installing anything.
 */
export function runNpxTandem(cwd: string, args: readonly string[], options: RunOptions = {}): Promise<CliOutcome> {
  return run('npx', ['--offline', '--no', '--', 'tandem', ...args], cwd, options);
}

function run(file: string, args: readonly string[], cwd: string, { env = cleanEnv(), boundMs = CLI_BOUND_MS }: RunOptions): Promise<CliOutcome> {
  return runBounded(file, args, { cwd, env, boundMs });
}

/** The summary line `tandem test` printed on stderr, if any. */
export function summaryLine(stderr: string): string | undefined {
  return /^tandem: .* — \d+ tests?, \d+ requests?, \d+ leftovers?.* — (passed|failed)$/m.exec(stderr)?.[0];
}
