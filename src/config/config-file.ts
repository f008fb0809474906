/** Finding the config file: synchronously, so a test app knows at once whether one applies. */
import { statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { ConfigError } from '../errors/config-error.js';

/** The names a config file may have, in the order they are looked for in each directory. */
export const CONFIG_FILE_NAMES = ['tandem.config.ts', 'tandem.config.mts', 'tandem.config.js', 'tandem.config.mjs', 'tandem.config.json'] as const;

const EXTENSIONS = new Set(['.ts', '.mts', '.js', '.mjs', '.json']);

export interface ConfigLookup {
  /** A path given in code or on the command line (`false`: use no config file). */
  explicit?: string | false | undefined;
  /** Where `TANDEM_CONFIG` is read. @default process.env */
  env?: Record<string, string | undefined> | undefined;
  /** Where the upward search starts and relative paths resolve. @default process.cwd() */
  cwd?: string | undefined;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

/**
 * The absolute path of the config file that applies, or undefined when there is none: the path
 * given (`explicit`, else `TANDEM_CONFIG`), which must exist, or else the first of
 * {@link CONFIG_FILE_NAMES} found in `cwd` or a directory above it.
 *
 * @example
 * findConfigFile({ cwd: '/repo/packages/api/test' }); // '/repo/packages/api/tandem.config.ts'
 */
export function findConfigFile({ explicit, env = process.env, cwd = process.cwd() }: ConfigLookup = {}): string | undefined {
  if (explicit === false) return undefined;
  const fromEnv = env.TANDEM_CONFIG?.trim();
  const given = explicit ?? (fromEnv === '' ? undefined : fromEnv);
  if (given !== undefined) {
    const source = explicit === undefined ? 'TANDEM_CONFIG' : 'the config path given';
    const file = resolve(cwd, given);
    if (!EXTENSIONS.has(extname(file))) {
      throw new ConfigError(`${file} (${source}): a config file must end in ${[...EXTENSIONS].join(', ')}`, { file });
    }
    if (!isFile(file)) throw new ConfigError(`${file} (${source}) does not exist`, { file });
    return file;
  }
  for (let dir = resolve(cwd); ; ) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      if (isFile(file)) return file;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
