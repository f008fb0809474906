/**
 * Rough per-request time of the in-process targets on a trivial handler, next to light-my-request
 * and supertest, sequential requests after a warm-up. Not a benchmark: a number for orientation.
 *
 *   node --import tsx scripts/measure-request-time.ts [requests=5000] [rounds=3]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import inject from 'light-my-request';
import supertest from 'supertest';
import { createTestApp } from '../src/index.js';

const REQUESTS = Number(process.argv[2] ?? 5000);
const ROUNDS = Number(process.argv[3] ?? 3);
const WARM_UP = 500;
const BODY = '{"hello":"world"}';

const listener = (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.setHeader('content-type', 'application/json');
  res.end(BODY);
};
const fetchHandler = (_request: Request) => new Response(BODY, { headers: { 'content-type': 'application/json' } });

/** One request; must throw if the response is not the expected one. */
type Send = () => Promise<void>;

function check(status: number, body: string): void {
  if (status !== 200 || body !== BODY) throw new Error(`unexpected response ${status} ${body}`);
}

async function measure(send: Send): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await send();
  const perRequestUs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < REQUESTS; i++) await send();
    perRequestUs.push(Number(process.hrtime.bigint() - started) / 1000 / REQUESTS);
  }
  return perRequestUs;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const nodeApi = createTestApp(listener);
  const fetchApi = createTestApp(fetchHandler);
  const loopbackApi = createTestApp(listener, { transport: 'loopback' });
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const listening = supertest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

  const subjects: Array<[string, Send]> = [
    ['tandem in-process, Node handler', async () => check(...(await nodeApi.get('/').then((r) => [r.status, r.text] as const)))],
    ['tandem in-process, fetch handler', async () => check(...(await fetchApi.get('/').then((r) => [r.status, r.text] as const)))],
    ['tandem loopback (127.0.0.1 port)', async () => check(...(await loopbackApi.get('/').then((r) => [r.status, r.text] as const)))],
    ['light-my-request inject', async () => check(...(await inject(listener, { method: 'GET', url: '/' }).then((r) => [r.statusCode, r.payload] as const)))],
    ['supertest(listener) (a port per request)', async () => check(...(await supertest(listener).get('/').then((r) => [r.status, r.text] as const)))],
    ['supertest(url) of a listening server', async () => check(...(await listening.get('/').then((r) => [r.status, r.text] as const)))],
  ];

  console.log(`node ${process.version}, ${REQUESTS} sequential requests x ${ROUNDS} rounds after ${WARM_UP} warm-up, handler answers ${BODY}`);
  console.log('µs per request: median of rounds (all rounds)');
  try {
    for (const [name, send] of subjects) {
      const rounds = await measure(send);
      console.log(`  ${name.padEnd(44)} ${median(rounds).toFixed(1).padStart(8)}   (${rounds.map((r) => r.toFixed(1)).join(', ')})`);
    }
  } finally {
    await Promise.all([nodeApi.close(), fetchApi.close(), loopbackApi.close()]);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

await main();
