/** `tandem test --compare`: what the run's processes are told, and what is printed once it ended. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/config-types.js';
import type { TestAppOptions } from '../config/test-app-options.js';
import { OptionError } from '../errors/option-error.js';
import { redactUrl } from '../format/redact.js';
import { resolveCliTarget } from './cli-target.js';

/** The parity options of `tandem test`. */
export interface ParityOptions {
  compare?: string;
  noise?: string;
  compareWrites?: boolean;
  compareReportOnly?: boolean;
  ignoreHeader: string[];
}

/**
 * The flags, with the config file's `compare` (the target's own, else the top-level one) as the
 * default when `--compare` is not given.
 *
 * @example
 * withConfiguredCompare({ ignoreHeader: [] }, { target: 'candidate', writes: true }); // { compare: 'candidate', compareWrites: true, ignoreHeader: [] }
 */
export function withConfiguredCompare(options: ParityOptions, configured: TestAppOptions['compare']): ParityOptions {
  if (options.compare !== undefined || configured === undefined || configured === false) return options;
  const given = typeof configured === 'string' ? { target: configured } : configured;
  return {
    compare: given.target,
    noise: options.noise ?? given.noise,
    compareWrites: options.compareWrites ?? given.writes,
    compareReportOnly: options.compareReportOnly ?? given.reportOnly,
    ignoreHeader: [...(given.ignoreHeaders ?? []), ...options.ignoreHeader],
  };
}

/** A parity run's other targets, as shown, and where its processes record what they compared. */
export interface ParityRun {
  candidate: string;
  noise: string | undefined;
  dir: string;
}

/** `local` (the app in-process), `loopback` (the app on a port of its own), a config target or a URL: its value for the environment and how it is shown. */
function side(value: string, config: LoadedConfig | undefined, source: string): { env: string; shown: string } {
  if (value === 'local' || value === 'loopback') return { env: value, shown: value === 'local' ? 'app (in-process)' : 'app (loopback)' };
  const target = resolveCliTarget(value, config, source);
  const url = target.url.pathname === '/' ? target.url.href.replace(/\/$/, '') : target.url.href;
  return { env: url, shown: `${target.name ? `${target.name} ` : ''}${redactUrl(url)}` };
}

/**
 * Sets the parity variables in `env` (`TANDEM_COMPARE`, `TANDEM_NOISE`, `TANDEM_COMPARE_WRITES`,
 * `TANDEM_COMPARE_IGNORE_HEADERS`, `TANDEM_PARITY_DIR`), or, without `--compare`, removes them;
 * an option that needs `--compare` without it is refused.
 *
 * @example
 * const parity = parityEnv({ compare: 'candidate', ignoreHeader: [] }, config, env, true);
 */
export function parityEnv(options: ParityOptions, config: LoadedConfig | undefined, env: NodeJS.ProcessEnv, inProcess: boolean): ParityRun | undefined {
  for (const name of ['TANDEM_COMPARE', 'TANDEM_NOISE', 'TANDEM_COMPARE_WRITES', 'TANDEM_COMPARE_IGNORE_HEADERS', 'TANDEM_PARITY_DIR']) delete env[name];
  if (options.compare === undefined) {
    const needless = options.noise !== undefined ? '--noise' : options.compareWrites ? '--compare-writes' : options.compareReportOnly ? '--compare-report-only' : options.ignoreHeader.length > 0 ? '--ignore-header' : undefined;
    if (needless) throw new OptionError(`${needless} only applies to a parity run: give --compare <name|url> too`, { key: 'compare' });
    return undefined;
  }
  const candidate = side(options.compare, config, '--compare');
  const noise = options.noise === undefined ? undefined : side(options.noise, config, '--noise');
  if (!inProcess && (candidate.env === 'local' || candidate.env === 'loopback' || noise?.env === 'local' || noise?.env === 'loopback')) {
    throw new OptionError('the app itself (local, loopback) can be compared only with the app in-process as the primary: give --target local (or no --target)', { key: 'compare' });
  }
  const dir = mkdtempSync(join(tmpdir(), 'tandem-parity-'));
  env.TANDEM_COMPARE = candidate.env;
  if (noise) env.TANDEM_NOISE = noise.env;
  if (options.compareWrites) env.TANDEM_COMPARE_WRITES = '1';
  if (options.ignoreHeader.length > 0) env.TANDEM_COMPARE_IGNORE_HEADERS = options.ignoreHeader.join(',');
  env.TANDEM_PARITY_DIR = dir;
  return { candidate: candidate.shown, noise: noise?.shown, dir };
}
