/**
 * node:test integration: `useTestApp()` creates a test app and registers its lifecycle with
 * node:test's hooks. Import from `tandem/node-test`.
 */
import { after, afterEach, beforeEach } from 'node:test';
import { createTestApp } from '../client/create-test-app.js';
import type { TestApp } from '../client/test-app.js';
import type { TestAppOptions } from '../config/test-app-options.js';
import type { AppInput } from '../targets/classify-app.js';
import { testEnded, testStarting } from './lifecycle.js';

export { localOnly, remoteOnly, type ModeMark } from '../client/mode-marks.js';

/**
 * Creates a test app (as `createTestApp` does) and registers it with node:test: before each test
 * the test's name is recorded (the cleanup ledger and the HAR recording name it), after each test
 * what it created is cleaned up, and after the file (or the `describe` it is called in) the test
 * app is closed. Call it at the top of a test file, or inside a `describe` to scope it there.
 *
 * @example
 * import { test } from 'node:test';
 * import { useTestApp, localOnly } from 'tandem/node-test';
 * import { createApp } from '../src/app.js';
 *
 * const api = useTestApp(() => createApp());
 *
 * test('creates a note', async () => {
 *   await api.post('/notes').json({ title: 'hi' }).expect(201);
 * });
 *
 * test('survives a store failure', localOnly('replaces the store with a failing one'), async () => {
 *   // …
 * });
 */
export function useTestApp(app?: AppInput, options?: TestAppOptions): TestApp {
  const api = createTestApp(app, options);
  beforeEach((t) => testStarting('fullName' in t && typeof t.fullName === 'string' ? t.fullName : t.name));
  afterEach((t) => {
    // `passed` and `error` exist since Node 20.12; @types/node 20 does not declare them yet.
    const { passed, error } = t as { passed?: unknown; error?: unknown };
    return testEnded(api, { failed: typeof passed === 'boolean' ? !passed : undefined, error });
  });
  after(() => api.close());
  return api;
}
