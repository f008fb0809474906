/**
 * What every runner integration does around each test and at the end, whatever the runner: name
 * the running test, clean up what it created, count it, and close the test app.
 */
import { countTest } from '../client/run-stats.js';
import { setCurrentTest } from '../client/test-context.js';
import type { TestApp } from '../client/test-app.js';

/** From a `beforeEach` hook: the test that is starting. */
export function testStarting(name: string | undefined): void {
  setCurrentTest(name);
}

/**
 * From an `afterEach` hook: removes what the test created (the cleanup ledger), then counts the
 * test unless the runner skipped it. A cleanup failure fails the hook, so the runner shows it on
 * that test.
 */
export async function testEnded(api: TestApp, ran = true): Promise<void> {
  try {
    await api.cleanup('test');
  } finally {
    if (ran) countTest();
    setCurrentTest(undefined);
  }
}
