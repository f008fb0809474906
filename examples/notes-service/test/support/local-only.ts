/** Marks tests that reach into the app (patch it, break a dependency): they cannot run against a deployment. */

/**
 * node:test options that skip the test, with `reason`, when the suite targets a deployment
 * (`TANDEM_TARGET` is set).
 *
 * @example
 * test('answers 503 when Redis is down', localOnly('replaces the store with a broken one'), async () => { … });
 */
export function localOnly(reason: string, env: Record<string, string | undefined> = process.env): { skip?: string } {
  const target = env.TANDEM_TARGET?.trim();
  return target ? { skip: `local only, not run against ${target}: ${reason}` } : {};
}
