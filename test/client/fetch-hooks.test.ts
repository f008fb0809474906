/**
 * `api.fetch` gets what every other request gets: its responses go through the cleanup rules, the
 * HAR recording and the OpenAPI checks, in-process and over a real socket, and the caller still
 * reads the body it was handed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { createTestApp, type TandemError, type TestAppOptions } from '../../src/index.js';
import { serve } from '../support/serve.js';

const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'things', version: '1' },
  paths: {
    '/things': { post: { responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } } },
    '/things/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { responses: { '200': { description: 'a thing', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } },
      delete: { responses: { '204': { description: 'gone' } } },
    },
  },
  components: { schemas: { Thing: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } } },
};

/** Creates things at /things/<n>, serves them (`/things/bad` breaks the contract) and logs what it is sent. */
function thingsApp(log: string[]) {
  let next = 1;
  return (req: IncomingMessage, res: ServerResponse) => {
    log.push(`${req.method} ${req.url}`);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && req.url === '/things') {
      const id = next++;
      return json(201, { id }, { location: `/things/${id}` });
    }
    if (req.method === 'GET' && req.url === '/things/bad') return json(200, { id: 'not-a-number' });
    if (req.method === 'GET') return json(200, { id: Number(req.url?.split('/')[2]) });
    if (req.method === 'DELETE') {
      res.writeHead(204).end();
      return;
    }
    json(404, {});
  };
}

async function appFor(t: TestContext, mode: 'in-process' | 'remote', options: TestAppOptions = {}) {
  const log: string[] = [];
  const app = thingsApp(log);
  const api = createTestApp(mode === 'remote' ? await serve(t, app) : app, { env: {}, config: false, runHeader: false, ...options });
  return { api, log };
}

for (const mode of ['in-process', 'remote'] as const) {
  void describe(`api.fetch goes through the send hooks (${mode})`, () => {
    void test('a response that breaks the OpenAPI document fails the fetch, naming the path and value; a good one reaches the caller unread', async (t) => {
      const { api } = await appFor(t, mode, { openapi: DOCUMENT });
      t.after(() => api.close());
      const good = await api.fetch('/things/7');
      assert.deepEqual(await good.json(), { id: 7 }, 'the caller reads the body the checks read a copy of');
      await assert.rejects(api.fetch('/things/bad'), (error: TandemError) => {
        assert.equal(error.code, 'TANDEM_CONTRACT');
        assert.match(error.message, /\$\.id/);
        assert.match(error.message, /not-a-number/);
        assert.match(error.message, /GET .*\/things\/bad/);
        return true;
      });
    });

    void test('a 201 with a Location created through api.fetch is cleaned up by the ledger', async (t) => {
      const { api, log } = await appFor(t, mode);
      t.after(() => api.close());
      const created = await api.fetch('/things', { method: 'POST' });
      assert.equal(created.status, 201);
      await api.fetch('/things', { method: 'POST' });
      await api.cleanup();
      assert.deepEqual(log, ['POST /things', 'POST /things', 'DELETE /things/2', 'DELETE /things/1']);
    });

    void test('exchanges made through api.fetch are recorded in the HAR file', async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'tandem-fetch-har-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const har = join(dir, 'run.har');
      const { api } = await appFor(t, mode, { record: har, cleanup: { auto: false } });
      await (await api.fetch('/things/3')).json();
      await api.close();
      const entries = (JSON.parse(readFileSync(har, 'utf8')) as { log: { entries: Array<{ request: { method: string; url: string }; response: { status: number; content: { text?: string } } }> } }).log.entries;
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.request.method, 'GET');
      assert.match(entries[0]!.request.url, /\/things\/3$/);
      assert.equal(entries[0]!.response.status, 200);
      assert.equal(entries[0]!.response.content.text, '{"id":3}');
    });
  });
}
