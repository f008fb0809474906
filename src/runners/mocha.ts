/**
 * Mocha integration: `useTestApp()` creates a test app and registers its lifecycle with Mocha's
 * hooks; `localOnly()` / `remoteOnly()` declare tests that are pending with the reason in their
 * title. Import from `tandem/mocha` (or `require('tandem/mocha')` from CommonJS spec files).
 * Mocha's hooks are read from its globals (the BDD interface), so this module needs no Mocha types.
 */
import { createTestApp } from '../client/create-test-app.js';
import type { TestApp } from '../client/test-app.js';
import type { TestAppOptions } from '../config/test-app-options.js';
import { localOnly as localMark, remoteOnly as remoteMark, type ModeMark } from '../client/mode-marks.js';
import type { AppInput } from '../targets/classify-app.js';
import { testEnded, testStarting } from './lifecycle.js';
import { runnerGlobals, titleWithReason } from './runner-globals.js';

/** A test body as Mocha runs it (`this` is Mocha's context; a `done` parameter makes it callback style). */
type MochaTestFn = (this: any, done: (error?: unknown) => void) => unknown;

/** The current test, as Mocha's hook context shows it. */
interface MochaTest {
  titlePath(): string[];
  isPending(): boolean;
  /** `'passed'` or `'failed'` once it ran. */
  state?: string;
  err?: unknown;
}

/** The part of Mocha's BDD globals used here (minimal, so that `@types/mocha` is not needed). */
interface MochaGlobals {
  beforeEach: (fn: (this: { currentTest?: MochaTest }) => unknown) => void;
  afterEach: (fn: (this: { currentTest?: MochaTest }) => unknown) => void;
  after: (fn: () => unknown) => void;
  it: { (title: string, fn?: MochaTestFn): unknown; skip: (title: string, fn?: MochaTestFn) => unknown };
}

const HINT = "tandem/mocha must be loaded by a spec file that Mocha runs with its BDD interface (the default, `--ui bdd`)";

function mocha(names: ReadonlyArray<keyof MochaGlobals>): MochaGlobals {
  return runnerGlobals<MochaGlobals>('mocha', names, HINT);
}

/**
 * Creates a test app (as `createTestApp` does) and registers it with Mocha: before each test the
 * test's name is recorded (the cleanup ledger and the HAR recording name it), after each test what
 * it created is cleaned up, and after the `describe` it is called in the test app is closed. Call
 * it inside a `describe`: at the top level of a spec file Mocha makes hooks root hooks, which run
 * around the tests of every file.
 *
 * @example
 * import { useTestApp } from 'tandem/mocha';
 * import { createApp } from '../src/app.js';
 *
 * describe('notes', () => {
 *   const api = useTestApp(() => createApp());
 *
 *   it('creates a note', async () => {
 *     await api.post('/notes').json({ title: 'hi' }).expect(201);
 *   });
 * });
 */
export function useTestApp(app?: AppInput, options?: TestAppOptions): TestApp {
  const { beforeEach, afterEach, after } = mocha(['beforeEach', 'afterEach', 'after']);
  const api = createTestApp(app, options);
  beforeEach(function () {
    testStarting(this.currentTest?.titlePath().join(' > '));
  });
  afterEach(function () {
    const current = this.currentTest;
    return testEnded(api, { ran: current?.isPending() !== true, failed: current?.state === undefined ? undefined : current.state === 'failed', error: current?.err });
  });
  after(() => api.close());
  return api;
}

/**
 * Declares a test, as Mocha's `it(title, fn)` does.
 *
 * @example
 * import { localOnly, type ModeTest } from 'tandem/mocha';
 *
 * const local: ModeTest = localOnly('patches the store');
 * local('retries on a store failure', async function () {});
 */
export type ModeTest = (title: string, fn: MochaTestFn) => void;

function modeTest(mark: ModeMark): ModeTest {
  const note = mark.skip;
  // Mocha's `this.skip()` takes no reason: the test is declared pending, with the reason in its title.
  return (title, fn) => {
    const { it } = mocha(['it']);
    if (note === undefined) it(title, fn);
    else it.skip(titleWithReason(title, note), fn);
  };
}

/**
 * Declares a test that only makes sense in-process (it patches the app, reads its memory, fakes
 * time): pending when `TANDEM_TARGET` names a deployment, its title ending with the reason and
 * the target (`- title [local-only: reason (TANDEM_TARGET=…)]`).
 *
 * @example
 * import { localOnly } from 'tandem/mocha';
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
 * pending in-process, its title ending with the reason.
 *
 * @example
 * import { remoteOnly } from 'tandem/mocha';
 *
 * remoteOnly('TLS is terminated by the load balancer')('redirects http to https', async () => {
 *   // …
 * });
 */
export function remoteOnly(reason: string, env: NodeJS.ProcessEnv = process.env): ModeTest {
  return modeTest(remoteMark(reason, env));
}
