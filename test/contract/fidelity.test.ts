/**
 * Fidelity check: every request of the corpus goes to each app in-process and over a real socket
 * (the loopback transport); status, headers (but Date, Connection, Keep-Alive) and body bytes must
 * be identical. The in-process test app is given the loopback origin, so both carry the same Host.
 *
 * Known differences, for the fetch handler (Hono) only, where the wire adds what a `Request` and a
 * `Response` passed in memory do not have (@hono/node-server sits between app and socket):
 * - response framing: Content-Length or Transfer-Encoding, written by the server adapter;
 * - Content-Type `text/plain; charset=UTF-8`, which the adapter adds to responses that set none (204, 304);
 * - the reason phrase (statusText): a fetch handler's Response has none, Node writes the standard one;
 * - request framing seen by the app (Host, Content-Length, Transfer-Encoding): a `Request` built
 *   in-process carries none of them, so the echo's `framing` field differs;
 * - through `api.fetch`, the default request headers the platform fetch sends on a socket
 *   (Accept: *\/*, User-Agent: node): a `Request` handed to the handler in memory has none.
 * Each is matched narrowly (only that header, only absent in-process); anything else counts as a difference.
 * A Node handler runs behind Node's own HTTP server in both modes, and is allowed no difference at all.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../src/index.js';
import { CONTRACT_APP_NAMES, contractApps, type ContractAppName } from '../fixtures/contract-apps/index.js';
import { FIDELITY_CORPUS, type Observed } from './fidelity-corpus.js';

const IGNORED_HEADERS = new Set(['date', 'connection', 'keep-alive']);
const FETCH_HANDLER_APPS = new Set<ContractAppName>(['hono']);

const KNOWN = {
  framing: 'response framing (Content-Length / Transfer-Encoding) is written by the server adapter on the wire; a Response in memory has none',
  defaultType: '@hono/node-server adds Content-Type "text/plain; charset=UTF-8" on the wire to a response that sets none',
  reason: 'a fetch handler Response has an empty statusText; Node writes the standard reason phrase on the wire',
  requestFraming: 'the app sees request framing (Host, Content-Length, Transfer-Encoding) only on the wire; a Request passed in memory has none',
  fetchDefaults: 'api.fetch: the platform fetch adds its default request headers (Accept, User-Agent) on the way to a socket; a Request handed to the handler in memory has none',
} as const;

/** Request headers the platform fetch (undici) adds when it sends over a connection, as the echo reports them. */
const FETCH_DEFAULT_HEADERS: Record<string, string> = { accept: '*/*', 'user-agent': 'node' };

interface Difference {
  entry: string;
  what: string;
  inProcess: string;
  wire: string;
}

interface Tally {
  compared: number;
  differences: Difference[];
  known: Array<Difference & { reason: string }>;
}

function headerMap(headers: Array<[string, string]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (IGNORED_HEADERS.has(name)) continue;
    map.set(name, [...(map.get(name) ?? []), value]);
  }
  return map;
}

interface EchoBody {
  framing: Record<string, string>;
  headers: Record<string, string>;
  bodySha256: string;
}

