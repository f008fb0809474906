/**
 * `api.dispatcher` goes through the same pipeline as `api.get()`: its exchanges are recorded,
 * registered by the cleanup rules, checked against the OpenAPI document (streamed to the caller,
 * the body checked when it ends; event streams unchecked). Counting is shown in test/cli/run-stats.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { request } from 'undici';
import { createTestApp } from '../../src/index.js';
import { readValidHar } from '../recording/support.js';

const BOUND = { timeout: 30_000 };

/** The app: notes that can be created and read, a note that breaks the document, an event stream, and a page that waits for the test. */
function notesApp(seen: string[], gate?: Promise<void>): http.RequestListener {
  return (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.method === 'POST' && req.url === '/notes') {
      res.writeHead(201, { location: '/notes/7', 'content-type': 'application/json' }).end('{"id":7}');
    } else if (req.method === 'DELETE') {
      res.writeHead(204).end();
    } else if (req.url === '/notes/7') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":7,"title":"hi"}');
    } else if (req.url === '/notes/8') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"eight"}');
    } else if (req.url === '/slow') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
      void gate?.then(() => res.end('"late"}'));
    } else if (req.url === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('data: {"id":"not a number"}\n\n');
    } else res.writeHead(404).end();
  };
}

const NOTE = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'notes', version: '1' },
  paths: {
    '/notes': { post: { responses: { '201': { description: 'created', ...json(NOTE) } } } },
    '/notes/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { responses: { '200': { description: 'a note', ...json(NOTE) } } },
      delete: { responses: { '204': { description: 'deleted' } } },
    },
    '/slow': { get: { responses: { '200': { description: 'a note, slowly', ...json(NOTE) } } } },
  },
};

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-dispatcher-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

void describe('api.dispatcher through the pipeline', () => {
  void test('its exchanges are recorded in the HAR file, with the run header', BOUND, async (t) => {
    const har = join(tempDir(t), 'run.har');
    const api = createTestApp(notesApp([]), { record: har, env: {}, config: false });
    const res = await request('http://localhost/notes/7', { dispatcher: api.dispatcher });
    assert.deepEqual(await res.body.json(), { id: 7, title: 'hi' });
    await api.close();
    const [entry, ...others] = readValidHar(har).har.log.entries;
    assert.equal(others.length, 0);
    assert.equal(`${entry!.request.method} ${entry!.request.url} ${entry!.response.status}`, 'GET http://localhost/notes/7 200');
    assert.equal(entry!.response.content.text, '{"id":7,"title":"hi"}');
    assert.ok(entry!.request.headers.some((h) => h.name.toLowerCase() === 'x-tandem-run' && h.value === api.runId));
  });

  void test('what it creates is registered by the cleanup rules and removed by cleanup()', BOUND, async () => {
    const seen: string[] = [];
    const api = createTestApp(notesApp(seen), { env: {}, config: false });
    const created = await request('http://localhost/notes', { method: 'POST', body: '{"title":"hi"}', dispatcher: api.dispatcher });
    assert.equal(created.statusCode, 201);
    await created.body.dump();
    await api.cleanup('all');
    assert.deepEqual(seen, ['POST /notes', 'DELETE /notes/7']);
    await api.close();
  });

  void test('a response that breaks the OpenAPI document fails the request: its body errors once it ended', BOUND, async () => {
    const api = createTestApp(notesApp([]), { openapi: DOCUMENT, env: {}, config: false });
    const ok = await request('http://localhost/notes/7', { dispatcher: api.dispatcher });
    assert.deepEqual(await ok.body.json(), { id: 7, title: 'hi' });
    const broken = await request('http://localhost/notes/8', { dispatcher: api.dispatcher });
    assert.equal(broken.statusCode, 200, 'the status and headers reach the caller as they come');
    await assert.rejects(broken.body.json(), (error: unknown) => (error as { code?: string }).code === 'TANDEM_CONTRACT' && /\$\.id: must be integer/.test((error as Error).message));
    await api.close();
  });

  void test('the response is streamed: the caller has the head and the first bytes before the app ends it', BOUND, async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const api = createTestApp(notesApp([], gate), { openapi: DOCUMENT, env: {}, config: false });
    const res = await request('http://localhost/slow', { dispatcher: api.dispatcher });
    assert.equal(res.statusCode, 200);
    const [first] = (await once(res.body, 'data')) as [Buffer];
    assert.equal(first.toString(), '{"id":');
    open();
    const rest: Buffer[] = [];
    const failed = new Promise<unknown>((resolve) => res.body.on('error', resolve));
    res.body.on('data', (chunk: Buffer) => rest.push(chunk));
    const error = await failed;
    assert.equal((error as { code?: string }).code, 'TANDEM_CONTRACT', 'the complete body is checked when it ends');
    assert.equal(Buffer.concat(rest).toString(), '"late"}');
    await api.close();
  });

  void test('an event stream is handed over unchecked', BOUND, async () => {
    const api = createTestApp(notesApp([]), { openapi: DOCUMENT, env: {}, config: false });
    const res = await request('http://localhost/events', { dispatcher: api.dispatcher });
    assert.equal(await res.body.text(), 'data: {"id":"not a number"}\n\n');
    await api.close();
  });
});
