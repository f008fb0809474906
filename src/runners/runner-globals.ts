/**
 * The hook functions of runners that provide them as globals (Jest, Mocha). Looked up when a test
 * app is registered, never when the module loads, and checked: outside its runner an integration
 * fails with a `RunnerError` that says what is missing, rather than with `x is not a function`.
 */
import { RunnerError } from '../errors/runner-error.js';

/** `globalThis`, once every name in `names` is known to be a function there. */
export function runnerGlobals<T extends object>(runner: string, names: ReadonlyArray<Extract<keyof T, string>>, hint: string): T {
  const scope = globalThis as Record<string, unknown>;
  const missing = names.filter((name) => typeof scope[name] !== 'function');
  if (missing.length > 0) {
    throw new RunnerError(`tandem/${runner}: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not defined: ${hint}`);
  }
  return scope as T;
}

/** The title a skipped test is registered under, where the runner has no other place for a reason. */
export function titleWithReason(title: string, reason: string): string {
  return `${title} [${reason}]`;
}
