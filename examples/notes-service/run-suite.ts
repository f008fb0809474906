/**
 * Runs the notes service's suite as a child `node --test` process, and starts the service as a
 * process of its own; shared by `npm run demo` and the project's three-modes test. Every wait is
 * bounded, and every process started here is killed (with its children) when it overruns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { connect } from 'amqplib';
import { Redis } from 'ioredis';
import { resourceNames } from './src/config.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const serviceDir = fileURLToPath(new URL('.', import.meta.url));
const MAIN = relative(repoRoot, join(serviceDir, 'src', 'main.ts'));

export type Env = Record<string, string | undefined>;

/** The suite's files, relative to the repository root (Node 20's `--test` expands no globs). */
export function specFiles(): string[] {
  const dir = join(serviceDir, 'test');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.spec.ts'))
    .sort()
    .map((name) => relative(repoRoot, join(dir, name)));
}

/**
 * `base` with `overrides` applied (`undefined` removes a variable), minus the variables the test
 * runner sets for its own children, which would make a nested `node --test` report to the wrong
 * parent.
 */
export function childEnv(overrides: Env, base: Env = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries({ ...base, ...overrides })) {
    if (value !== undefined && name !== 'NODE_TEST_CONTEXT') env[name] = value;
  }
  return env;
}

/** Kills a detached child's whole process group (node --test runs each file in a child of its own). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * Children started here run in process groups of their own (so a timeout can kill a whole
 * `node --test` tree); they are killed too if this process exits or is interrupted meanwhile.
 */
const live = new Set<ChildProcess>();

function killLive(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
}

function onSignal(signal: NodeJS.Signals): void {
  killLive();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  process.kill(process.pid, signal);
}

