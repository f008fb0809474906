/**
 * Running a test file under node's test runner in a child process, in-process or against a
 * server started as its own process: the machinery behind the "same file, both modes" tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { runBounded } from './bounded-process.js';

/** A test file run, or a server start, takes a few seconds; one past this is killed and fails. */
export const BOUND_MS = 90_000;

export interface Run {
  code: number | null;
  output: string;
}

/** The environment of a fresh `node --test` run: not nested in this one, and with no target unless given. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.NODE_TEST_CONTEXT;
  if (!('TANDEM_TARGET' in extra)) delete env.TANDEM_TARGET;
  return env;
}

/** How a script run by {@link runScript} ended. */
export interface ScriptOutcome {
  /** The exit code, or undefined when the process was still running at the bound and was killed. */
  code: number | null | undefined;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/**
 * Runs `node --import tsx <args>`; kills it (and what it started) if it has not exited within `boundMs`, or when
 * `signal` aborts. `onStdout` sees the output so far, as it arrives.
 */
export function runScript(
  args: readonly string[],
  { env = cleanEnv(), boundMs = BOUND_MS, onStdout, signal }: { env?: NodeJS.ProcessEnv; boundMs?: number; onStdout?: (soFar: string) => void; signal?: AbortSignal } = {},
): Promise<ScriptOutcome> {
  return runBounded(process.execPath, ['--import', 'tsx', ...args], { env, boundMs, onStdout, signal });
}

/** Runs a spec file with node's test runner (TAP output), killing it if it has not finished within the bound. */
export async function runSpec(spec: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const outcome = await runScript(['--test', '--test-reporter=tap', spec], { env });
  return { code: outcome.code ?? null, output: outcome.stdout + outcome.stderr };
}

/** Starts a script that prints `listening on <port>`; resolves with the process and its port. */
export function startServer(script: string): Promise<{ server: ChildProcess; port: number }> {
  const server = spawn(process.execPath, ['--import', 'tsx', script], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      server.kill('SIGKILL');
      reject(new Error(`the server did not start within ${BOUND_MS} ms: ${output}`));
    }, BOUND_MS);
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ server, port: Number(match[1]) });
      }
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${String(code)}: ${output}`));
    });
  });
}

/** Stops a server started by {@link startServer}: SIGTERM, then SIGKILL after 5 s. */
export async function stopServer(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A TAP summary count (`# pass 7`). */
export const count = (output: string, name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? Number.NaN);
/** A `# name: value` diagnostic a spec printed. */
export const diagnostic = (output: string, name: string) => new RegExp(`^\\s*# ${name}: (\\S+)$`, 'm').exec(output)?.[1];
/** The names of the passing tests, in order. */
export const passedNames = (output: string) => [...output.matchAll(/^ok \d+ - (.+)$/gm)].map((m) => m[1]);

/** The two runs of one spec file: plain (in-process) and with TANDEM_TARGET at a server process. */
export interface BothModes {
  port: number;
  inProcess: Run;
  remote: Run;
}

/**
 * Registers `before`/`after` hooks (call inside a `describe`) that start `serve`, run `spec` in
 * both modes at once, and stop the server; the returned object is filled in by `before`.
 */
export function runInBothModes(spec: string, serve: string): BothModes {
  const runs = {} as BothModes;
  let server: ChildProcess | undefined;
  before(async () => {
    ({ server, port: runs.port } = await startServer(serve));
    [runs.inProcess, runs.remote] = await Promise.all([runSpec(spec, cleanEnv()), runSpec(spec, cleanEnv({ TANDEM_TARGET: `http://127.0.0.1:${runs.port}` }))]);
  });
  after(() => stopServer(server));
  return runs;
}
