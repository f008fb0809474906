/** What a parity run compares, read once from the environment `tandem test --compare` sets. */
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
  /** Where each process records what it compared (`TANDEM_PARITY_DIR`). */
  dir: string;
}

function parityTarget(value: string): ParityTarget {
  return value === 'local' ? { kind: 'local' } : value === 'loopback' ? { kind: 'loopback' } : { kind: 'url', url: value };
}

/**
 * The parity settings `TANDEM_COMPARE`, `TANDEM_NOISE`, `TANDEM_COMPARE_WRITES`,
 * `TANDEM_COMPARE_IGNORE_HEADERS` (comma-separated, added to the defaults) and `TANDEM_PARITY_DIR`
 * describe; undefined without `TANDEM_COMPARE` and `TANDEM_PARITY_DIR`.
 *
 * @example
 * paritySettings({ TANDEM_COMPARE: 'https://candidate.example.com', TANDEM_PARITY_DIR: '/tmp/p' });
 */
export function paritySettings(env: Record<string, string | undefined>): ParitySettings | undefined {
  const candidate = env.TANDEM_COMPARE?.trim();
  const dir = env.TANDEM_PARITY_DIR?.trim();
  if (!candidate || !dir) return undefined;
  const noise = env.TANDEM_NOISE?.trim();
  const extra = (env.TANDEM_COMPARE_IGNORE_HEADERS ?? '').split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
  return {
    candidate: parityTarget(candidate),
    noise: noise ? parityTarget(noise) : undefined,
    writes: env.TANDEM_COMPARE_WRITES === '1',
    ignoreHeaders: new Set([...DEFAULT_IGNORED_HEADERS, ...extra]),
    dir,
  };
}
