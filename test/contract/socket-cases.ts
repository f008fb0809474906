/**
 * Contract cases of the connection itself: addresses, the app closing its socket, socket, request
 * and server timeouts. In-process, the in-memory socket must give what a TCP socket gives.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { createAdaptorServer } from '@hono/node-server';
import { createTestApp, type TestApp } from '../../src/index.js';
import { contractApps, IDLE_RESPONSE, PARTIAL_BODY, SECURE_COOKIE, type Echo, type ProbeReport, type SocketInfo } from '../fixtures/contract-apps/index.js';
import { TLS_CERT, TLS_OPTIONS } from '../fixtures/tls/index.js';
import { rejectsWith } from '../support/rejects-with.js';
import type { ContractCase } from './cases.js';
import { CONTRACT_TIMEOUT_MS, serveInChildProcess, type ContractTarget } from './targets.js';

const NO_SOCKET = 'a fetch handler is handed a Request, not a connection: it has no socket to report or close';
const NO_SERVER = 'a fetch handler has no http.Server of its own whose timeouts a test could set';
const OWN_PROCESS = 'the remote app runs in its own process: the case cannot set its server’s timeouts (in-process and loopback show them)';
/** What undici reports when the server closes the connection before the response is complete, over TCP as in memory. */
const CLOSED_EARLY = /closed before the response was complete \(other side closed, UND_ERR_SOCKET\)/;

const socketOnly = (target: ContractTarget) => (target.hasSocket ? undefined : NO_SOCKET);
const ownServerOnly = (target: ContractTarget) => (target.mode === 'remote' ? OWN_PROCESS : target.app === 'hono' ? NO_SERVER : undefined);

/** An upload whose body never ends. */
async function* stalledUpload(): AsyncGenerator<Uint8Array> {
  yield Buffer.from('start');
  await new Promise(() => undefined); // never resumes
}

/** The contract app of `target` on an `http.Server` the case configures, and a test app for it in the target's mode. */
function withOwnServer(target: ContractTarget, configure: (server: http.Server) => void): TestApp {
  let app: http.Server | ReturnType<typeof contractApps.fastify>;
  let server: http.Server;
  if (target.app === 'fastify') {
    app = contractApps.fastify();
    server = app.server;
  } else {
    const listener = target.app === 'koa' ? contractApps.koa().callback() : target.app === 'express' ? contractApps.express() : contractApps.plain();
    app = server = http.createServer(listener);
  }
  configure(server);
  return createTestApp(app, { transport: target.mode === 'loopback' ? 'loopback' : 'in-process', timeout: CONTRACT_TIMEOUT_MS });
}

/** The contract app of `target` as an HTTPS server. */
function httpsServerOf(target: ContractTarget): http.Server | https.Server | ReturnType<typeof contractApps.fastify> {
  if (target.app === 'fastify') return contractApps.fastify({ https: TLS_OPTIONS });
  if (target.app === 'hono') return createAdaptorServer({ fetch: contractApps.hono().fetch, createServer: https.createServer, serverOptions: TLS_OPTIONS, overrideGlobalObjects: false }) as https.Server;
  const listener = target.app === 'koa' ? contractApps.koa().callback() : target.app === 'express' ? contractApps.express() : contractApps.plain();
  return https.createServer(TLS_OPTIONS, listener);
}

/**
 * The contract app of `target` behind TLS, in the target's mode: in-process behind an `https:`
 * origin; over loopback as an `https.Server` with its own certificate; remote as its own process
 * serving HTTPS, its certificate given as `ca`. Runs `run`, then closes it all.
 */
async function behindTls(target: ContractTarget, run: (api: TestApp) => Promise<void>): Promise<void> {
  if (target.mode === 'in-process') return using(createTestApp(contractApps[target.app], { origin: 'https://app.test', timeout: CONTRACT_TIMEOUT_MS }), run);
  if (target.mode === 'loopback') return using(createTestApp(httpsServerOf(target), { transport: 'loopback', timeout: CONTRACT_TIMEOUT_MS }), run);
  const served = await serveInChildProcess(target.app, { tls: true });
  try {
    await using(createTestApp(served.url, { ca: TLS_CERT, timeout: CONTRACT_TIMEOUT_MS }), run);
  } finally {
    await served.stop();
  }
}

/** What the app sees of a client going away: Node's request and response events, or a fetch handler's `Request.signal`. */
function goneEvents(target: ContractTarget): string[] {
  return target.app === 'hono' ? ['signal:abort'] : ['aborted', 'close', 'request:close', 'response:close'];
}

/**
 * Sends `request` to probe `id`, aborts it with `abort` once the app started on it, and returns
 * the error the test got and what the app saw.
 */
