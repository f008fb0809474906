/**
 * Loopback target: the app listens on one ephemeral 127.0.0.1 port for the whole test app, for
 * apps that need a real socket. Requests go over real TCP through undici, as for a deployment.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { ClassifiedApp } from './classify-app.js';
import { guardListener } from './node-handler-target.js';
import { createRemoteTarget } from './remote-target.js';
import type { DispatcherTarget } from './dispatcher-target.js';
import type { HttpLint } from './lint/http-lint.js';

type ServableApp = Exclude<ClassifiedApp, { type: 'url' } | { type: 'factory' }>;

function listen(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Starts `app` on 127.0.0.1 and returns a target for it; `close()` stops the server, then calls `onClose`.
 *
 * @example
 * const target = await createLoopbackTarget(classifyApp(express()));
 */
export async function createLoopbackTarget(app: ServableApp, onClose?: () => Promise<void>, lint?: HttpLint): Promise<DispatcherTarget> {
  let server: http.Server;
  if (app.type === 'listener') server = http.createServer(guardListener(app.listener));
  else if (app.type === 'fetch') server = http.createServer(guardListener(getRequestListener(app.handler, { overrideGlobalObjects: false })));
  else server = app.server;
  lint?.install(server);
  if (app.type === 'server' && app.fastify) await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  else await listen(server);
  const { port } = server.address() as AddressInfo;
  return createRemoteTarget(new URL(`http://127.0.0.1:${port}`), {}, 'loopback', app.kind, async () => {
    await stop(server);
    await onClose?.();
  });
}
