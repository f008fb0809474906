/** Options that make a test run only in-process or only against a deployment, decided by `TANDEM_TARGET`. */
import { redactUrl } from '../format/redact.js';

/** Test options for node:test (`test(name, options, fn)`): `{ skip: reason }` to skip, `{}` to run. */
export type ModeMark = { skip: string } | { skip?: never };

function targetOf(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.TANDEM_TARGET;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Marks a test that only makes sense in-process (it patches the app, reads its memory, fakes time):
 * skipped, with `reason` and the target shown by the runner, when `TANDEM_TARGET` names a deployment.
 *
 * @example
 * import { test } from 'node:test';
 * import { localOnly } from 'tandem';
 *
 * test('retries when the store fails', localOnly('replaces the store with a failing one'), async () => {
 *   // …
 * });
 */
export function localOnly(reason: string, env: NodeJS.ProcessEnv = process.env): ModeMark {
  const target = targetOf(env);
  if (target === undefined) return {};
  return { skip: `local-only: ${reason} (TANDEM_TARGET=${redactUrl(target)})` };
}

/**
 * Marks a test that only makes sense against a real deployment (TLS, a proxy, the real database):
 * skipped, with `reason` shown by the runner, when `TANDEM_TARGET` is not set (in-process runs).
 *
 * @example
 * import { test } from 'node:test';
 * import { remoteOnly } from 'tandem';
 *
 * test('redirects http to https', remoteOnly('TLS is terminated by the load balancer'), async () => {
 *   // …
 * });
 */
export function remoteOnly(reason: string, env: NodeJS.ProcessEnv = process.env): ModeMark {
  if (targetOf(env) !== undefined) return {};
  return { skip: `remote-only: ${reason} (TANDEM_TARGET is not set: running in-process)` };
}
