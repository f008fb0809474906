/** The test app every spec file uses: the notes service in-process, or the deployment `TANDEM_TARGET` names. */
import { appendFileSync } from 'node:fs';
import { after } from 'node:test';
import { createTestApp, type TestApp } from '../../../../src/index.js';
import { createService } from '../../src/create-service.js';
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

/**
 * The notes service under test. With `TANDEM_TARGET` set the factory is never called and every
 * request goes to that URL. At the end of the file, when the suite can see Redis (REDIS_URL),
 * it checks that nothing the file's tests created is left, then closes the app.
 */
export function useNotesApi(): TestApp {
  const api = countRequests(createTestApp(() => createService()));
  after(async () => {
    try {
      await assertBackendClean();
    } finally {
      await api.close();
    }
  });
  return api;
}
