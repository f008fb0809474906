/**
 * TLS in every mode: in-process behind an `https:` origin (or with an `https.Server` as the app) the
 * app's socket is an encrypted one, so `Secure` cookies are set and sent as behind TLS; over
 * loopback an `https.Server` is served with its own certificate, trusted for that test app only.
 * The same session test runs against each.
 */
import assert from 'node:assert/strict';
import https from 'node:https';
import { describe, test } from 'node:test';
import express from 'express';
import session from 'express-session';
import { createTestApp, type TestApp } from '../../src/index.js';
import { TLS_CERT, TLS_OPTIONS } from '../fixtures/tls/index.js';
import { rejectsWith } from '../support/rejects-with.js';

declare module 'express-session' {
  interface SessionData {
    visits: number;
  }
}

/** An Express app with a session whose cookie is `Secure`: express-session sets it only on a secure request. */
function sessionApp(): express.Express {
  const app = express();
  app.use(session({ secret: 'tls-test-secret', resave: false, saveUninitialized: false, cookie: { secure: true, httpOnly: true } }));
  app.get('/visit', (req, res) => {
    req.session.visits = (req.session.visits ?? 0) + 1;
    res.json({ visits: req.session.visits, secure: req.secure, protocol: req.protocol, encrypted: (req.socket as { encrypted?: boolean }).encrypted === true });
  });
  return app;
}

/** The test: the session cookie is set `Secure`, sent back, and the session goes on. */
async function secureSessionGoesOn(api: TestApp): Promise<void> {
  const first = await api.get('/visit').expect(200);
  assert.deepEqual(first.json, { visits: 1, secure: true, protocol: 'https', encrypted: true });
  const cookie = first.headers.get('set-cookie') ?? '';
  assert.match(cookie, /^connect\.sid=[^;]+;.*; Secure/i, `set-cookie: ${cookie}`);
  const second = await api.get('/visit').expect(200);
  assert.equal((second.json as { visits: number }).visits, 2, 'the Secure session cookie was not sent back');
}

async function using(api: TestApp, run: (api: TestApp) => Promise<void>): Promise<void> {
  try {
    await run(api);
  } finally {
    await api.close();
  }
}

void describe('a Secure session cookie, the same test in every mode', () => {
  void test("in-process behind origin: 'https://app.test'", async () => {
    const api = createTestApp(sessionApp(), { origin: 'https://app.test' });
    await using(api, async () => {
      assert.equal(api.origin, 'https://app.test');
      await secureSessionGoesOn(api);
    });
  });

  void test('in-process with an https.Server as the app', async () => {
    const api = createTestApp(https.createServer(TLS_OPTIONS, sessionApp()));
    await using(api, async () => {
      assert.equal(api.origin, 'https://localhost');
      await secureSessionGoesOn(api);
    });
  });

  void test('over loopback with an https.Server, over real TLS with its own certificate', async () => {
    const api = createTestApp(https.createServer(TLS_OPTIONS, sessionApp()), { transport: 'loopback' });
    await using(api, async () => {
      await api.ready(); // the port is known once the server listens
      assert.match(api.origin, /^https:\/\/127\.0\.0\.1:\d+$/);
      await secureSessionGoesOn(api);
    });
  });
});

void describe('without TLS the same app sets no Secure cookie, in-process as over loopback', () => {
  for (const transport of ['in-process', 'loopback'] as const) {
    void test(transport, async () => {
      const api = createTestApp(sessionApp(), { transport });
      await using(api, async () => {
        const res = await api.get('/visit').expect(200);
        assert.deepEqual(res.json, { visits: 1, secure: false, protocol: 'http', encrypted: false });
        assert.equal(res.headers.get('set-cookie'), null);
      });
    });
  }
});

void describe('a plain socket has no `encrypted` of its own, so an app (or its test) may set it, as on a net.Socket', () => {
  for (const transport of ['in-process', 'loopback'] as const) {
    void test(transport, async () => {
      const app = express();
      app.get('/', (req, res) => {
        const socket = req.socket as { encrypted?: boolean };
        const before = Object.hasOwn(socket, 'encrypted');
        socket.encrypted = true;
        res.json({ before, secure: req.secure, protocol: req.protocol });
      });
      const api = createTestApp(app, { transport });
      await using(api, async () => {
        assert.deepEqual((await api.get('/').expect(200)).json, { before: false, secure: true, protocol: 'https' });
      });
    });
  }
});

void describe('the certificate is trusted for its own test app only', () => {
  void test('another test app reaching the same server as a URL fails TLS verification, unless given the CA', async () => {
    const server = https.createServer(TLS_OPTIONS, (_req, res) => res.end('ok'));
    const api = createTestApp(server, { transport: 'loopback' });
    await using(api, async () => {
      assert.equal((await api.get('/').expect(200)).text, 'ok');
      const untrusted = createTestApp(api.origin);
      await using(untrusted, async () => {
        const error = await rejectsWith(untrusted.get('/'), 'TANDEM_CONNECTION');
        assert.match(error.message, /TLS verification failed/);
      });
      const trusted = createTestApp(api.origin, { ca: TLS_CERT });
      await using(trusted, async () => assert.equal((await trusted.get('/').expect(200)).text, 'ok'));
    });
  });
});
