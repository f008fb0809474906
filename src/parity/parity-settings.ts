/**
 * What a parity run compares: from the `compare` option when given, else from the environment
 * `tandem test --compare` sets.
 */
import type { CompareOptions, TestAppOptions } from '../config/test-app-options.js';
import { DEFAULT_IGNORED_HEADERS } from './diff-responses.js';

/** The candidate (or the noise instance): a deployment's URL, or the app itself in-process or on a loopback port. */
export type ParityTarget = { kind: 'url'; url: string } | { kind: 'local' } | { kind: 'loopback' };

/** A parity run's settings. */
export interface ParitySettings {
  candidate: ParityTarget;
  /** A second instance of the primary; undefined: noise is learned by sending each safe request to the primary twice. */
  noise: ParityTarget | undefined;
  /** Whether unsafe methods are sent to the candidate (and the noise instance) too. */
  writes: boolean;
  /** Lower-case header names left out of the comparison. */
  ignoreHeaders: ReadonlySet<string>;
  /**
   * Where each process records what it compared (`TANDEM_PARITY_DIR`, set by `tandem test`, which
   * sums the run up); undefined: the test app keeps its records and sums them up at `close()`.
   */
  dir: string | undefined;
  /** With `dir` undefined: write the summary at `close()` instead of rejecting for differences. */
  reportOnly: boolean;
}

function parityTarget(value: string): ParityTarget {
  return value === 'local' ? { kind: 'local' } : value === 'loopback' ? { kind: 'loopback' } : { kind: 'url', url: value };
}

function ignored(extra: readonly string[]): ReadonlySet<string> {
  return new Set([...DEFAULT_IGNORED_HEADERS, ...extra.map((name) => name.trim().toLowerCase()).filter((name) => name !== '')]);
}

/**
 * The parity settings of the `compare` option (its names already resolved to URLs), else of the
 * variables `TANDEM_COMPARE`, `TANDEM_NOISE`, `TANDEM_COMPARE_WRITES`,
 * `TANDEM_COMPARE_IGNORE_HEADERS` (comma-separated, added to the defaults) and
 * `TANDEM_PARITY_DIR`; undefined for no comparison (`compare: false`, or neither).
 *
 * @example
 * paritySettings(undefined, { TANDEM_COMPARE: 'https://candidate.example.com', TANDEM_PARITY_DIR: '/tmp/p' });
 * paritySettings({ target: 'loopback', noise: 'local' }, process.env);
 */
export function paritySettings(option: TestAppOptions['compare'], env: Record<string, string | undefined>): ParitySettings | undefined {
  const dir = env.TANDEM_PARITY_DIR?.trim() || undefined;
  if (option === false) return undefined;
  if (option !== undefined) {
    const compare: CompareOptions = typeof option === 'string' ? { target: option } : option;
    return {
      candidate: parityTarget(compare.target.trim()),
      noise: compare.noise === undefined ? undefined : parityTarget(compare.noise.trim()),
      writes: compare.writes ?? false,
      ignoreHeaders: ignored(compare.ignoreHeaders ?? []),
      dir,
      reportOnly: compare.reportOnly ?? false,
    };
  }
  const candidate = env.TANDEM_COMPARE?.trim();
  if (!candidate || !dir) return undefined;
  const noise = env.TANDEM_NOISE?.trim();
  return {
    candidate: parityTarget(candidate),
    noise: noise ? parityTarget(noise) : undefined,
    writes: env.TANDEM_COMPARE_WRITES === '1',
    ignoreHeaders: ignored((env.TANDEM_COMPARE_IGNORE_HEADERS ?? '').split(',')),
    dir,
    reportOnly: false,
  };
}
