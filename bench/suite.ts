/**
 * The suite-level figure: a small port of the reference service's tests (examples/notes-service,
 * in-process with its in-memory stand-ins), run through tandem and the same requests through
 * supertest, as wall time. Both sides make the same requests and check the same things.
 */
import assert from 'node:assert/strict';
import { getRequestListener } from '@hono/node-server';
import supertest from 'supertest';
import { createService } from '../examples/notes-service/src/create-service.js';
import { createTestApp } from './load-tandem.js';

export interface SuiteResult {
  name: string;
  requests: number;
  /** Wall time of one run of the ported tests, in milliseconds, per round. */
  ms: number[];
}

/** The ported tests, written once against a minimal client both tools are adapted to. */
interface Client {
  send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, json?: unknown): Promise<{ status: number; location: string | null; json: any }>;
}

let authors = 0;

async function portedTests(client: Client): Promise<number> {
  let requests = 0;
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, json?: unknown, status = 200) => {
    requests++;
    const res = await client.send(method, path, json);
    assert.equal(res.status, status, `${method} ${path}`);
    return res;
  };
  await call('GET', '/health');
  const author = `bench-${++authors}`;
  // creates a note and serves it at its Location
  const created = await call('POST', '/notes', { author, title: 'groceries', body: 'milk, eggs', tags: ['home'] }, 201);
  assert.match(created.location ?? '', /^\/notes\/[0-9a-f]{24}$/);
  assert.deepEqual((await call('GET', created.location!)).json, created.json);
  // updates a note and moves its version on; refuses a stale version with 409
  const id = (created.json as { id: string }).id;
  assert.equal((await call('PATCH', `/notes/${id}`, { title: 'renamed', version: 1 })).json.version, 2);
  await call('PATCH', `/notes/${id}`, { body: 'lost edit', version: 1 }, 409);
  // pages through an author's notes
  for (let i = 0; i < 4; i++) await call('POST', '/notes', { author, title: `page item ${i}` }, 201);
  let next: string | null = `/notes?author=${author}&limit=2`;
  while (next !== null) next = (await call('GET', next)).json.next as string | null;
  // validation and not found
  await call('POST', '/notes', { author, title: '' }, 400);
  await call('GET', '/notes/000000000000000000000000', undefined, 404);
  // deletes what it made
  const all = (await call('GET', `/notes?author=${author}&limit=100`)).json.items as Array<{ id: string }>;
  for (const note of all) await call('DELETE', `/notes/${note.id}`, undefined, 204);
  return requests;
}

export async function measureSuite(rounds: number, repeat: number): Promise<SuiteResult[]> {
  const service = await createService({ env: {} });
  const api = createTestApp(service.fetch);
  const agent = supertest(getRequestListener(service.fetch, { overrideGlobalObjects: false }));
  const tandemClient: Client = {
    async send(method, path, json) {
      const request = api.request(method, path).expect([200, 201, 204, 400, 404, 409]);
      const res = await (json === undefined ? request : request.json(json));
      return { status: res.status, location: res.headers.get('location'), json: res.body.byteLength > 0 ? res.json : undefined };
    },
  };
  const supertestClient: Client = {
    async send(method, path, json) {
      const request = agent[method.toLowerCase() as 'get'](path);
      const res = await (json === undefined ? request : request.send(json as object));
      return { status: res.status, location: res.headers['location'] ?? null, json: res.text ? JSON.parse(res.text) : undefined };
    },
  };
  const results: SuiteResult[] = [
    { name: 'notes-service suite through tandem (in-process)', requests: 0, ms: [] },
    { name: 'same requests through supertest(app)', requests: 0, ms: [] },
  ];
  const clients = [tandemClient, supertestClient];
  try {
    for (let i = 0; i < clients.length; i++) await portedTests(clients[i]!); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < clients.length; k++) {
        const i = (k + round) % clients.length;
        const started = performance.now();
        let requests = 0;
        for (let r = 0; r < repeat; r++) requests += await portedTests(clients[i]!);
        results[i]!.ms.push(performance.now() - started);
        results[i]!.requests = requests;
      }
    }
  } finally {
    await api.close();
    await service.close();
  }
  return results;
}
