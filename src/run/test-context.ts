/**
 * Which test is running, as far as tandem can know: runner integrations (`tandem/node-test`,
 * `tandem/vitest`, `tandem/jest`, `tandem/mocha`) set it from their `beforeEach` hook, and the
 * cleanup ledger and the safety policy name it in what they report.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

let current: string | undefined;

/**
 * Records the name of the test that is starting (`undefined` when it ended). Runner integrations
 * call it; call it yourself only from a runner tandem has no integration for.
 *
 * @example
 * beforeEach((t) => setCurrentTest(t.name));
 * afterEach(() => setCurrentTest(undefined));
 */
export function setCurrentTest(name: string | undefined): void {
  current = name;
}

/**
 * The name of the running test, if a runner integration told tandem.
 *
 * @example
 * console.log(`running ${currentTest() ?? '(outside a test)'}`);
 */
export function currentTest(): string | undefined {
  return current;
}

const writes = new AsyncLocalStorage<true>();

/**
 * Marks a test (or any function) as allowed to send unsafe methods (POST, PUT, PATCH, DELETE) to
 * a read-only target. Everything the function awaits is covered, and nothing outside it.
 *
 * @example
 * test('creates an order on staging', allowWrites(async () => {
 *   await api.post('/orders').json({ sku: 'A-1' }).expect(201);
 * }));
 */
export function allowWrites<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => writes.run(true, () => fn(...args));
}

/**
 * Whether the running code is inside {@link allowWrites}.
 *
 * @example
 * allowWrites(() => writesAllowed())(); // true
 * writesAllowed(); // false
 */
export function writesAllowed(): boolean {
  return writes.getStore() === true;
}
