/**
 * Loading the config file: JSON is parsed, JavaScript imported, and TypeScript imported as it is
 * when the running Node already loads `.ts` (under `node --import tsx`, or with type stripping),
 * else through tsx's programmatic `tsImport`. Each file is loaded once per process.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors/config-error.js';
import type { LoadedConfig } from './config-types.js';
import { checkConfig } from './validate-config.js';
import { resolveConfigPaths } from './config-paths.js';

const loaded = new Map<string, Promise<LoadedConfig>>();

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0] ?? text;
}

/** The default export of a module namespace (a CommonJS config's `module.exports` included). */
function defaultExport(namespace: unknown, file: string): unknown {
  let value = (namespace as { default?: unknown }).default;
  // TypeScript compiled to CommonJS (a .ts file outside a "type": "module" package) arrives as
  // { default: config }: a config has no key named default, so that wrapper is taken off.
  if (value !== null && typeof value === 'object' && Object.keys(value).every((key) => key === 'default' || key === '__esModule') && 'default' in value) {
    value = value.default;
  }
  if (value === undefined) throw new ConfigError(`${file} has no default export: write export default defineConfig({ … })`, { file });
  return value;
}

async function importTypeScript(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  try {
    return await import(url);
  } catch (error) {
    if (codeOf(error) !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  }
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = await import('tsx/esm/api'));
  } catch (error) {
    throw new ConfigError(`${file} is TypeScript, and this Node cannot load it by itself: install tsx (npm install --save-dev tsx) so that tandem can, or write the config as tandem.config.mjs, .js or .json`, {
      file,
      cause: error,
    });
  }
  return tsImport(url, import.meta.url);
}

async function readConfigFile(file: string): Promise<LoadedConfig> {
  let exported: unknown;
  try {
    const extension = extname(file);
    if (extension === '.json') {
      const text = await readFile(file, 'utf8');
      try {
        exported = JSON.parse(text);
      } catch (error) {
        throw new ConfigError(`${file} is not valid JSON: ${firstLine(error)}`, { file, cause: error });
      }
    } else if (extension === '.ts' || extension === '.mts') {
      exported = defaultExport(await importTypeScript(file), file);
    } else {
      exported = defaultExport(await import(pathToFileURL(file).href), file);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${file} could not be loaded: ${firstLine(error)}`, { file, cause: error });
  }
  return { file, config: resolveConfigPaths(checkConfig(file, exported), dirname(file)) };
}

/**
 * Loads and checks the config file at `file` (an absolute path), once per process: later calls
 * share the first one's result. Rejects with a `ConfigError` naming the file (and the key, for an
 * invalid value).
 *
 * @example
 * const { config } = await loadConfig(findConfigFile()!);
 * Object.keys(config.targets ?? {}); // ['staging', 'local-deploy']
 */
export function loadConfig(file: string): Promise<LoadedConfig> {
  let config = loaded.get(file);
  if (!config) {
    config = readConfigFile(file);
    loaded.set(file, config);
    config.catch(() => loaded.delete(file));
  }
  return config;
}
