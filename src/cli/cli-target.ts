/** What the commands share: the config file (optional) and a target given as a name or a URL. */
import type { ReadyOptions } from '../config/test-app-options.js';
import { configDefaults, findTarget, mergeOptions, parseTargetChoice, targetWithUrl } from '../config/choose-target.js';
import { findConfigFile } from '../config/config-file.js';
import type { LoadedConfig } from '../config/config-types.js';
import { loadConfig } from '../config/load-config.js';
import { ConfigError } from '../errors/config-error.js';
import type { TestAppOptions } from '../config/test-app-options.js';

/** A deployment a command acts on. */
export interface CliTarget {
  /** The config target's name, when it is one (by name, or because its URL was given). */
  name: string | undefined;
  url: URL;
  /** The config's defaults with the target's own options over them. */
  options: TestAppOptions;
}

/**
 * The config file for a command: `--config`, else `TANDEM_CONFIG`, else found from the current
 * directory upward; undefined when there is none.
 */
export async function cliConfig(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig | undefined> {
  const file = findConfigFile({ explicit, env });
  return file === undefined ? undefined : loadConfig(file);
}

/**
 * Resolves `value` (a URL, or a target name looked up in `config`) to a target, with the config's
 * options for it. Throws `BadTargetError` for a malformed URL, `ConfigError` for an unknown name.
 *
 * @example
 * const target = resolveCliTarget('staging', await cliConfig(undefined), '--target');
 */
export function resolveCliTarget(value: string, config: LoadedConfig | undefined, source: string): CliTarget {
  const choice = parseTargetChoice(value, source);
  if (choice.kind === 'name') {
    if (!config) {
      throw new ConfigError(`${source} ${JSON.stringify(choice.name)} is not a URL, so it must name a target in a config file, and none was found (tandem.config.ts, .mts, .js, .mjs or .json from ${process.cwd()} upward; or --config, TANDEM_CONFIG). A URL needs its http:// or https://.`);
    }
    const target = findTarget(config.file, config.config, choice.name, source);
    return { name: choice.name, url: target.url, options: mergeOptions(configDefaults(config.config), target.options) };
  }
  const match = config && targetWithUrl(config.config, choice.url);
  return { name: match?.name, url: choice.url, options: mergeOptions(config && configDefaults(config.config), match?.options) };
}

/** The `ready` option in its long form, or undefined. */
export function readyOf(options: TestAppOptions): ReadyOptions | undefined {
  return typeof options.ready === 'string' ? { path: options.ready } : options.ready;
}
