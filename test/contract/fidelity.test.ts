/**
 * Fidelity check against a real client: every entry of the corpus (`fidelity-corpus.ts`, requests
 * as data) is sent by the reference — Node's own `http.request` with a keep-alive agent, or a raw
 * socket where it cannot read the answer (`fidelity-reference.ts`) — to the app listening on
 * 127.0.0.1, and by tandem in each mode:
 * - in-process, addressed to the listening app's origin (so both carry the same `Host`);
 * - remote, `createTestApp(url)` to the listening app;
 * - loopback, tandem's own listening server, which the reference then also sends the entry to.
 * Entries marked `tls` go to the app served over TLS (the reference and remote trust its
 * self-signed certificate; in-process the test app's origin is `https://127.0.0.1:<port>`).
 *
 * What is compared, and how (`fidelity-compare.ts`): status, reason phrase, response headers as a
 * fetch `Headers` holds them (names case-insensitive, values exact, a repeated name's values in
 * order, `Date` left out; `Connection`/`Keep-Alive` compared, the server derives them from the
 * request's), body bytes; and what the app saw, through the echo's report: method, raw
 * request-target, parsed path and query, body bytes, socket encryption exactly, and the raw
 * request header lines grouped by name — names case-insensitive, values exact, the order of one
 * name's lines kept, the order between names not compared (undici writes `host` first, Node's
 * `http.request` after the caller's headers). The reference sends the run's `X-Tandem-Run` too.
 * Everything else that differs is a difference, printed with entry, mode, field and both values.
 * Each entry goes out with tandem's cookie jar empty: the reference keeps no cookies.
 *
 * Known differences, for a fetch handler (Hono) called in memory only, where the wire adds what a
 * `Request` and a `Response` passed in memory do not have (@hono/node-server sits between app and
 * socket): response framing and connection headers, the default `Content-Type` of a response that
 * sets none, the reason phrase, request framing seen by the app, `api.fetch`'s default request
 * headers, the raw request-target (a `Request` has a parsed URL), and a body on GET (which a
 * `Request` cannot carry: tandem refuses it). Each is matched narrowly (only that field, only
 * absent or parsed in memory); over a socket (loopback, remote) Hono is allowed no difference, and
 * a Node handler none in any mode. A status a `Response` cannot carry (101, 799) the Hono app
 * answers with 501 in every mode.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { createTestApp, type TestApp } from '../../src/index.js';
import { CONTRACT_APP_NAMES, contractApps, type ContractAppName } from '../fixtures/contract-apps/index.js';
import { compareOutcomes, type Difference, type KnownDifference, type Outcome } from './fidelity-compare.js';
import { FIDELITY_CORPUS, type CorpusEntry } from './fidelity-corpus.js';
import { Reference } from './fidelity-reference.js';
import { TLS_CERT, TLS_OPTIONS } from '../fixtures/tls/index.js';

const FETCH_HANDLER_APPS = new Set<ContractAppName>(['hono']);
const TIMEOUT_MS = 15_000;
const RUN_HEADER = 'X-Tandem-Run';

/** The app listening on 127.0.0.1 as its framework serves it (Fastify on its own server, the others on Node's). */
async function serve(app: ContractAppName, tls?: typeof TLS_OPTIONS): Promise<{ origin: string; stop: () => Promise<void> }> {
  if (app === 'fastify') {
    const fastify = contractApps.fastify(tls ? { https: tls } : {});
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    return { origin: `${tls ? 'https' : 'http'}://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`, stop: () => fastify.close() };
  }
  const listener: http.RequestListener =
    app === 'koa' ? contractApps.koa().callback() : app === 'hono' ? getRequestListener(contractApps.hono().fetch, { overrideGlobalObjects: false }) : contractApps[app]();
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { origin: `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`, stop };
}

/** `promise`, or a rejection after {@link TIMEOUT_MS}: a broken entry fails, never hangs. */
function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

async function outcome(send: () => Promise<Outcome>, what: string): Promise<Outcome> {
  try {
    return await bounded(send(), what);
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return { error: `${code ?? 'Error'}: ${String(message).split('\n')[0]}` };
  }
}

async function* chunksOf(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    await new Promise<void>((resolve) => setImmediate(resolve)); // each part leaves on its own
    yield chunk;
  }
}

function queryRecord(query: ReadonlyArray<readonly [string, string]>): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const [key, value] of query) (record[key] ??= []).push(value);
  return record;
}

/** Sends `entry` through tandem, as a test would write it, with an empty cookie jar (the reference keeps none). */
async function sendWithTandem(api: TestApp, entry: CorpusEntry, status: number): Promise<Outcome> {
  api.cookies.clear();
  const target = entry.target.replace('{origin}', api.origin);
  const body = entry.body === undefined || entry.body instanceof Uint8Array ? entry.body : chunksOf(entry.body.chunks);
  if (entry.via === 'fetch') {
    const res = await api.fetch(target, { method: entry.method, headers: (entry.headers ?? []).map(([n, v]) => [n, v]), body: body as Uint8Array | undefined, redirect: 'manual' });
    return { status: res.status, statusText: res.statusText, headers: [...res.headers], body: new Uint8Array(await res.arrayBuffer()) };
  }
  let request = api.request(entry.method, target);
  if (entry.query) request = request.query(queryRecord(entry.query));
  for (const [name, value] of entry.headers ?? []) request = request.set(name, value);
  if (body !== undefined) request = request.send(body);
  const res = await request.expect(status);
  return { status: res.status, statusText: res.statusText, headers: [...res.headers], body: res.body };
}

