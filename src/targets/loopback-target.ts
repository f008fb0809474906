/**
 * Loopback target: the app listens on one ephemeral 127.0.0.1 port for the whole test app, for
 * apps that need a real socket. Requests go over real TCP through undici, as for a deployment.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { getRequestListener } from '@hono/node-server';
import type { ClassifiedApp, NodeServer } from './classify-app.js';
import { guardListener } from './node-handler-target.js';
import { createRemoteTarget, type RemoteOptions } from './remote-target.js';
import type { DispatcherTarget } from './dispatcher-target.js';
import type { HttpLint } from './lint/http-lint.js';

type ServableApp = Exclude<ClassifiedApp, { type: 'url' } | { type: 'factory' }>;

function listen(server: NodeServer): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: NodeServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

type Pem = string | Buffer;

/**
 * The certificates an `https.Server` presents, to trust for its own target only: its `ca` and its
 * `cert` (a `tls.Server` keeps the options it was made with), and the test app's own `ca`.
 * Verification stays on: a server whose certificate they do not vouch for fails as a deployment would.
 */
function trustFor(server: tls.Server, extra: RemoteOptions['ca']): Pem[] {
  const kept = server as tls.Server & { ca?: Pem | Pem[]; cert?: Pem | Pem[] };
  const list = (value: Pem | Pem[] | undefined): Pem[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  return [...list(kept.ca), ...list(kept.cert), ...list(extra)];
}

/**
 * Starts `app` on 127.0.0.1 and returns a target for it; `close()` stops the server, then calls
 * `onClose`. An `https.Server` is served over TLS with its own certificate, trusted for this target
 * only (with `ca`, the test app's own CAs, besides).
 *
 * @example
 * const target = await createLoopbackTarget(classifyApp(express()));
 */
export async function createLoopbackTarget(app: ServableApp, onClose?: () => Promise<void>, lint?: HttpLint, ca?: RemoteOptions['ca']): Promise<DispatcherTarget> {
  let server: NodeServer;
  if (app.type === 'listener') server = http.createServer(guardListener(app.listener));
  else if (app.type === 'fetch') server = http.createServer(guardListener(getRequestListener(app.handler, { overrideGlobalObjects: false })));
  else server = app.server;
  lint?.install(server);
  if (app.type === 'server' && app.fastify) await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  else await listen(server);
  const { port } = server.address() as AddressInfo;
  const options: RemoteOptions = server instanceof tls.Server ? { ca: trustFor(server, ca) } : {};
  const secure = options.ca !== undefined;
  return createRemoteTarget(new URL(`${secure ? 'https' : 'http'}://127.0.0.1:${port}`), options, 'loopback', app.kind, async () => {
    await stop(server);
    await onClose?.();
  });
}
