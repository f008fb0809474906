/**
 * What every runner integration does around each test and at the end, whatever the runner: name
 * the running test, clean up what it created, count it, record its outcome for the run report,
 * and close the test app.
 */
import { performance } from 'node:perf_hooks';
import { countTest } from '../run/run-stats.js';
import { currentTest, setCurrentTest } from '../run/test-context.js';
import type { TestApp } from '../client/test-app.js';
import { failureOf, recordTestOutcome, type TestOutcome } from '../report/test-outcomes.js';

/** When the running test started (`performance.now()`). */
let startedAt = 0;

/** What a runner tells about a test that ended. */
export interface TestEnd {
  /** False when the runner skipped it. */
  ran?: boolean;
  /** Whether it failed; undefined when the runner does not say (the report shows it as unknown). */
  failed?: boolean | undefined;
  /** The error it failed with. */
  error?: unknown;
}

/** From a `beforeEach` hook: the test that is starting. */
export function testStarting(name: string | undefined): void {
  setCurrentTest(name);
  startedAt = performance.now();
}

/**
 * From an `afterEach` hook: removes what the test created (the cleanup ledger), then counts the
 * test unless the runner skipped it, and records its outcome. A cleanup failure fails the hook, so
 * the runner shows it on that test (and the report too).
 */
export async function testEnded(api: TestApp, end: TestEnd = {}): Promise<void> {
  const ran = end.ran ?? true;
  let failure: unknown = end.failed ? end.error : undefined;
  let failed = end.failed;
  try {
    await api.cleanup('test');
  } catch (error) {
    failure ??= error;
    failed = true;
    throw error;
  } finally {
    if (ran) countTest();
    const name = currentTest();
    if (name !== undefined) {
      const outcome: TestOutcome = { name, status: !ran ? 'skipped' : failed === undefined ? 'unknown' : failed ? 'failed' : 'passed', durationMs: Math.round(performance.now() - startedAt) };
      if (failed && failure !== undefined) outcome.failure = failureOf(failure);
      recordTestOutcome(outcome);
    }
    setCurrentTest(undefined);
  }
}
