/** Fixtures: test data declared once, made on first use in a scope, removed through the ledger. */
import { currentTest } from '../run/test-context.js';
import type { Ledger } from './ledger.js';
import type { LedgerScope } from './ledger-entry.js';
import { customEntry } from './track.js';

/**
 * How a fixture is scoped and removed (`api.fixture(create, options)`).
 *
 * @example
 * const admin = api.fixture((api) => makeAdmin(api), { scope: 'suite', remove: (user) => api.delete(`/users/${user.id}`), name: 'admin user' });
 */
export interface FixtureOptions<T> {
  /**
   * `'test'`: made at most once per test and removed after it (by `api.cleanup('test')`);
   * `'suite'`: made once, shared by the tests, removed at `api.close()`.
   * @default 'test' when first used inside a running test, 'suite' when first used outside (e.g. in `before`)
   */
  scope?: LedgerScope;
  /**
   * Removes the value. Leave it out when `create` made the data with requests the ledger already
   * tracks (a `201` with `Location`, a cleanup rule, `api.track()`).
   * @example { remove: (user) => api.delete(`/users/${user.id}`) }
   */
  remove?: (value: T) => Promise<unknown>;
  /** How the leftovers table shows what `remove` removes. @default 'fixture' */
  name?: string;
}

/**
 * A declared fixture: call it to get the value, made on first use in the current scope.
 *
 * @example
 * const note: Fixture<Note> = api.fixture(async (api) => (await api.post('/notes').json({ title: 'n' }).expect(201)).json);
 * const { id } = await note();
 */
export type Fixture<T> = () => Promise<T>;

/**
 * Declares a fixture of `app`: `create(app)` runs on the first call in a scope (a test, or the
 * suite: fixed by the first call unless `options.scope` says) and its value is shared by the
 * later calls in that scope. Whatever it registers on the
 * ledger is attributed to that scope and removed with it; a creation that fails is not kept.
 */
export function defineFixture<A, T>(app: A, ledger: Ledger, create: (app: A) => T | Promise<T>, options: FixtureOptions<T> = {}): Fixture<T> {
  let memo: { key: string; value: Promise<T> } | undefined;
  let fixedScope = options.scope;
  return () => {
    const test = currentTest();
    const scope = (fixedScope ??= test === undefined ? 'suite' : 'test');
    const key = `${scope}\u0000${ledger.generation(scope)}\u0000${scope === 'test' ? (test ?? '') : ''}`;
    if (memo?.key === key) return memo.value;
    const value = ledger.inScope(scope, async () => {
      const made = await create(app);
      const remove = options.remove;
      if (remove) ledger.add(customEntry({ delete: () => remove(made), describe: options.name ?? 'fixture' }));
      return made;
    });
    memo = { key, value };
    value.catch(() => {
      if (memo?.value === value) memo = undefined;
    });
    return value;
  };
}
