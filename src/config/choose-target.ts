/**
 * Choosing what a test app talks to, and with which options: the explicit `target` option, then
 * `TANDEM_TARGET` (a URL, or the name of a target in the config file), then the app given, then
 * the config file's `app`. The mode is decided at once; the config file, when one applies, is
 * loaded later, on first use.
 */
import type { TestAppOptions } from './test-app-options.js';
import { BadTargetError } from '../errors/bad-target-error.js';
import { ConfigError } from '../errors/config-error.js';
import type { Mode } from '../format/exchange.js';
import { redactUrl } from '../format/redact.js';
import { parseTargetUrl, type AppInput } from '../targets/classify-app.js';
import { checkOptions } from './check-options.js';
import { CONFIG_FILE_NAMES, findConfigFile } from './config-file.js';
import type { ConfigurableOptions, TandemConfig, TargetConfig } from './config-types.js';
import { loadConfig } from './load-config.js';

/** A target named in code or the environment: a URL, or the name of a config target. */
export type TargetChoice = { kind: 'url'; url: URL; source: string } | { kind: 'name'; name: string; source: string };

/** What a test app is given once everything is known. */
export interface ResolvedTestApp {
  input: AppInput;
  /** The options in force: the config's defaults, then its target's, then the ones given in code. */
  options: TestAppOptions;
  /** The config target in use, when one applies (by name, or because its URL was given). */
  targetName?: string | undefined;
}

/** How a test app will be built: its mode at once, and the rest now or after loading the config file. */
export type TestAppPlan =
  | ({ mode: Mode; configFile?: undefined } & ResolvedTestApp)
  | {
      mode: Mode;
      configFile: string;
      resolve: () => Promise<ResolvedTestApp>;
      /** The target URL when it is known without the file (given as a URL, not a name). */
      url?: URL | undefined;
      /** True when the target is a name, so its URL comes from the file. */
      named?: boolean;
    };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads a target given as text: a URL when it has a scheme (`https://…`), else a target name.
 * Throws `BadTargetError` naming `source` for a malformed URL or something that is neither.
 *
 * @example
 * parseTargetChoice('staging', 'TANDEM_TARGET'); // { kind: 'name', name: 'staging', source: 'TANDEM_TARGET' }
 */
export function parseTargetChoice(value: string | URL, source: string): TargetChoice {
  if (value instanceof URL || SCHEME.test(value.trim())) return { kind: 'url', url: parseTargetUrl(value, source), source };
  const name = value.trim();
  if (NAME.test(name)) return { kind: 'name', name, source };
  throw new BadTargetError(
    `${source} is not a URL, nor a target name: ${JSON.stringify(value)}. Give an absolute http:// or https:// URL (e.g. https://staging.example.com), or the name of a target in tandem.config.ts`,
  );
}

/** The target chosen by `options.target`, else by `TANDEM_TARGET`; undefined for none. */
function chosenTarget(options: TestAppOptions): TargetChoice | undefined {
  if (options.target !== undefined) return parseTargetChoice(options.target, 'options.target');
  const fromEnv = (options.env ?? process.env).TANDEM_TARGET;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseTargetChoice(fromEnv, 'TANDEM_TARGET');
  return undefined;
}

function describeChoice(choice: TargetChoice): string {
  return choice.kind === 'name' ? `${choice.source}=${choice.name}` : `${choice.source}=${redactUrl(choice.url.href)}`;
}

function sameUrl(a: string | URL, b: URL): boolean {
  try {
    return new URL(a).href.replace(/\/+$/, '') === b.href.replace(/\/+$/, '');
  } catch {
    return false;
  }
}

/** Header records merged by name, case-insensitively: later ones replace earlier ones. */
function mergeHeaders(...records: Array<Record<string, string> | undefined>): Record<string, string> {
  const merged = new Map<string, [string, string]>();
  for (const record of records) for (const [name, value] of Object.entries(record ?? {})) merged.set(name.toLowerCase(), [name, value]);
  return Object.fromEntries(merged.values());
}

/**
 * Layers options: each layer's defined values replace the earlier ones', except `headers`, which
 * are merged by name.
 *
 * @example
 * mergeOptions({ timeout: 5000, headers: { a: '1' } }, { headers: { b: '2' } }); // { timeout: 5000, headers: { a: '1', b: '2' } }
 */
