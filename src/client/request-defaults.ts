/** The per-request defaults of a test app, read from its options and checked. */
import { OptionError } from '../errors/option-error.js';
import { headerProblem } from '../request/validate.js';
import type { TestAppOptions } from '../config/test-app-options.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REDIRECTS = 20;
const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;

/** What every request of a test app starts from. */
export interface RequestDefaults {
  headers: Array<[string, string]>;
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
}

/**
 * `timeout`, `maxBodyBytes`, `headers` and `followRedirects` with their defaults applied; a bad
 * value throws `OptionError` naming the option.
 *
 * @example
 * requestDefaults({ timeout: 5000 }).timeoutMs; // 5000
 */
export function requestDefaults(options: TestAppOptions): RequestDefaults {
  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new OptionError(`options.timeout must be a positive number of milliseconds, got ${String(options.timeout)}`);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) throw new OptionError(`options.maxBodyBytes must be a whole number of bytes, got ${String(options.maxBodyBytes)}`);
  const headers = Object.entries(options.headers ?? {});
  for (const [name, value] of headers) {
    const problem = headerProblem(name, value);
    if (problem) throw new OptionError(`options.headers: ${problem}`);
  }
  const follow = options.followRedirects ?? false;
  const maxRedirects = follow === true ? DEFAULT_MAX_REDIRECTS : follow === false ? 0 : follow;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) throw new OptionError(`options.followRedirects must be true, false or a whole number of hops, got ${String(follow)}`);
  return { headers, timeoutMs, maxBodyBytes, maxRedirects };
}
