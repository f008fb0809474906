/** Running a contract test against a fixture app in-process and on a real socket (remote mode). */
import { after, before } from 'node:test';
import type { RequestListener } from 'node:http';
import { createTestApp, type TestApp, type TestAppOptions } from '../../src/index.js';
import { serve, type Served } from '../fixtures/contract-apis/serve.js';

export const MODES = ['in-process', 'remote'] as const;
export type ModeName = (typeof MODES)[number];

/**
 * Registers hooks (call inside a `describe`) that serve `listener` on 127.0.0.1 for the remote
 * mode; returns a maker of test apps for `mode`, closed after the suite.
 */
export function testApps(mode: ModeName, listener: RequestListener): (options?: TestAppOptions) => TestApp {
  let served: Served | undefined;
  const made: TestApp[] = [];
  before(async () => {
    if (mode === 'remote') served = await serve(listener);
  });
  after(async () => {
    await Promise.all(made.map((api) => api.close()));
    await served?.close();
  });
  return (options = {}) => {
    const api = createTestApp(mode === 'remote' ? served!.url : listener, { env: {}, config: false, ...options });
    made.push(api);
    return api;
  };
}

export { rejectsWith } from '../support/rejects-with.js';
