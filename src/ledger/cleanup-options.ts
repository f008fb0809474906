/** The `cleanup` option of `createTestApp`. */
import type { CleanupRule } from './cleanup-rules.js';

/**
 * How the cleanup ledger removes what tests create (the `cleanup` option of `createTestApp`).
 *
 * @example
 * createTestApp(app, { cleanup: { rules: [{ method: 'POST', path: '/orders', delete: '/orders/{json.id}' }], attempts: 5 } });
 */
export interface CleanupOptions {
  /**
   * How to delete what other requests create: `{ method, path, delete }` templates or functions
   * of the response; the first that matches registers the resource.
   * @default []
   * @example { rules: [{ method: 'POST', path: '/orders', delete: '/orders/{json.id}' }] }
   */
  rules?: CleanupRule[];
  /**
   * The built-in rule: a `201 Created` with a `Location` (on the target's origin) to a POST, PUT
   * or PATCH registers `DELETE <location>`. `false` turns it off; `rules` and `api.track()` still apply.
   * @default true
   */
  auto?: boolean;
  /**
   * Attempts per resource before it is reported as a leftover (waiting 100 ms, then 200 ms, …
   * between them). A 404 or 410 counts as already gone; another 4xx is not retried.
   * @default 3
   */
  attempts?: number;
}