export function mergeOptions(...layers: Array<ConfigurableOptions | TestAppOptions | undefined>): TestAppOptions {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value === undefined) continue;
      merged[key] = key === 'headers' ? mergeHeaders(merged.headers as Record<string, string> | undefined, value as Record<string, string>) : value;
    }
  }
  return merged;
}

/**
 * Options an environment variable sets: the variable beats the config file (not code), so that
 * `tandem test --har` (TANDEM_HAR) or `TANDEM_READ_ONLY=1` are not silently undone by the file.
 */
const ENV_SET: ReadonlyArray<[keyof ConfigurableOptions, (env: Record<string, string | undefined>) => boolean]> = [
  ['record', (env) => Boolean(env.TANDEM_HAR?.trim())],
  ['coverage', (env) => Boolean(env.TANDEM_COVERAGE_DIR?.trim())],
  ['ledgerDir', (env) => Boolean(env.TANDEM_LEDGER_DIR?.trim())],
  ['readOnly', (env) => ['1', 'true'].includes(env.TANDEM_READ_ONLY?.trim().toLowerCase() ?? '')],
  ['compare', (env) => Boolean(env.TANDEM_COMPARE?.trim())],
];

/**
 * A config layer without the options that `env` sets.
 *
 * @example
 * underEnv({ record: 'config.har', timeout: 5000 }, { TANDEM_HAR: 'cli.har' }); // { timeout: 5000 }
 */
export function underEnv(layer: ConfigurableOptions | undefined, env: Record<string, string | undefined>): ConfigurableOptions | undefined {
  if (!layer) return layer;
  const kept: Record<string, unknown> = { ...layer };
  for (const [key, isSet] of ENV_SET) if (isSet(env)) delete kept[key];
  return kept;
}

/** A config's defaults: everything but the app, the targets and the command. */
export function configDefaults(config: TandemConfig): ConfigurableOptions {
  const { app: _app, targets: _targets, command: _command, ...defaults } = config;
  return defaults;
}

/** A target's options: everything but its URL. */
function targetOptions(target: TargetConfig): ConfigurableOptions {
  const { url: _url, ...options } = target;
  return options;
}

/**
 * Looks a target name up in a loaded config; throws a `ConfigError` listing the names it has.
 *
 * @example
 * const { url, options } = findTarget(loaded, 'staging', 'tandem test --target');
 */
export function findTarget(file: string, config: TandemConfig, name: string, source: string): { url: URL; options: ConfigurableOptions } {
  const target = Object.hasOwn(config.targets ?? {}, name) ? config.targets![name] : undefined;
  if (!target) {
    const names = Object.keys(config.targets ?? {});
    throw new ConfigError(
      `${file} has no target named "${name}" (${source}); ${names.length > 0 ? `its targets are: ${names.join(', ')}` : 'it defines no targets'}. (A URL needs its http:// or https://.)`,
      { file, key: `targets.${name}` },
    );
  }
  return { url: parseTargetUrl(target.url, `targets.${name}.url`), options: targetOptions(target) };
}

/**
 * The config target whose URL is `url`, if any: its options apply to a run given the URL alone
 * (`TANDEM_TARGET=https://staging…` gets staging's `readOnly`, headers and readiness). When
 * several have that URL, `preferred` (`TANDEM_TARGET_NAME`, set by `tandem test`) picks one, else
 * the first is taken.
 */
export function targetWithUrl(config: TandemConfig, url: URL, preferred?: string): { name: string; options: ConfigurableOptions } | undefined {
  const matching = Object.entries(config.targets ?? {}).filter(([, target]) => sameUrl(target.url, url));
  const found = matching.find(([name]) => name === preferred) ?? matching[0];
  return found && { name: found[0], options: targetOptions(found[1]) };
}

/**
 * `options.compare` with its candidate and noise instance checked, and a config target's name
 * replaced by that target's URL (`urlOf`); `'local'` and `'loopback'` are kept.
 */