async function abortProbe(api: TestApp, id: string, request: Promise<unknown>, abort: () => void): Promise<{ error: unknown; report: ProbeReport }> {
  const outcome = request.then(
    () => undefined,
    (error: unknown) => error,
  );
  const started = (await api.get(`/socket/report/${id}?until=started`)).json as ProbeReport;
  assert.equal(started.started, true, 'the app never started on the request');
  abort();
  const error = await outcome;
  const report = (await api.get(`/socket/report/${id}?until=closed`)).json as ProbeReport;
  return { error, report };
}

async function using(api: TestApp, run: (api: TestApp) => Promise<void>): Promise<void> {
  try {
    await run(api);
  } finally {
    await api.close();
  }
}

export const SOCKET_CASES: readonly ContractCase[] = [
  {
    name: 'the socket reports a loopback TCP connection: addresses, family, ports, not encrypted',
    skip: socketOnly,
    async run({ api }) {
      const info = (await api.get('/socket/info')).json as SocketInfo;
      assert.equal(info.remoteAddress, '127.0.0.1');
      assert.equal(info.remoteFamily, 'IPv4');
      assert.equal(info.remotePortIsNumber, true);
      assert.equal(info.localAddress, '127.0.0.1');
      assert.ok(Number.isInteger(info.localPort) && info.localPort! > 0, `localPort is ${String(info.localPort)}`);
      assert.deepEqual(info.address, { address: '127.0.0.1', port: info.localPort, family: 'IPv4' });
      assert.deepEqual([info.encrypted, info.secure, info.protocol], [false, false, 'http']);
    },
  },
  {
    name: 'the app destroying its socket before answering fails with TANDEM_CONNECTION, as over TCP',
    skip: socketOnly,
    async run({ api }) {
      const error = await rejectsWith(api.get('/socket/destroy'), 'TANDEM_CONNECTION');
      assert.match(error.message, CLOSED_EARLY);
      assert.equal((await api.get('/json')).status, 200); // the next request gets a fresh connection
    },
  },
  {
    name: 'the app ending its socket before answering fails with TANDEM_CONNECTION, as over TCP',
    skip: socketOnly,
    async run({ api }) {
      const error = await rejectsWith(api.get('/socket/end'), 'TANDEM_CONNECTION');
      assert.match(error.message, CLOSED_EARLY);
    },
  },
  {
    name: 'the app destroying its socket mid-response fails with TANDEM_CONNECTION after the status arrived',
    skip: socketOnly,
    async run({ api }) {
      const error = await rejectsWith(api.get('/socket/destroy-mid'), 'TANDEM_CONNECTION');
      assert.match(error.message, CLOSED_EARLY);
      assert.ok(PARTIAL_BODY.length > 0);
    },
  },
  {
    name: 'socket.setTimeout(100): the response’s timeout listener writes a raw 503 that arrives within 1 s',
    skip: socketOnly,
    async run({ api }) {
      const started = performance.now();
      const res = await api.get('/socket/idle').expect(503);
      assert.equal(res.text, IDLE_RESPONSE.slice(IDLE_RESPONSE.indexOf('\r\n\r\n') + 4));
      assert.ok(performance.now() - started < 1000, `the 503 took ${Math.round(performance.now() - started)} ms`);
    },
  },
  {
    name: 'req.setTimeout(100) calls back while the upload stalls: the app’s 503 arrives',
    skip: socketOnly,
    async run({ api }) {
      const res = await api.post('/socket/request-idle').send(stalledUpload()).expect(503);
      assert.equal(res.text, 'request idle');
    },
  },
  {
    name: 'res.setTimeout(100) calls back on an idle response: the app’s 504 arrives',
    skip: socketOnly,
    async run({ api }) {
      const res = await api.get('/socket/response-idle').expect(504);
      assert.equal(res.text, 'response idle');
    },
  },
  {
    name: 'server.setTimeout(100, callback) on the app’s server: the callback’s 503 arrives within 1 s',
    skip: ownServerOnly,
    async run({ target }) {
      const api = withOwnServer(target, (server) => server.setTimeout(100, (socket) => socket.end(IDLE_RESPONSE)));
      await using(api, async () => {
        await api.ready(); // the target's code loads with the first one built: not part of what is timed
        const started = performance.now();
        await api.get('/hang').expect(503);
        assert.ok(performance.now() - started < 1000, `the 503 took ${Math.round(performance.now() - started)} ms`);
      });
    },
  },
  {
    name: 'server.timeout = 100 with no listener closes the idle connection: TANDEM_CONNECTION',
    skip: ownServerOnly,
    async run({ target }) {
      const api = withOwnServer(target, (server) => (server.timeout = 100));
      await using(api, async () => {
        const error = await rejectsWith(api.get('/hang'), 'TANDEM_CONNECTION');
        assert.match(error.message, CLOSED_EARLY);
      });
    },
  },
  {
    name: 'server.requestTimeout answers 408 to a request whose body never ends',
    skip: ownServerOnly,
    async run({ target }) {
      const api = withOwnServer(target, (server) => {
        server.requestTimeout = 200;
        server.headersTimeout = 200; // Node checks neither while headersTimeout is above requestTimeout (createServer's options clamp it)
        (server as http.Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 50;
      });
      await using(api, async () => {
        await api.post('/echo').send(stalledUpload()).expect(408); // Node's own 408, or the framework's (Fastify answers it itself)
      });
    },
  },
  {
    name: 'behind TLS the app sees a secure request: an encrypted socket, secure, https',
    async run({ target }) {
      await behindTls(target, async (api) => {
        const info = (await api.get('/socket/info')).json as SocketInfo;
        assert.deepEqual([info.secure, info.protocol], [true, 'https']);
        if (target.hasSocket || target.mode !== 'in-process') assert.equal(info.encrypted, target.hasSocket, 'req.socket.encrypted');
        assert.ok(api.origin.startsWith('https://'), api.origin);
      });
    },
  },
  {
    name: 'behind TLS a Secure cookie is set and sent back; without TLS it is not set',
    async run({ api: plain, target }) {
      const unset = await plain.get('/socket/secure-cookie');
      assert.deepEqual(unset.json, { set: false });
      assert.equal(unset.headers.get('set-cookie'), null);
      await behindTls(target, async (api) => {
        const res = await api.get('/socket/secure-cookie');
        assert.deepEqual(res.json, { set: true });
        assert.equal(res.headers.get('set-cookie'), SECURE_COOKIE);
        const echo = (await api.get('/echo')).json as Echo;
        assert.match(echo.headers.cookie ?? '', /(^|; )secure-id=s1(;|$)/);
      });
    },
  },
  {
    name: '.abort() mid-response closes the connection: TANDEM_ABORTED for the test, the client gone for the app',
    async run({ api, target }) {
      const id = randomUUID();
      const download = api.get(`/socket/probe/${id}`);
      const { error, report } = await abortProbe(api, id, download, () => download.abort());
      assert.equal((error as { code?: string } | undefined)?.code, 'TANDEM_ABORTED', String(error));
      assert.match(String((error as Error).message), new RegExp(`GET /socket/probe/${id} was aborted by the test \\(\\.abort\\(\\)\\)`));
      assert.deepEqual(report.events, goneEvents(target));
      assert.equal((await api.get('/json')).status, 200); // the next request gets a fresh connection
    },
  },
  {
    name: '.abort() mid-request (the upload still coming) closes the connection the same way',
    async run({ api, target }) {
      const id = randomUUID();
      const upload = api.post(`/socket/probe/${id}`).send(stalledUpload());
      const { error, report } = await abortProbe(api, id, upload, () => upload.abort());
      assert.equal((error as { code?: string } | undefined)?.code, 'TANDEM_ABORTED', String(error));
      assert.deepEqual(report.events, goneEvents(target));
    },
  },
  {
    name: '.signal(s): aborting the signal aborts the request with TANDEM_ABORTED, its reason as the cause',
    async run({ api, target }) {
      const id = randomUUID();
      const controller = new AbortController();
      const reason = new Error('the user navigated away');
      const download = api.get(`/socket/probe/${id}`).signal(controller.signal);
      const { error, report } = await abortProbe(api, id, download, () => controller.abort(reason));
      assert.equal((error as { code?: string } | undefined)?.code, 'TANDEM_ABORTED', String(error));
      assert.equal((error as Error).cause, reason);
      assert.deepEqual(report.events, goneEvents(target));
    },
  },
  {
    name: 'a request aborted before it is sent is not sent: TANDEM_ABORTED, and the app never sees it',
    async run({ api }) {
      const id = randomUUID();
      const early = api.get(`/socket/probe/${id}`);
      early.abort();
      await rejectsWith(early, 'TANDEM_ABORTED');
      const aborted = AbortSignal.abort(new Error('already'));
      await rejectsWith(api.get(`/socket/probe/${id}`).signal(aborted), 'TANDEM_ABORTED');
      const report = (await api.get(`/socket/report/${id}`)).json as ProbeReport;
      assert.deepEqual(report, { started: false, events: [] });
    },
  },
  {
    name: '.abort() after the response arrived changes nothing',
    async run({ api }) {
      const request = api.get('/json');
      const res = await request;
      request.abort();
      assert.equal(res.status, 200);
      assert.equal((await api.get('/json')).status, 200);
    },
  },
];
