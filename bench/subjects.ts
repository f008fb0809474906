/**
 * The peers measured against each other. Each subject is a function that makes one request and
 * reads its whole body, so every row measures the same work.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Hono } from 'hono';
import { inject } from 'light-my-request';
import supertest from 'supertest';
import { Pool } from 'undici';
import { createTarget, createTestApp, RequestAbort, resolveLintRules, type Target, type TestApp } from './load-tandem.js';

export type Payload = 'trivial' | '100kb';

export interface Subject {
  name: string;
  /** The row tandem's ratio is taken against, when this subject is a peer. */
  group: string;
  /** `transport`: tandem's target alone (`target.send`), with the options `api.get()` has by default. */
  tool: 'tandem' | 'peer' | 'transport';
  /** Share of the requests per round this subject makes (slow peers make fewer; µs per request is what is compared). */
  weight?: number;
  once: () => Promise<void>;
}

function payloadOf(kind: Payload): string {
  if (kind === 'trivial') return '{"hello":"world"}';
  const items: unknown[] = [];
  for (let i = 0; JSON.stringify(items).length < 100 * 1024; i++) items.push({ id: i, name: `item-${i}`, tags: ['a', 'b'], note: 'x'.repeat(40) });
  return JSON.stringify({ items });
}

export interface Fixture {
  subjects: Subject[];
  close(): Promise<void>;
}

/** Builds every subject for one payload: the apps, a listening server, and the clients. */
export async function buildSubjects(kind: Payload): Promise<Fixture> {
  const body = payloadOf(kind);
  const plain: http.RequestListener = (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(body);
  };
  const exp = express();
  exp.get('/', (_req, res) => {
    res.type('application/json').send(body);
  });
  const hono = new Hono();
  hono.get('/', (c) => c.body(body, 200, { 'content-type': 'application/json' }));

  const server = http.createServer(plain);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const apps: TestApp[] = [createTestApp(plain), createTestApp(exp), createTestApp(hono), createTestApp(url)];
  const [tPlain, tExpress, tHono, tRemote] = apps as [TestApp, TestApp, TestApp, TestApp];
  // The targets the test apps build by default (HTTP lint on in-process), driven directly.
  const lint = resolveLintRules(undefined);
  const targets: Target[] = await Promise.all(
    [plain, exp, hono, url].map((app) => createTarget(app, { transport: 'in-process', inProcessOrigin: 'http://localhost', lint })),
  );
  const sendThrough = (target: Target) => {
    const at = new URL('/', target.origin);
    return async () => void (await target.send({ method: 'GET', url: at, target: '/', headers: [], body: undefined, abort: new RequestAbort(), progress: { bytes: 0 } })).body;
  };
  const pool = new Pool(url);
  const stPlain = supertest(plain);
  const stExpress = supertest(exp);
  const stUrl = supertest(url);

  const subjects: Subject[] = [
    { name: 'tandem in-process (http listener)', group: 'node-handler', tool: 'tandem', once: async () => void (await tPlain.get('/')).body },
    { name: 'target.send (http listener)', group: 'node-handler', tool: 'transport', once: sendThrough(targets[0]!) },
    { name: 'light-my-request inject (http listener)', group: 'node-handler', tool: 'peer', once: async () => void (await inject(plain, { url: '/' })).rawPayload },
    { name: 'supertest(app) (http listener)', group: 'node-handler', tool: 'peer', weight: 0.25, once: async () => void (await stPlain.get('/')).text },
    { name: 'tandem in-process (Express 5)', group: 'express', tool: 'tandem', once: async () => void (await tExpress.get('/')).body },
    { name: 'target.send (Express 5)', group: 'express', tool: 'transport', once: sendThrough(targets[1]!) },
    { name: 'supertest(app) (Express 5)', group: 'express', tool: 'peer', weight: 0.25, once: async () => void (await stExpress.get('/')).text },
    { name: 'tandem in-process (Hono fetch)', group: 'fetch-handler', tool: 'tandem', once: async () => void (await tHono.get('/')).body },
    { name: 'target.send (Hono fetch)', group: 'fetch-handler', tool: 'transport', once: sendThrough(targets[2]!) },
    { name: 'Hono app.request', group: 'fetch-handler', tool: 'peer', once: async () => void (await (await hono.request('/')).arrayBuffer()) },
    { name: 'tandem remote', group: 'remote', tool: 'tandem', once: async () => void (await tRemote.get('/')).body },
    { name: 'target.send (remote)', group: 'remote', tool: 'transport', once: sendThrough(targets[3]!) },
    { name: 'undici Pool.request', group: 'remote', tool: 'peer', once: async () => void (await (await pool.request({ path: '/', method: 'GET' })).body.arrayBuffer()) },
    { name: 'fetch', group: 'remote', tool: 'peer', once: async () => void (await (await fetch(url)).arrayBuffer()) },
    { name: 'supertest(url)', group: 'remote', tool: 'peer', weight: 0.25, once: async () => void (await stUrl.get('/')).text },
  ];
  return {
    subjects,
    async close() {
      await Promise.all([...apps.map((a) => a.close()), ...targets.map((t) => t.close())]);
      await pool.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