function compareWithUrls(options: TestAppOptions, urlOf: (name: string, source: string) => URL): TestAppOptions {
  const compare = options.compare;
  if (compare === undefined || compare === false) return options;
  const given = typeof compare === 'string' ? { target: compare } : compare;
  const resolve = (value: string, source: string) => {
    if (value === 'local' || value === 'loopback') return value;
    const choice = parseTargetChoice(value, source);
    const url = choice.kind === 'url' ? choice.url : urlOf(choice.name, source);
    return url.pathname === '/' && url.search === '' && url.hash === '' ? url.href.slice(0, -1) : url.href; // shown as people write it
  };
  const noise = given.noise === undefined ? {} : { noise: resolve(given.noise, 'options.compare.noise') };
  return { ...options, compare: { ...given, target: resolve(given.target, 'options.compare'), ...noise } };
}

/** Resolves a test app's input and options against a config file. */
async function resolveWithConfig(file: string, app: AppInput | undefined, options: TestAppOptions, choice: TargetChoice | undefined): Promise<ResolvedTestApp> {
  const { config } = await loadConfig(file);
  const env = options.env ?? process.env;
  const urlOf = (name: string, source: string) => findTarget(file, config, name, source).url;
  const defaults = compareWithUrls(underEnv(configDefaults(config), env) ?? {}, urlOf);
  if (choice?.kind === 'name') {
    const target = findTarget(file, config, choice.name, choice.source);
    return { input: target.url, options: mergeOptions(defaults, compareWithUrls(underEnv(target.options, env) ?? {}, urlOf), compareWithUrls(options, urlOf)), targetName: choice.name };
  }
  if (choice?.kind === 'url') {
    const match = targetWithUrl(config, choice.url, env.TANDEM_TARGET_NAME);
    return { input: choice.url, options: mergeOptions(defaults, compareWithUrls(underEnv(match?.options, env) ?? {}, urlOf), compareWithUrls(options, urlOf)), targetName: match?.name };
  }
  const input = app ?? config.app;
  if (input === undefined) {
    throw new ConfigError(`createTestApp() was given no app, TANDEM_TARGET is not set, and ${file} has no "app": add app: () => import('./src/app.js').then((m) => m.createApp())`, {
      file,
      key: 'app',
    });
  }
  return { input, options: mergeOptions(defaults, compareWithUrls(options, urlOf)) };
}

/**
 * Plans a test app: its mode now, and its input and options now (no config file applies) or on
 * first use (`resolve()` loads the config file). Throws at once for what needs no file to judge:
 * an unknown option or a value of the wrong kind (`OptionError`), a malformed URL, a target name
 * with no config file, no app at all.
 *
 * @example
 * const plan = planTestApp(undefined, { env: { TANDEM_TARGET: 'staging' } });
 * plan.mode; // 'remote'
 */
export function planTestApp(app: AppInput | undefined, options: TestAppOptions): TestAppPlan {
  checkOptions(options);
  // A URL given as the app is chosen like one given as the target (a config target's options apply).
  const choice = chosenTarget(options) ?? (typeof app === 'string' || app instanceof URL ? { kind: 'url' as const, url: parseTargetUrl(app, 'the target URL'), source: 'the app' } : undefined);
  const mode: Mode = choice ? 'remote' : (options.transport ?? 'in-process');
  const configFile = findConfigFile({ explicit: options.config, env: options.env ?? process.env });
  if (configFile !== undefined) {
    return { mode, configFile, resolve: () => resolveWithConfig(configFile, app, options, choice), url: choice?.kind === 'url' ? choice.url : undefined, named: choice?.kind === 'name' };
  }
  if (choice?.kind === 'name') {
    throw new BadTargetError(
      `${describeChoice(choice)} is not a URL, so it must name a target in a config file, and there is none (${CONFIG_FILE_NAMES.join(', ')} from ${process.cwd()} upward, or TANDEM_CONFIG). Give a URL with http:// or https://, or define the target in tandem.config.ts`,
    );
  }
  const noFile = (name: string, source: string): never => {
    throw new BadTargetError(`${source}=${name} is not a URL, so it must name a target in a config file, and there is none (${CONFIG_FILE_NAMES.join(', ')} from ${process.cwd()} upward, or TANDEM_CONFIG)`);
  };
  options = compareWithUrls(options, noFile);
  if (choice?.kind === 'url') return { mode, input: choice.url, options };
  if (app === undefined) {
    throw new BadTargetError(
      'no app given and TANDEM_TARGET is not set: pass an app, a factory or a URL to createTestApp(), set TANDEM_TARGET, or add a tandem.config.ts with an app',
    );
  }
  return { mode, input: app, options };
}
