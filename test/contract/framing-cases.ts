/**
 * Contract cases for headers and bodies as the test sets them (framing headers, `Expect`, bodies on
 * any method), the same connection handling for every method, and any status the app sends.
 * Checked through what the app saw (the echo route) and what came back.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { TestResponse } from '../../src/index.js';
import type { Echo } from '../fixtures/contract-apps/index.js';
import { rejectsWith } from '../support/rejects-with.js';
import type { ContractCase } from './cases.js';
import type { ContractTarget } from './targets.js';

const NO_FRAMING = 'a fetch handler called in-process gets a Request, which has no framing (no connection, so no Content-Length, Transfer-Encoding or Connection of its own)';
const NO_INFORMATIONAL = 'a fetch handler answers with a Response, which cannot be a 1xx or a status outside 200–599';
const NO_GET_BODY_LOOPBACK = "the fetch handler behind @hono/node-server is handed a Request, which cannot carry a body on GET, so the adapter drops it";

const echoOf = (res: TestResponse): Echo => res.json as Echo;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const isFetchHandler = (target: ContractTarget) => target.app === 'hono';
const framingSkip = (target: ContractTarget) => (target.wire ? undefined : NO_FRAMING);
const nodeServerSkip = (target: ContractTarget) => (isFetchHandler(target) ? NO_INFORMATIONAL : undefined);

const PAYLOAD = Buffer.from('{"query":"térm","size":3}', 'utf8');

export const FRAMING_CASES: readonly ContractCase[] = [
  {
    name: 'a Transfer-Encoding: chunked the test sets frames the body chunked',
    skip: framingSkip,
    async run({ api }) {
      const echo = echoOf(await api.post('/echo/te').set('Transfer-Encoding', 'chunked').send(PAYLOAD, 'application/json'));
      assert.equal(echo.framing['transfer-encoding'], 'chunked');
      assert.equal(echo.framing['content-length'], undefined, 'a chunked request carries no Content-Length');
      assert.equal(echo.bodySha256, sha256(PAYLOAD));
      const empty = echoOf(await api.put('/echo/te-empty').set('transfer-encoding', 'chunked'));
      assert.equal(empty.framing['transfer-encoding'], 'chunked');
      assert.equal(empty.bodyLength, 0);
    },
  },
  {
    name: 'a Content-Length the test sets is sent, Content-Length: 0 on a GET too',
    skip: framingSkip,
    async run({ api }) {
      const zero = echoOf(await api.get('/echo/cl0').set('Content-Length', '0'));
      assert.equal(zero.framing['content-length'], '0');
      assert.equal(zero.bodyLength, 0);
      const own = echoOf(await api.post('/echo/cl').set('Content-Length', String(PAYLOAD.length)).send(PAYLOAD, 'application/json'));
      assert.equal(own.framing['content-length'], String(PAYLOAD.length));
      assert.equal(own.bodySha256, sha256(PAYLOAD));
      const plain = echoOf(await api.get('/echo/none'));
      assert.equal(plain.framing['content-length'], undefined, 'a GET without a body and without a Content-Length of its own has none');
    },
  },
  {
    name: 'a Content-Length that does not match the body is refused before sending, naming request and target',
    async run({ api, target }) {
      const longer = await rejectsWith(api.post('/echo/mismatch').set('Content-Length', '99').send(PAYLOAD, 'application/json'), 'TANDEM_INVALID_REQUEST');
      assert.match(longer.message, new RegExp(`POST /echo/mismatch: Content-Length: 99 does not match the body of ${PAYLOAD.length} bytes`));
      assert.ok(longer.message.includes(target.mode), `the message names the target: ${longer.message}`);
      assert.equal(longer.request?.method, 'POST');
      await rejectsWith(api.get('/echo/mismatch').set('Content-Length', '3'), 'TANDEM_INVALID_REQUEST');
      await rejectsWith(api.post('/echo/mismatch').set('Content-Length', 'ten').send('0123456789'), 'TANDEM_INVALID_REQUEST');
    },
  },
  {
    name: 'Transfer-Encoding with Content-Length is refused before sending',
    async run({ api }) {
      const error = await rejectsWith(api.post('/echo/both').set('Transfer-Encoding', 'chunked').set('Content-Length', String(PAYLOAD.length)).send(PAYLOAD), 'TANDEM_INVALID_REQUEST');
      assert.match(error.message, /POST \/echo\/both: both Transfer-Encoding and Content-Length are set/);
    },
  },
  {
    name: 'a streamed body that does not match its Content-Length fails with TANDEM_INVALID_REQUEST',
    skip: framingSkip,
    async run({ api }) {
      async function* five() {
        await new Promise<void>((resolve) => setImmediate(resolve));
        yield new Uint8Array(Buffer.from('ab'));
        yield new Uint8Array(Buffer.from('cde'));
      }
      for (const declared of ['3', '10']) {
        const error = await rejectsWith(api.post('/echo/stream-mismatch').set('Content-Length', declared).send(five()), 'TANDEM_INVALID_REQUEST');
        assert.match(error.message, /the streamed request body did not match the Content-Length/);
        const expecting = api.put('/echo/stream-mismatch').set('Content-Length', declared).set('Expect', '100-continue').send(five());
        await rejectsWith(expecting, 'TANDEM_INVALID_REQUEST');
      }
      assert.equal((await api.get('/json')).status, 200, 'the next request gets a connection that works');
    },
  },
  {
    name: 'Expect: 100-continue is sent, and the body follows the 100',
    async run({ api }) {
      const echo = echoOf(await api.post('/echo/expect').set('Expect', '100-continue').send(PAYLOAD, 'application/json'));
      assert.equal(echo.headers.expect, '100-continue');
      assert.equal(echo.method, 'POST');
      assert.equal(echo.bodySha256, sha256(PAYLOAD));
      const streamed = echoOf(
        await api
          .put('/echo/expect-stream')
          .set('Expect', '100-continue')
          .send(
            (async function* () {
              await new Promise<void>((resolve) => setImmediate(resolve)); // each part leaves on its own
              yield new Uint8Array(PAYLOAD.subarray(0, 5));
              yield new Uint8Array(PAYLOAD.subarray(5));
            })(),
            'application/json',
          ),
      );
      assert.equal(streamed.bodySha256, sha256(PAYLOAD));
    },
  },
  {
    name: 'a body on GET reaches the app, as HTTP allows',
    skip: (target) => (target.app === 'hono' && target.mode !== 'in-process' ? NO_GET_BODY_LOOPBACK : undefined),
    async run({ api, target }) {
      const request = api.get('/echo/search').send(PAYLOAD, 'application/json');
      if (isFetchHandler(target)) {
        // In-process a fetch handler is called with a Request, which the fetch standard forbids a GET body.
        const error = await rejectsWith(request, 'TANDEM_INVALID_REQUEST');
        assert.match(error.message, /GET \/echo\/search: a fetch handler is handed a Request, which cannot carry a body on GET/);
        return;
      }
      const echo = echoOf(await request);
      assert.equal(echo.method, 'GET');
      assert.equal(echo.bodySha256, sha256(PAYLOAD));
      assert.equal(echo.headers['content-type'], 'application/json');
      assert.equal(echo.framing['content-length'], String(PAYLOAD.length));
      // The connection stays usable after a GET with a body.
      assert.equal(echoOf(await api.get('/echo/after')).bodyLength, 0);
    },
  },
  {
    name: 'a body on DELETE and OPTIONS reaches the app',
    async run({ api }) {
      for (const method of ['DELETE', 'OPTIONS']) {
        const echo = echoOf(await api.request(method, '/echo/body').send(PAYLOAD, 'application/json'));
        assert.equal(echo.method, method);
        assert.equal(echo.bodySha256, sha256(PAYLOAD), `${method} body`);
      }
    },
  },
  {
    name: 'HEAD keeps the connection alive as GET does',
    skip: framingSkip,
    async run({ api }) {
      assert.equal(echoOf(await api.get('/echo/conn')).framing.connection, 'keep-alive');
      const get = await api.get('/json');
      const head = await api.head('/json');
      assert.equal(head.status, 200);
      // Node's server answers a request's Connection: keep-alive with keep-alive, close with close.
      assert.equal(head.headers.get('connection'), get.headers.get('connection'));
      assert.equal(head.headers.get('connection'), 'keep-alive');
      const withBody = await api.get('/echo/conn').send('x');
      assert.equal(withBody.headers.get('connection'), 'keep-alive');
    },
  },
  {
    name: 'a Connection: close the test sets is sent',
    skip: framingSkip,
    async run({ api }) {
      const res = await api.get('/echo/close').set('Connection', 'close');
      assert.equal(echoOf(res).framing.connection, 'close');
      assert.equal(res.headers.get('connection'), 'close');
      assert.equal((await api.get('/json')).status, 200, 'the next request gets a new connection');
    },
  },
  {
    name: '1xx informational responses (102, 103) are passed over: the test gets the final response',
    skip: nodeServerSkip,
    async run({ api }) {
      const res = await api.get('/informational').expect(200);
      assert.deepEqual(res.json, { informational: true });
      assert.equal(res.headers.get('link'), null, "the 103's headers are not the final response's");
    },
  },
  {
    name: 'a status outside 100–599 (799) is readable and .expect(799) / .expect("7xx") admit it',
    skip: nodeServerSkip,
    async run({ api }) {
      const res = await api.get('/raw-status/799').expect(799);
      assert.equal(res.status, 799);
      assert.deepEqual(res.json, { status: 799 });
      await api.get('/raw-status/799').expect('7xx');
      const error = await rejectsWith(api.get('/raw-status/799'), 'TANDEM_UNEXPECTED_STATUS');
      assert.equal(error.response?.status, 799);
    },
  },
  {
    name: 'a 101 to a request that asked for no upgrade is read as Node\'s client reads it: a response without a body',
    skip: nodeServerSkip,
    async run({ api }) {
      const res = await api.get('/raw-status/101').expect(101);
      assert.equal(res.status, 101);
      assert.equal(res.headers.get('upgrade'), null);
      assert.equal(res.body.byteLength, 0);
      assert.equal((await api.get('/json')).status, 200, 'the next request gets a new connection');
    },
  },
  {
    name: 'a 101 switching to a protocol the request did not ask for fails with TANDEM_CONNECTION saying so',
    skip: nodeServerSkip,
    async run({ api }) {
      const error = await rejectsWith(api.get('/raw-status/101?upgrade=surprise'), 'TANDEM_CONNECTION');
      assert.match(error.message, /101 Switching Protocols to a request that asked for no upgrade/);
      assert.equal((await api.get('/json')).status, 200, 'the next request gets a new connection');
    },
  },
  {
    name: 'trailers after a chunked body are not headers of the response',
    skip: nodeServerSkip,
    async run({ api }) {
      const res = await api.get('/raw-status/200?trailer=abc').expect(200);
      assert.deepEqual(res.json, { status: 200 });
      assert.equal(res.headers.get('trailer'), 'x-checksum');
      assert.equal(res.headers.get('x-checksum'), null);
    },
  },
  {
    name: 'a 304 announcing a Content-Length it has no body for fails with TANDEM_CONNECTION, as undici refuses it',
    skip: nodeServerSkip,
    async run({ api }) {
      const error = await rejectsWith(api.get('/raw-status/304?length=10'), 'TANDEM_CONNECTION');
      assert.match(error.message, /UND_ERR_RES_CONTENT_LENGTH_MISMATCH/);
      assert.equal((await api.get('/json')).status, 200, 'the next request gets a new connection');
    },
  },
  {
    name: 'a 101 to a request that asked to upgrade is the response the test gets',
    skip: nodeServerSkip,
    async run({ api }) {
      const res = await api.get('/raw-status/101').set('Connection', 'upgrade').set('Upgrade', 'tandem-test').expect(101);
      assert.equal(res.status, 101);
      assert.equal(res.headers.get('upgrade'), 'tandem-test');
      assert.equal(res.body.byteLength, 0);
      assert.equal((await api.get('/json')).status, 200, 'the next request gets a new connection');
    },
  },
];
