/**
 * Vitest integration: `useTestApp()` creates a test app and registers its lifecycle with Vitest's
 * hooks; `localOnly()` / `remoteOnly()` declare tests that skip themselves, with the reason as
 * Vitest's skip note. Import from `tandem/vitest`.
 */
import { afterAll, afterEach, beforeEach, test, type TestContext } from 'vitest';
import { createTestApp } from '../client/create-test-app.js';
import type { TestApp } from '../client/test-app.js';
import type { TestAppOptions } from '../config/test-app-options.js';
import { localOnly as localMark, remoteOnly as remoteMark, type ModeMark } from '../client/mode-marks.js';
import type { AppInput } from '../targets/classify-app.js';
import { testEnded, testStarting } from './lifecycle.js';

/**
 * Creates a test app (as `createTestApp` does) and registers it with Vitest: before each test the
 * test's name is recorded (the cleanup ledger and the HAR recording name it), after each test what
 * it created is cleaned up, and after the file (or the `describe` it is called in) the test app is
 * closed.
 *
 * @example
 * import { test } from 'vitest';
 * import { useTestApp } from 'tandem/vitest';
 * import { createApp } from '../src/app.js';
 *
 * const api = useTestApp(() => createApp());
 *
 * test('creates a note', async () => {
 *   await api.post('/notes').json({ title: 'hi' }).expect(201);
 * });
 */
export function useTestApp(app?: AppInput, options?: TestAppOptions): TestApp {
  const api = createTestApp(app, options);
  beforeEach((context) => testStarting(context.task.fullTestName ?? context.task.name));
  afterEach((context) => {
    const result = context.task.result;
    return testEnded(api, { ran: result?.state !== 'skip', failed: result?.state === 'fail' || (result?.errors?.length ?? 0) > 0, error: result?.errors?.[0] });
  });
  afterAll(() => api.close());
  return api;
}

/**
 * Declares a test, as Vitest's `test(name, fn, timeout)` does.
 *
 * @example
 * import { localOnly, type ModeTest } from 'tandem/vitest';
 *
 * const local: ModeTest = localOnly('patches the store');
 * local('retries on a store failure', async () => {}, 10_000);
 */
export type ModeTest = (name: string, fn: (context: TestContext) => unknown, timeout?: number) => void;

function modeTest(mark: ModeMark): ModeTest {
  const note = mark.skip;
  if (note === undefined) return (name, fn, timeout) => test(name, fn, timeout);
  // Skipped from inside, so that Vitest shows the reason as the test's note (`↓ name [reason]`).
  return (name, _fn, timeout) => test(name, (context) => context.skip(note), timeout);
}

/**
 * Declares a test that only makes sense in-process (it patches the app, reads its memory, fakes
 * time): skipped when `TANDEM_TARGET` names a deployment, with the reason and the target as
 * Vitest's skip note.
 *
 * @example
 * import { localOnly } from 'tandem/vitest';
 *
 * localOnly('replaces the store with a failing one')('retries when the store fails', async () => {
 *   // …
 * });
 */
export function localOnly(reason: string, env: NodeJS.ProcessEnv = process.env): ModeTest {
  return modeTest(localMark(reason, env));
}

/**
 * Declares a test that only makes sense against a deployment (TLS, a proxy, the real database):
 * skipped in-process, with the reason as Vitest's skip note.
 *
 * @example
 * import { remoteOnly } from 'tandem/vitest';
 *
 * remoteOnly('TLS is terminated by the load balancer')('redirects http to https', async () => {
 *   // …
 * });
 */
export function remoteOnly(reason: string, env: NodeJS.ProcessEnv = process.env): ModeTest {
  return modeTest(remoteMark(reason, env));
}
