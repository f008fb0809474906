/**
 * tandem's configuration for the notes service: `npx tandem test` runs the suite in-process,
 * `npx tandem test --target local-deploy` against the service started as its own process
 * (`PORT=3100 node --import tsx src/main.ts`, or set NOTES_URL to where it listens).
 */
import { defineConfig } from '../../src/index.js';

export default defineConfig({
  // Imported only for in-process runs: a run against a target never loads the service's code.
  app: () => import('./src/create-service.js').then((m) => m.createService()),
  // Node 20's test runner expands no globs and loads no TypeScript by itself: the shell and tsx do.
  command: 'node --import tsx --test test/*.spec.ts',
  // Every response is checked against the document; `tandem test` prints the API coverage.
  openapi: './openapi.yaml',
  targets: {
    'local-deploy': { url: process.env.NOTES_URL ?? 'http://127.0.0.1:3100', ready: { path: '/health', timeout: 20_000 } },
  },
});
