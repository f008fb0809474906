/**
 * File options written in a config file are relative to the file's own directory (as in other
 * tools' configs), not to wherever the tests happen to run from: they are made absolute on load.
 */
import { isAbsolute, resolve } from 'node:path';
import type { ConfigurableOptions, TandemConfig } from './config-types.js';

function fromDir(dir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dir, path);
}

function resolveOptions<T extends ConfigurableOptions>(options: T, dir: string): T {
  const resolved = { ...options };
  if (typeof resolved.openapi === 'string') resolved.openapi = fromDir(dir, resolved.openapi);
  if (typeof resolved.ledgerDir === 'string') resolved.ledgerDir = fromDir(dir, resolved.ledgerDir);
  if (typeof resolved.coverage === 'string') resolved.coverage = fromDir(dir, resolved.coverage);
  if (typeof resolved.record === 'string') resolved.record = fromDir(dir, resolved.record);
  else if (resolved.record && typeof resolved.record === 'object') resolved.record = { ...resolved.record, har: fromDir(dir, resolved.record.har) };
  return resolved;
}

/**
 * `config` with its relative `openapi`, `record`, `ledgerDir` and `coverage` paths (defaults and
 * targets) resolved against `dir`, the config file's directory.
 *
 * @example
 * resolveConfigPaths({ openapi: './openapi.yaml' }, '/srv/notes').openapi; // '/srv/notes/openapi.yaml'
 */
export function resolveConfigPaths(config: TandemConfig, dir: string): TandemConfig {
  const resolved = resolveOptions(config, dir);
  if (config.targets) {
    resolved.targets = Object.fromEntries(Object.entries(config.targets).map(([name, target]) => [name, resolveOptions(target, dir)]));
  }
  return resolved;
}