function track(child: ChildProcess): void {
  if (live.size === 0) {
    process.on('exit', killLive);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  live.add(child);
  child.once('exit', () => {
    live.delete(child);
    if (live.size === 0) {
      process.removeListener('exit', killLive);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

export interface SuiteRun {
  /** The child's exit code (null when killed). */
  exitCode: number | null;
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  cancelled: number;
  /** Wall time of the whole run, process start-up included. */
  durationMs: number;
  /** Requests the suite's test apps sent, summed over the files. */
  requests: number;
  /** The TAP output and anything written to stderr. */
  output: string;
  /** Whether the run was stopped for taking too long. */
  timedOut: boolean;
  command: string;
}

function tapCount(output: string, name: string): number {
  const match = new RegExp(`^# ${name} (\\d+)$`, 'm').exec(output);
  return match ? Number(match[1]) : 0;
}

/**
 * Runs every spec file once with `env` and reports the counts node:test printed.
 *
 * @example
 * const run = await runSuite({ env: childEnv({ TANDEM_TARGET: 'http://127.0.0.1:3000' }) });
 * run.passed; // 24
 */
export async function runSuite({ env, timeoutMs = 240_000, onOutput }: { env: NodeJS.ProcessEnv; timeoutMs?: number; onOutput?: (text: string) => void }): Promise<SuiteRun> {
  const files = specFiles();
  const args = ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-timeout=60000', ...files];
  const logDir = mkdtempSync(join(tmpdir(), 'notes-suite-'));
  const requestLog = join(logDir, 'requests');
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...env, NOTES_SUITE_REQUEST_LOG: requestLog },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  track(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    onOutput?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child, 'SIGKILL');
  }, timeoutMs);
  try {
    const { code } = await exited(child);
    let requests = 0;
    try {
      requests = readFileSync(requestLog, 'utf8').split('\n').filter(Boolean).reduce((sum, line) => sum + Number(line), 0);
    } catch {
      // No file: no test file got as far as exiting normally.
    }
    return {
      exitCode: code,
      tests: tapCount(output, 'tests'),
      passed: tapCount(output, 'pass'),
      failed: tapCount(output, 'fail'),
      skipped: tapCount(output, 'skipped'),
      cancelled: tapCount(output, 'cancelled'),
      durationMs: performance.now() - started,
      requests,
      output,
      timedOut,
      command: `node ${args.join(' ')}`,
    };
  } finally {
    clearTimeout(timer);
    killGroup(child, 'SIGKILL');
    rmSync(logDir, { recursive: true, force: true });
  }
}

/** Whether a run passed: exit code 0, no failures, and at least one test passed. */
export function runPassed(run: SuiteRun): boolean {
  return run.exitCode === 0 && run.failed === 0 && run.cancelled === 0 && run.passed > 0 && !run.timedOut;
}

/** The last lines of a run's output, for failure messages. */
export function outputTail(text: string, lines = 80): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Status code of `GET url`, on a fresh connection that is closed afterwards; rejects on network errors. */
function getStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

export interface RunningService {
  /** Where it listens, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Milliseconds from spawning it to its first `200` on `/health`. */
  startupMs: number;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with how it ended. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; forced: boolean }>;
}

/**
 * Starts `node --import tsx examples/notes-service/src/main.ts` on a free 127.0.0.1 port and
 * waits until `/health` answers 200; kills it and rejects if that takes longer than `readyTimeoutMs`.
 *
 * @example
 * const service = await startService({ env: childEnv({}) });
 * try { … service.url … } finally { await service.stop(); }
 */
export async function startService({ env, readyTimeoutMs = 20_000 }: { env: NodeJS.ProcessEnv; readyTimeoutMs?: number }): Promise<RunningService> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: repoRoot,
    env: { ...env, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  track(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const ended = await Promise.race([exited(child), delay(graceMs).then(() => undefined)]);
    if (ended) return { ...ended, forced: false };
    killGroup(child, 'SIGKILL');
    return { ...(await exited(child)), forced: true };
  };
  try {
    const deadline = Date.now() + readyTimeoutMs;
    let url: string | undefined;
    let lastProblem = 'it printed no address';
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the service exited (${child.exitCode ?? child.signalCode}) before it was ready`);
      url ??= /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        try {
          const status = await getStatus(`${url}/health`, 1_000);
          if (status === 200) return { url, startupMs: performance.now() - started, output: () => output, stop };
          lastProblem = `/health answered ${status}`;
        } catch (error) {
          lastProblem = `/health: ${(error as Error).message}`;
        }
      }
      await delay(50);
    }
    throw new Error(`the service was not ready within ${readyTimeoutMs} ms: ${lastProblem}`);
  } catch (error) {
    await stop(2_000);
    throw new Error(`${(error as Error).message}\n--- service output ---\n${outputTail(output, 40)}`, { cause: error });
  }
}

/** How many Redis keys match `pattern` (counted with SCAN), and how many the database holds. */
export async function countRedisKeys(redisUrl: string, pattern: string): Promise<{ matching: number; total: number }> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3_000, retryStrategy: () => null });
  let failure: Error | undefined;
  redis.on('error', (error: Error) => (failure = error));
  try {
    await redis.connect().catch((error: Error) => {
      throw failure ?? error;
    });
    let matching = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      matching += keys.length;
    } while (cursor !== '0');
    return { matching, total: await redis.dbsize() };
  } finally {
    redis.disconnect();
  }
}

/**
 * Rejects, saying which and how to start it, when Redis or RabbitMQ does not answer at the
 * configured URL: better one clear message than every test failing on its own.
 */
export async function assertServicesAnswer({ redisUrl, amqpUrl }: { redisUrl?: string | undefined; amqpUrl?: string | undefined }): Promise<void> {
  const problems: string[] = [];
  if (redisUrl) {
    await countRedisKeys(redisUrl, '__tandem_probe__').catch((error: unknown) => problems.push(`Redis at ${new URL(redisUrl).host} (REDIS_URL): ${(error as Error).message}`));
  }
  if (amqpUrl) {
    await connect(amqpUrl, { timeout: 3_000 })
      .then((connection) => connection.close())
      .catch((error: unknown) => problems.push(`RabbitMQ at ${new URL(amqpUrl).host} (AMQP_URL): ${(error as Error).message}`));
  }
  if (problems.length > 0) throw new Error(`not answering: ${problems.join('; ')}. Start them (bash scripts/ensure-services.sh) or unset the variables to use in-memory stand-ins.`);
}

/** Deletes the exchange and queue of a namespace made for one run. */
export async function removeAmqpNamespace(amqpUrl: string, namespace: string): Promise<void> {
  const names = resourceNames(namespace);
  const connection = await connect(amqpUrl, { timeout: 3_000 });
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(names.queue);
    await channel.deleteExchange(names.exchange);
  } finally {
    await connection.close();
  }
}
