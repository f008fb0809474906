/**
 * Jest integration: `useTestApp()` creates a test app and registers its lifecycle with Jest's
 * hooks; `localOnly()` / `remoteOnly()` declare tests that are skipped with the reason in their
 * title. Import from `tandem/jest`. Jest's hooks are read from its globals (on by default:
 * `injectGlobals`), so this module needs no Jest types or packages.
 */
import { createTestApp } from '../client/create-test-app.js';
import type { TestApp } from '../client/test-app.js';
import type { TestAppOptions } from '../config/test-app-options.js';
import { localOnly as localMark, remoteOnly as remoteMark, type ModeMark } from '../client/mode-marks.js';
import type { AppInput } from '../targets/classify-app.js';
import { testEnded, testStarting } from './lifecycle.js';
import { runnerGlobals, titleWithReason } from './runner-globals.js';

/** A test body as Jest runs it: async, or taking a `done` callback. */
type JestTestFn = (...args: any[]) => unknown;

/** The part of Jest's globals used here (minimal, so that `@types/jest` is not needed). */
interface JestGlobals {
  beforeEach: (fn: () => unknown) => void;
  afterEach: (fn: () => unknown) => void;
  afterAll: (fn: () => unknown) => void;
  test: { (name: string, fn: JestTestFn, timeout?: number): void; skip: (name: string, fn: JestTestFn, timeout?: number) => void };
  expect?: { getState?: () => { currentTestName?: string } };
}

const HINT = 'tandem/jest must be imported by a test file that Jest runs, with its globals injected (injectGlobals: true, the default)';

function jest(names: ReadonlyArray<keyof JestGlobals>): JestGlobals {
  return runnerGlobals<JestGlobals>('jest', names, HINT);
}

/**
 * Creates a test app (as `createTestApp` does) and registers it with Jest: before each test the
 * test's name is recorded (the cleanup ledger and the HAR recording name it), after each test what
 * it created is cleaned up, and after the file (or the `describe` it is called in) the test app is
 * closed.
 *
 * @example
 * import { useTestApp } from 'tandem/jest';
 * import { createApp } from '../src/app.js';
 *
 * const api = useTestApp(() => createApp());
 *
 * test('creates a note', async () => {
 *   await api.post('/notes').json({ title: 'hi' }).expect(201);
 * });
 */
export function useTestApp(app?: AppInput, options?: TestAppOptions): TestApp {
  const { beforeEach, afterEach, afterAll, expect } = jest(['beforeEach', 'afterEach', 'afterAll']);
  const api = createTestApp(app, options);
  beforeEach(() => testStarting(expect?.getState?.().currentTestName));
  afterEach(() => testEnded(api));
  afterAll(() => api.close());
  return api;
}

/**
 * Declares a test, as Jest's `test(name, fn, timeout)` does.
 *
 * @example
 * import { localOnly, type ModeTest } from 'tandem/jest';
 *
 * const local: ModeTest = localOnly('patches the store');
 * local('retries on a store failure', async () => {}, 10_000);
 */
export type ModeTest = (name: string, fn: JestTestFn, timeout?: number) => void;

function modeTest(mark: ModeMark): ModeTest {
  const note = mark.skip;
  // Jest cannot skip a test once it runs: the test is declared skipped, with the reason in its title.
  return (name, fn, timeout) => {
    const { test } = jest(['test']);
    if (note === undefined) test(name, fn, timeout);
    else test.skip(titleWithReason(name, note), fn, timeout);
  };
}

/**
 * Declares a test that only makes sense in-process (it patches the app, reads its memory, fakes
 * time): declared skipped when `TANDEM_TARGET` names a deployment, its title ending with the
 * reason and the target (`○ skipped name [local-only: reason (TANDEM_TARGET=…)]`).
 *
 * @example
 * import { localOnly } from 'tandem/jest';
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
 * declared skipped in-process, its title ending with the reason.
 *
 * @example
 * import { remoteOnly } from 'tandem/jest';
 *
 * remoteOnly('TLS is terminated by the load balancer')('redirects http to https', async () => {
 *   // …
 * });
 */
export function remoteOnly(reason: string, env: NodeJS.ProcessEnv = process.env): ModeTest {
  return modeTest(remoteMark(reason, env));
}
