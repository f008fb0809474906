/** `defineConfig`: the typed identity for `tandem.config.ts`. */
import type { TandemConfig } from './config-types.js';

/**
 * Returns `config` unchanged; it only gives the config file its types (and editors their
 * completions). Export its result by default from `tandem.config.ts`.
 *
 * @example
 * // tandem.config.ts
 * import { defineConfig } from 'tandem';
 *
 * export default defineConfig({
 *   app: () => import('./src/app.js').then((m) => m.createApp()),
 *   headers: { 'x-test-suite': 'notes' },
 *   targets: {
 *     staging: { url: 'https://staging.example.com', readOnly: true, ready: '/health' },
 *   },
 * });
 */
export function defineConfig(config: TandemConfig): TandemConfig {
  return config;
}
