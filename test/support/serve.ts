/** A real 127.0.0.1 server for one test, and closing a test app when the test ends. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';

/** Serves `listener` on 127.0.0.1 (a real socket, ephemeral port) until `t` ends; returns its URL. */
export async function serve(t: TestContext, listener: http.RequestListener): Promise<string> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes `api` when `t` ends (a failed cleanup is the test's own business, not the teardown's). */
export function closeAfter<A extends { close(): Promise<void> }>(t: TestContext, api: A): A {
  t.after(() => api.close().catch(() => undefined));
  return api;
}
