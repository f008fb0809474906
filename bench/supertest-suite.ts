/**
 * The suite-level comparison with supertest: one supertest-style suite (chained `.expect()`s on
 * an Express app, an agent with cookies, a form post, a redirect, a 404) run unchanged through
 * supertest and through tandem/supertest. Two figures: the tests alone, interleaved in this
 * process (a fresh app per test, as real suites make them), and the whole suite as a process of
 * its own — loading the library, running, and exiting by itself — as `mocha` would run it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import supertest from 'supertest';
import { createSuiteApp, runSuite, type RequestLike } from './supertest-suite-tests.js';

export interface SupertestSuiteResult {
  name: string;
  /** Requests one run makes. */
  requests: number;
  /** Wall time of one run, in milliseconds, per round. */
  ms: number[];
}

const entry = process.env.BENCH_SOURCE === '1' ? '../src/supertest/index.js' : '../dist/supertest/index.js';
const tandemRequest = ((await import(entry)) as typeof import('../src/supertest/index.js')).default;

const PROCESS_SCRIPT = fileURLToPath(new URL('./supertest-suite-process.ts', import.meta.url));

/** Runs the suite in a child process through `library`; resolves with its wall time. */
function runProcess(library: 'supertest' | 'tandem', repeat: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', PROCESS_SCRIPT, library, String(repeat)], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TANDEM_TARGET: '' } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`the ${library} suite process exited with ${String(code)} (it must exit by itself, all tests passing)`));
    });
  });
}

/**
 * Measures both figures over `rounds` interleaved rounds, `repeat` runs of the suite per round.
 *
 * @example
 * const [tandemTests, supertestTests, tandemProcess, supertestProcess] = await measureSupertestSuite(3, 10);
 */
export async function measureSupertestSuite(rounds: number, repeat: number): Promise<SupertestSuiteResult[]> {
  const results: SupertestSuiteResult[] = [
    { name: 'supertest-style suite through tandem/supertest (tests)', requests: 0, ms: [] },
    { name: 'same suite through supertest (tests)', requests: 0, ms: [] },
    { name: 'supertest-style suite through tandem/supertest (whole process)', requests: 0, ms: [] },
    { name: 'same suite through supertest (whole process)', requests: 0, ms: [] },
  ];
  const libraries: RequestLike[] = [tandemRequest, supertest as unknown as RequestLike];
  for (const request of libraries) await runSuite(request, createSuiteApp); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const started = performance.now();
      let requests = 0;
      for (let r = 0; r < repeat; r++) requests += await runSuite(libraries[i]!, createSuiteApp);
      results[i]!.ms.push(performance.now() - started);
      results[i]!.requests = requests;
      results[i + 2]!.requests = requests;
    }
    for (const i of round % 2 === 0 ? [2, 3] : [3, 2]) results[i]!.ms.push(await runProcess(i === 2 ? 'tandem' : 'supertest', repeat));
  }
  assert.equal(results[0]!.requests, results[1]!.requests);
  return results;
}