interface Tally {
  compared: number;
  differences: Difference[];
  known: KnownDifference[];
}

const tallies = new Map<ContractAppName, Tally>();

/** The status `app` answers `entry` with: a fetch handler answers 501 where a `Response` cannot carry the entry's status. */
const statusOf = (app: ContractAppName, entry: CorpusEntry) => (FETCH_HANDLER_APPS.has(app) && (entry.status < 200 || entry.status > 599) ? 501 : entry.status);

const modesOf = (entry: CorpusEntry) => (entry.tls ? ['in-process', 'remote'] : ['in-process', 'remote', 'loopback']);

for (const app of CONTRACT_APP_NAMES) {
  const fetchHandler = FETCH_HANDLER_APPS.has(app);
  void describe(`fidelity: ${app}, each mode vs a real client`, () => {
    const runId = `fidelity-${app}-${Date.now().toString(36)}`;
    const runHeader = [RUN_HEADER, runId] as const;
    const stops: Array<() => Promise<void>> = [];
    const references: Reference[] = [];
    const apis: TestApp[] = [];
    let plain: { reference: Reference; inProcess: TestApp; remote: TestApp; loopback: TestApp; loopbackReference: Reference } | undefined;
    let secure: { reference: Reference; inProcess: TestApp; remote: TestApp } | undefined;

    before(async () => {
      const served = await serve(app);
      stops.push(served.stop);
      const servedOverTls = await serve(app, TLS_OPTIONS);
      stops.push(servedOverTls.stop);
      const { origin } = served;
      const tlsOrigin = servedOverTls.origin;
      const open = (api: TestApp) => (apis.push(api), api);
      const refer = (reference: Reference) => (references.push(reference), reference);
      const loopback = open(createTestApp(contractApps[app], { transport: 'loopback', timeout: TIMEOUT_MS, runId }));
      await loopback.ready();
      plain = {
        reference: refer(new Reference({ origin, runHeader })),
        inProcess: open(createTestApp(contractApps[app], { origin, timeout: TIMEOUT_MS, runId })),
        remote: open(createTestApp(origin, { timeout: TIMEOUT_MS, runId })),
        loopback,
        loopbackReference: refer(new Reference({ origin: loopback.origin, runHeader })),
      };
      secure = {
        reference: refer(new Reference({ origin: tlsOrigin, runHeader, ca: TLS_CERT })),
        inProcess: open(createTestApp(contractApps[app], { origin: tlsOrigin, timeout: TIMEOUT_MS, runId })),
        remote: open(createTestApp(tlsOrigin, { timeout: TIMEOUT_MS, runId, ca: TLS_CERT })),
      };
      for (const api of apis) await api.ready();
    });

    after(async () => {
      for (const api of apis) await api.close();
      for (const reference of references) reference.close();
      for (const stop of stops) await stop();
    });

    void it(`answers ${FIDELITY_CORPUS.length} requests as the real client gets them, in every mode`, async (t) => {
      assert.ok(plain && secure, 'the test apps did not start');
      assert.equal(plain.inProcess.mode, 'in-process');
      assert.equal(plain.remote.mode, 'remote');
      assert.equal(plain.loopback.mode, 'loopback');
      const tally: Tally = { compared: 0, differences: [], known: [] };
      tallies.set(app, tally);
      const unexpected: string[] = [];
      for (const entry of FIDELITY_CORPUS) {
        const setup = entry.tls ? secure : plain;
        const reference = await outcome(() => setup.reference.send(entry), `reference ${entry.name}`);
        const status = statusOf(app, entry);
        if ('error' in reference || reference.status !== status) unexpected.push(`${entry.name}: ${'error' in reference ? reference.error : reference.status}`);
        for (const mode of modesOf(entry)) {
          const api = mode === 'in-process' ? setup.inProcess : mode === 'remote' ? setup.remote : plain.loopback;
          const expected = mode === 'loopback' ? await outcome(() => plain!.loopbackReference.send(entry), `reference ${entry.name} (loopback)`) : reference;
          const got = await outcome(() => sendWithTandem(api, entry, status), `${mode} ${entry.name}`);
          const { differences, known } = compareOutcomes(entry, mode, got, expected, fetchHandler && mode === 'in-process');
          tally.compared++;
          tally.differences.push(...differences);
          tally.known.push(...known);
        }
      }
      assert.deepEqual(unexpected, [], `${app}: the reference did not get the status the corpus states`);
      t.diagnostic(`${app}: ${FIDELITY_CORPUS.length} entries, ${tally.compared} comparisons, ${tally.differences.length} differences, ${tally.known.length} known differences`);
      const reasons = new Map<string, string[]>();
      for (const known of tally.known) reasons.set(known.reason, [...(reasons.get(known.reason) ?? []), `${known.entry} (${known.field})`]);
      for (const [reason, where] of reasons) {
        const shown = where.length > 3 ? `${where.slice(0, 3).join('; ')}; +${where.length - 3} more` : where.join('; ');
        t.diagnostic(`  known: ${reason}: ${where.length}× [${shown}]`);
      }
      const listing = tally.differences.map((d) => `- ${d.entry} [${d.mode}] ${d.field}\n    tandem:    ${d.tandem}\n    reference: ${d.reference}`).join('\n');
      assert.equal(tally.differences.length, 0, `${app}: ${tally.differences.length} differences from the real client:\n${listing}`);
    });
  });
}

