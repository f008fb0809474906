import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runScript, type ScriptOutcome } from '../support/spec-runs.js';

const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export type CliOutcome = ScriptOutcome;

/** Runs `tandem <args>` from source; kills it if it has not exited within `boundMs`. `onStdout` sees the output so far. */
export function runCli(args: readonly string[], boundMs = 20_000, onStdout?: (soFar: string) => void): Promise<CliOutcome> {
  return runScript([cli, ...args], { boundMs, onStdout });
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
