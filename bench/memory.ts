/** RSS over many requests through one test app, before, after and after a GC; handles after close. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp } from './load-tandem.js';

export interface MemoryResult {
  name: string;
  before: number;
  after: number;
  afterGc: number;
  growth: number;
  handlesAfterClose: number;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const activeHandles = () => (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles().length;

async function one(name: string, target: 'in-process' | 'remote', count: number): Promise<MemoryResult> {
  const listener: http.RequestListener = (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"hello":"world"}');
  };
  await settle();
  const handlesBefore = activeHandles();
  const server = http.createServer(listener);
  if (target === 'remote') await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api = createTestApp(target === 'remote' ? `http://127.0.0.1:${(server.address() as AddressInfo).port}` : listener);
  for (let i = 0; i < 1000; i++) await api.get('/');
  gc();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < count; i++) await api.get('/');
  const after = process.memoryUsage().rss;
  gc();
  const afterGc = process.memoryUsage().rss;
  await api.close();
  if (server.listening) await new Promise((resolve) => server.close(resolve));
  await settle();
  const handlesAfterClose = activeHandles() - handlesBefore;
  return { name, before: mb(before), after: mb(after), afterGc: mb(afterGc), growth: mb(afterGc - before), handlesAfterClose };
}

/** Lets sockets closed just before finish closing, so handle counts compare like with like. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

export async function measureMemory(count: number): Promise<MemoryResult[]> {
  return [await one('tandem in-process', 'in-process', count), await one('tandem remote', 'remote', count)];
}
