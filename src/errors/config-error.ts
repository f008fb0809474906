import { TandemError, type TandemErrorOptions } from './tandem-error.js';

/**
 * The config file (`tandem.config.ts`, `.mts`, `.js`, `.mjs` or `.json`) cannot be found, loaded or
 * used: the message names the file, the key (as a path such as `targets.staging.timeout`) and what
 * was expected there.
 *
 * @example
 * // tandem.config.json: { "targets": { "staging": { "url": "https://staging.example.com", "timeout": "30s" } } }
 * await assert.rejects(createTestApp().ready(), { code: 'TANDEM_CONFIG', key: 'targets.staging.timeout' });
 */
export class ConfigError extends TandemError {
  readonly code: string = 'TANDEM_CONFIG';
  /** The config file concerned (absolute path), when there is one. */
  readonly file: string | undefined;
  /** The key concerned, as a dotted path (`targets.staging.url`); empty for the file as a whole. */
  readonly key: string;

  constructor(message: string, options: TandemErrorOptions & { file?: string | undefined; key?: string | undefined } = {}) {
    super(message, options);
    this.file = options.file;
    this.key = options.key ?? '';
  }
}
