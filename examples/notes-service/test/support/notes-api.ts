/** The test app every spec file uses: the notes service in-process, or the deployment `TANDEM_TARGET` names. */
import { appendFileSync } from 'node:fs';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TestApp } from '../../../../src/index.js';
import { useTestApp } from '../../../../src/runners/node-test.js';
import { assertBackendClean } from './backend-check.js';

let requests = 0;
const requestLog = process.env.NOTES_SUITE_REQUEST_LOG;
if (requestLog) process.on('exit', () => appendFileSync(requestLog, `${requests}\n`));

/** Counts the requests `api` sends (every verb goes through `request()`), for the demo's summary. */
export function countRequests(api: TestApp): TestApp {
  const request = api.request.bind(api);
  api.request = <T = any>(method: string, path: string) => {
    requests++;
    return request<T>(method, path);
  };
  return api;
}

/** The service's tandem config: its app, and its `local-deploy` target. */
const CONFIG = fileURLToPath(new URL('../../tandem.config.ts', import.meta.url));

/** The service's OpenAPI document: every response the suite gets is checked against it, in every mode. */
export const OPENAPI = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

/**
 * The notes service under test, as tandem.config.ts describes it: in-process by default; with
 * `TANDEM_TARGET` set (a URL, or `local-deploy`) the service's code is never loaded and every
 * request goes to that deployment. At the end of the file, when the suite can see Redis
 * (REDIS_URL), it checks that nothing the file's tests created is left, then closes the app.
 */
export function useNotesApi(): TestApp {
  // useTestApp registers the test app with node:test: each test named and counted, what it
  // created cleaned up after it, the app closed after the file (before the backend check).
  const api = countRequests(useTestApp(undefined, { config: CONFIG, openapi: OPENAPI }));
  after(() => assertBackendClean());
  return api;
}
