/**
 * Rule `app-error`: the app failed while serving a request in a way a server would only log, or
 * that would crash the process: an `'error'` event on the response with no listener of the app's
 * own (a write after `end()`, for one), or an error thrown after the response had ended.
 */
import type { LintFinding } from './options.js';

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * A finding for `error`, which the app raised `how` (e.g. `'threw after the response ended'`).
 *
 * @example
 * appErrorFinding(new Error('boom'), 'threw after the response ended');
 */
export function appErrorFinding(error: unknown, how: string): LintFinding {
  return { rule: 'app-error', message: `the app ${how}: ${describe(error)}`, cause: error };
}