function parseEcho(body: Uint8Array): EchoBody | undefined {
  try {
    const echo = JSON.parse(Buffer.from(body).toString('utf8')) as Partial<EchoBody> | null;
    return echo && typeof echo.framing === 'object' && typeof echo.headers === 'object' && typeof echo.bodySha256 === 'string' ? (echo as EchoBody) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why two echoes of a fetch handler differ, when they differ only in what the wire adds: the
 * request framing, and (for `api.fetch`) the default headers the platform fetch sends on a socket.
 */
function echoDifferenceReason(inProcess: Uint8Array, wire: Uint8Array): string | undefined {
  const a = parseEcho(inProcess);
  const b = parseEcho(wire);
  if (!a || !b || Object.keys(a.framing).length > 0) return undefined;
  const reasons: string[] = [KNOWN.requestFraming];
  const wireHeaders = { ...b.headers };
  for (const [name, value] of Object.entries(FETCH_DEFAULT_HEADERS)) {
    if (!(name in a.headers) && wireHeaders[name] === value) {
      delete wireHeaders[name];
      if (!reasons.includes(KNOWN.fetchDefaults)) reasons.push(KNOWN.fetchDefaults);
    }
  }
  const same = JSON.stringify({ ...a, framing: {} }) === JSON.stringify({ ...b, framing: {}, headers: wireHeaders });
  return same ? reasons.join(' + ') : undefined;
}

/** The reason a difference is a known one for a fetch handler, or undefined when it is a real difference. */
function knownReason(what: string, inProcess: Observed, wire: Observed, inValue: string[] | undefined, wireValue: string[] | undefined): string | undefined {
  if (what === 'statusText' && inProcess.statusText === '') return KNOWN.reason;
  if ((what === 'header content-length' || what === 'header transfer-encoding') && inValue === undefined) return KNOWN.framing;
  if (what === 'header content-type' && inValue === undefined && wireValue?.length === 1 && wireValue[0] === 'text/plain; charset=UTF-8') return KNOWN.defaultType;
  if (what === 'body') return echoDifferenceReason(inProcess.body, wire.body);
  return undefined;
}

function compare(entry: string, inProcess: Observed, wire: Observed, fetchHandler: boolean, tally: Tally): void {
  tally.compared++;
  const report = (what: string, a: string, b: string, inValue?: string[], wireValue?: string[]) => {
    const reason = fetchHandler ? knownReason(what, inProcess, wire, inValue, wireValue) : undefined;
    const difference = { entry, what, inProcess: a, wire: b };
    if (reason) tally.known.push({ ...difference, reason });
    else tally.differences.push(difference);
  };
  if (inProcess.status !== wire.status) report('status', String(inProcess.status), String(wire.status));
  if (inProcess.statusText !== wire.statusText) report('statusText', JSON.stringify(inProcess.statusText), JSON.stringify(wire.statusText));
  const inHeaders = headerMap(inProcess.headers);
  const wireHeaders = headerMap(wire.headers);
  for (const name of new Set([...inHeaders.keys(), ...wireHeaders.keys()])) {
    const a = inHeaders.get(name);
    const b = wireHeaders.get(name);
    if (JSON.stringify(a) !== JSON.stringify(b)) report(`header ${name}`, JSON.stringify(a ?? null), JSON.stringify(b ?? null), a, b);
  }
  if (!Buffer.from(inProcess.body).equals(Buffer.from(wire.body))) {
    const excerpt = (body: Uint8Array) => `${body.byteLength} bytes: ${JSON.stringify(Buffer.from(body).subarray(0, 300).toString('utf8'))}`;
    report('body', excerpt(inProcess.body), excerpt(wire.body));
  }
}

const tallies = new Map<ContractAppName, Tally>();

for (const app of CONTRACT_APP_NAMES) {
  const fetchHandler = FETCH_HANDLER_APPS.has(app);
  void describe(`fidelity: ${app}, in-process vs loopback`, () => {
    let wire: TestApp | undefined;
    let inProcess: TestApp | undefined;

    before(async () => {
      wire = createTestApp(contractApps[app], { transport: 'loopback', timeout: 15_000 });
      await wire.ready();
      inProcess = createTestApp(contractApps[app], { origin: wire.origin, timeout: 15_000, runId: wire.runId }); // one run id: the same X-Tandem-Run
      await inProcess.ready();
    });

    after(async () => {
      await inProcess?.close();
      await wire?.close();
    });

    void it(`answers ${FIDELITY_CORPUS.length} requests identically in both modes`, async (t) => {
      assert.ok(inProcess && wire, 'the test apps did not start');
      assert.equal(inProcess.mode, 'in-process');
      assert.equal(wire.mode, 'loopback');
      const tally: Tally = { compared: 0, differences: [], known: [] };
      tallies.set(app, tally);
      for (const entry of FIDELITY_CORPUS) {
        const a = await entry.send(inProcess);
        const b = await entry.send(wire);
        compare(entry.name, a, b, fetchHandler, tally);
      }
      t.diagnostic(`${app}: corpus ${tally.compared} requests, ${tally.differences.length} differences, ${tally.known.length} known differences`);
      const reasons = new Map<string, string[]>();
      for (const known of tally.known) reasons.set(known.reason, [...(reasons.get(known.reason) ?? []), `${known.entry} (${known.what})`]);
      for (const [reason, where] of reasons) {
        const shown = where.length > 4 ? `${where.slice(0, 4).join('; ')}; +${where.length - 4} more` : where.join('; ');
        t.diagnostic(`  known: ${reason}: ${where.length}× [${shown}]`);
      }
      const listing = tally.differences.map((d) => `- ${d.entry}: ${d.what}\n    in-process: ${d.inProcess}\n    loopback:   ${d.wire}`).join('\n');
      assert.equal(tally.differences.length, 0, `${app}: ${tally.differences.length} differences between in-process and loopback:\n${listing}`);
      assert.equal(tally.compared, FIDELITY_CORPUS.length);
      if (!fetchHandler) assert.equal(tally.known.length, 0, 'a Node handler is allowed no known difference');
    });
  });
}

void it('the comparison reports what differs, and allows known differences only for a fetch handler', () => {
  const base: Observed = { status: 200, statusText: 'OK', headers: [['content-type', 'application/json'], ['content-length', '2'], ['date', 'x']], body: Buffer.from('{}') };
  const same: Tally = { compared: 0, differences: [], known: [] };
  compare('same', base, { ...base, headers: [['Content-Type', 'application/json'], ['content-length', '2'], ['date', 'y'], ['connection', 'close']] }, false, same);
  assert.deepEqual(same.differences, []);

  const changed: Tally = { compared: 0, differences: [], known: [] };
  compare('status', base, { ...base, status: 201 }, false, changed);
  compare('header', base, { ...base, headers: [...base.headers, ['x-extra', '1']] }, false, changed);
  compare('cookie order', { ...base, headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2']] }, { ...base, headers: [['set-cookie', 'b=2'], ['set-cookie', 'a=1']] }, false, changed);
  compare('body', base, { ...base, body: Buffer.from('{ }') }, false, changed);
  compare('framing on a node handler', { ...base, headers: [['content-type', 'application/json']] }, base, false, changed);
  compare('reason phrase on a node handler', { ...base, statusText: '' }, base, false, changed);
  assert.deepEqual(
    changed.differences.map((d) => `${d.entry}: ${d.what}`),
    ['status: status', 'header: header x-extra', 'cookie order: header set-cookie', 'body: body', 'framing on a node handler: header content-length', 'reason phrase on a node handler: statusText'],
  );

  const fetchHandler: Tally = { compared: 0, differences: [], known: [] };
  compare('framing', { ...base, statusText: '', headers: [['content-type', 'application/json']] }, base, true, fetchHandler);
  compare('other header', base, { ...base, headers: [...base.headers, ['x-extra', '1']] }, true, fetchHandler);
  compare('content-length changed', base, { ...base, headers: [['content-type', 'application/json'], ['content-length', '3']] }, true, fetchHandler);
  assert.deepEqual(
    fetchHandler.known.map((d) => d.what),
    ['statusText', 'header content-length'],
  );
  assert.deepEqual(
    fetchHandler.differences.map((d) => `${d.entry}: ${d.what}`),
    ['other header: header x-extra', 'content-length changed: header content-length'],
  );
});

void it('fidelity summary: every app compared over the whole corpus, 0 differences', (t) => {
  let compared = 0;
  let differences = 0;
  let known = 0;
  for (const tally of tallies.values()) {
    compared += tally.compared;
    differences += tally.differences.length;
    known += tally.known.length;
  }
  const line = `fidelity: corpus of ${FIDELITY_CORPUS.length} requests × ${CONTRACT_APP_NAMES.length} apps = ${compared} comparisons, ${differences} differences (${known} known fetch-handler differences, listed above)`;
  t.diagnostic(line);
  console.log(line);
  assert.ok(FIDELITY_CORPUS.length >= 30, `the corpus has only ${FIDELITY_CORPUS.length} requests`);
  assert.equal(compared, FIDELITY_CORPUS.length * CONTRACT_APP_NAMES.length, 'not every app went through the whole corpus');
  assert.equal(differences, 0);
});
