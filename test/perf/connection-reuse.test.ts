/**
 * Keep-alive on every path, counted rather than timed: 1,000 sequential requests must share one
 * connection, and 16 in flight must need no more than 16, in memory and over real TCP alike.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../src/index.js';

const REQUESTS = 1000;

function countingServer(): { server: http.Server; connections: () => number } {
  let connections = 0;
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"hello":"world"}');
  });
  server.on('connection', () => connections++);
  return { server, connections: () => connections };
}

async function sequential(api: TestApp, count: number): Promise<void> {
  for (let i = 0; i < count; i++) assert.equal((await api.get(`/n/${i}`)).status, 200);
}

async function sixteenInFlight(api: TestApp, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next++ < count) assert.equal((await api.get('/')).status, 200);
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

void describe('connections per 1,000 requests', () => {
  void test('in-process (an http.Server fed in-memory sockets): one for sequential requests', async () => {
    const { server, connections } = countingServer();
    const api = createTestApp(server);
    after(() => api.close());
    await sequential(api, REQUESTS);
    assert.equal(connections(), 1);
  });

  void test('in-process: at most 16 with 16 requests in flight', async () => {
    const { server, connections } = countingServer();
    const api = createTestApp(server);
    after(() => api.close());
    await sixteenInFlight(api, REQUESTS);
    assert.ok(connections() >= 1 && connections() <= 16, `${connections()} connections`);
  });

  for (const inFlight of [1, 16]) {
    void test(`remote (a listening 127.0.0.1 server): ${inFlight === 1 ? 'one for sequential requests' : 'at most 16 with 16 in flight'}`, async () => {
      const { server, connections } = countingServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const api = createTestApp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      after(async () => {
        await api.close();
        await new Promise((resolve) => server.close(resolve));
      });
      if (inFlight === 1) await sequential(api, REQUESTS);
      else await sixteenInFlight(api, REQUESTS);
      assert.ok(connections() >= 1 && connections() <= inFlight, `${connections()} connections`);
    });
  }
});