void it('the comparison reports what differs, and allows known differences only for a fetch handler in memory', () => {
  const entry: CorpusEntry = { name: 'e', method: 'GET', target: '/echo/x', status: 200 };
  const echo = (rawHeaders: Array<[string, string]>, extra: Record<string, unknown> = {}) =>
    Buffer.from(JSON.stringify({ method: 'GET', rawUrl: '/echo/x', headers: {}, framing: { host: 'h' }, rawHeaders, ...extra }));
  const base = { status: 200, statusText: 'OK', headers: [['content-type', 'application/json'], ['content-length', '2'], ['date', 'x']] as Array<[string, string]>, body: Buffer.from('{}') };
  const fields = (a: Outcome, b: Outcome, inMemory = false) => compareOutcomes(entry, 'm', a, b, inMemory);

  assert.deepEqual(fields(base, { ...base, headers: [['Content-Type', 'application/json'], ['Content-Length', '2'], ['Date', 'y']] }).differences, []);
  const same = fields({ ...base, body: echo([['host', 'h'], ['x-a', '1'], ['x-b', '1'], ['x-b', '2']]) }, { ...base, body: echo([['x-a', '1'], ['X-B', '1'], ['x-b', '2'], ['Host', 'h']]) });
  assert.deepEqual(same.differences, [], 'names case-insensitive, order between names not compared');

  const changed = [
    fields(base, { ...base, status: 201 }),
    fields(base, { ...base, headers: [...base.headers, ['x-extra', '1']] }),
    fields({ ...base, headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2']] }, { ...base, headers: [['set-cookie', 'b=2'], ['set-cookie', 'a=1']] }),
    fields({ ...base, headers: [['connection', 'close']] }, { ...base, headers: [['connection', 'keep-alive']] }),
    fields(base, { ...base, body: Buffer.from('{ }') }),
    fields({ ...base, body: echo([['x-b', '1'], ['x-b', '2']]) }, { ...base, body: echo([['x-b', '2'], ['x-b', '1']]) }),
    fields({ ...base, body: echo([['Host', 'h']]) }, { ...base, body: echo([['Host', 'h'], ['content-length', '0']]) }),
    fields({ ...base, body: echo([], { rawUrl: '/echo/y' }) }, { ...base, body: echo([]) }),
    fields({ ...base, statusText: '' }, base),
    fields({ error: 'TANDEM_X: failed' }, base),
  ].map((c) => c.differences.map((d) => d.field).join(', '));
  assert.deepEqual(changed, ['status', 'header x-extra', 'header set-cookie', 'header connection', 'body', 'echo rawHeaders x-b', 'echo rawHeaders content-length', 'echo rawUrl', 'statusText', 'outcome']);

  const inMemory = fields({ ...base, statusText: '', headers: [['content-type', 'application/json']], body: echo([], { framing: {} }) }, { ...base, body: echo([['Host', 'h']]) }, true);
  assert.deepEqual(inMemory.differences, []);
  assert.deepEqual(inMemory.known.map((d) => d.field), ['statusText', 'header content-length', 'echo framing.host', 'echo rawHeaders host']);
  const notKnown = fields({ ...base, headers: [['content-type', 'application/json'], ['content-length', '3']] }, base, true);
  assert.deepEqual(notKnown.differences.map((d) => d.field), ['header content-length']);
  assert.deepEqual(fields({ ...base, statusText: '' }, base, false).known, []);
});

void it('fidelity summary: every app compared over the whole corpus in every mode, 0 differences', (t) => {
  let compared = 0;
  let differences = 0;
  let known = 0;
  for (const tally of tallies.values()) {
    compared += tally.compared;
    differences += tally.differences.length;
    known += tally.known.length;
  }
  const perApp = FIDELITY_CORPUS.reduce((sum, entry) => sum + modesOf(entry).length, 0);
  const line = `fidelity: corpus of ${FIDELITY_CORPUS.length} requests × ${CONTRACT_APP_NAMES.length} apps × their modes = ${compared} comparisons with a real client, ${differences} differences (${known} known fetch-handler differences, listed above)`;
  t.diagnostic(line);
  console.log(line);
  assert.ok(FIDELITY_CORPUS.length >= 80, `the corpus has only ${FIDELITY_CORPUS.length} requests`);
  assert.equal(compared, perApp * CONTRACT_APP_NAMES.length, 'not every app went through the whole corpus in every mode');
  assert.equal(differences, 0);
});
