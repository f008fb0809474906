/**
 * The service as a process: `node --import tsx examples/notes-service/src/main.ts`. Reads
 * REDIS_URL, AMQP_URL, HOST, PORT and NOTES_NAMESPACE; SIGTERM or SIGINT stops it gracefully
 * (no new connections, requests in flight finish, then the worker, RabbitMQ and Redis close).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createService } from './create-service.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

let service: Awaited<ReturnType<typeof createService>>;
try {
  service = await createService();
} catch (error) {
  console.error(`notes-service: cannot start: ${(error as Error).message}`);
  process.exit(1);
}
const { config } = service;
const server = serve({ fetch: service.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) => {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  console.log(`notes-service listening on http://${host}:${info.port} (store: ${service.store.kind}, events: ${service.bus.kind}, namespace: ${config.namespace})`);
});
server.on('error', (error) => {
  console.error('notes-service: cannot listen', error);
  void service.close().finally(() => process.exit(1));
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`notes-service: ${signal} received, shutting down`);
  const force = setTimeout(() => {
    console.error(`notes-service: still busy after ${SHUTDOWN_TIMEOUT_MS} ms, exiting`);
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS);
  force.unref();
  server.close(() => {
    service.close().then(
      () => {
        console.log('notes-service: stopped');
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error('notes-service: error while closing', error);
        process.exitCode = 1;
      },
    );
  });
  if ('closeIdleConnections' in server) server.closeIdleConnections();
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
