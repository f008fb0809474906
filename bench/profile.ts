/**
 * Sequential requests through one tandem target on a trivial handler, for `--cpu-prof`:
 *
 *   npm run build && node --import tsx --cpu-prof --cpu-prof-dir=.tandem/profiles bench/profile.ts node 20000
 *
 * The first argument picks the target: `node` (in-process http listener), `fetch` (in-process
 * Hono) or `remote` (a listening 127.0.0.1 server). Prints µs per request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { createTestApp } from './load-tandem.js';

const which = process.argv[2] ?? 'node';
const count = Number(process.argv[3] ?? 20000);
const body = '{"hello":"world"}';
const listener: http.RequestListener = (_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(body);
};
const hono = new Hono();
hono.get('/', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
const server = http.createServer(listener);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const api = createTestApp(which === 'node' ? listener : which === 'fetch' ? hono : url);
for (let i = 0; i < 1000; i++) await api.get('/');
const started = performance.now();
for (let i = 0; i < count; i++) void (await api.get('/')).body;
console.log(`${which}: ${(((performance.now() - started) * 1000) / count).toFixed(1)} µs per request`);
await api.close();
server.close();
