/** The shape of `tandem.config.ts`: the app, named targets, and defaults for every test app. */
import type { TestAppOptions } from './test-app-options.js';
import type { AppInput } from '../targets/classify-app.js';

/**
 * The options a config file may set, as defaults for every test app or for one target. Left out:
 * what a test app knows the moment it is created, before the file is loaded (`target`,
 * `transport`, `origin`, and `runId`, which `api.runId` shows: one run's id is `TANDEM_RUN_ID`,
 * which `tandem test` sets), and `env`/`config`, which say where the configuration comes from.
 *
 * @example
 * const defaults: ConfigurableOptions = { headers: { 'x-suite': 'notes' }, timeout: 10_000 };
 */
export type ConfigurableOptions = Omit<TestAppOptions, 'target' | 'transport' | 'origin' | 'runId' | 'env' | 'config'>;

/**
 * A named deployment: its URL and the options that apply when tests run against it.
 *
 * @example
 * const staging: TargetConfig = { url: 'https://staging.example.com', readOnly: true, ready: '/health' };
 */
export interface TargetConfig extends ConfigurableOptions {
  /**
   * The deployment's base URL (an optional path prefix is kept).
   * @example 'https://staging.example.com'
   */
  url: string;
}

/**
 * What `tandem.config.ts` exports by default (through `defineConfig` for the types).
 *
 * @example
 * const config: TandemConfig = {
 *   app: () => import('./src/app.js').then((m) => m.createApp()),
 *   timeout: 10_000,
 *   targets: { staging: { url: 'https://staging.example.com', readOnly: true } },
 * };
 */
export interface TandemConfig extends ConfigurableOptions {
  /**
   * Builds the app for in-process runs; called lazily, once per test app, and never when a target
   * is chosen. Import the app inside it, so that remote runs load none of its code.
   * @example app: () => import('./src/app.js').then((m) => m.createApp())
   */
  app?: (() => AppInput | Promise<AppInput>) | undefined;
  /**
   * Named deployments, chosen with `TANDEM_TARGET=<name>` or `tandem test --target <name>`.
   * @example targets: { staging: { url: 'https://staging.example.com', readOnly: true, ready: '/health' } }
   */
  targets?: Record<string, TargetConfig> | undefined;
  /**
   * The command `tandem test` runs when none is given after `--`: a string runs through the shell
   * (globs expand), an array runs as is. Default: `npm test` when package.json has a test script,
   * else `node --test`.
   * @example command: 'node --import tsx --test test/*.spec.ts'
   */
  command?: string | string[] | undefined;
}

/** A config file, loaded and checked. */
export interface LoadedConfig {
  /** Its absolute path. */
  readonly file: string;
  readonly config: TandemConfig;
}
